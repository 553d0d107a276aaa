"""Stage: the agencies named in every unit (one recognizer pass a unit, offsets in the text)."""
from __future__ import annotations

import re
from collections import Counter

from extraction.agencies import find_agencies, places
from extraction.textnorm import UPPER
from extraction.wordlists import agency_words, lexicon
from extraction.document import NoticeDoc


def home_place(text: str) -> str | None:
    """The province or city a notice is about: the one it names most after "tỉnh"/"thành phố"."""
    names = "|".join(re.escape(p) for p in sorted(places(), key=len, reverse=True))
    counts = Counter(m.group(1) for m in re.finditer(rf"(?:tỉnh|thành phố|Thành phố|TP\.?)\s+({names})\b", text))
    return counts.most_common(1)[0][0] if counts else None


def partner_place(text: str) -> str | None:
    """The province or city a working visit was with ("... làm việc với lãnh đạo tỉnh Sơn La"):
    its tasks that name nobody are that province's."""
    names = "|".join(re.escape(p) for p in sorted(places(), key=len, reverse=True))
    head = text[:1500]
    found = re.search(rf"làm việc với\s+(?:lãnh đạo|Ban Thường vụ|Thường trực|thường trực)?\s*(?:Tỉnh ủy\s+)?"
                      rf"(?:tỉnh|thành phố|Thành phố)\s+({names})\b", head, re.IGNORECASE)
    if not found:
        return None
    place = next(p for p in places() if p.lower() == found.group(1).lower())
    return f"Thành phố {place}" if place in agency_words()["cities"] else f"Tỉnh {place}"


def local_aliases(text: str) -> dict[str, str]:
    """Abbreviations a notice defines for itself: "Cục Du lịch Quốc gia Việt Nam (Cục DLQGVN)",
    "Ban Chỉ đạo ... (sau đây gọi tắt là Ban Chỉ đạo)" -> short form: full name."""
    aliases = {}
    for found in re.finditer(r"(?P<full>(?:[{0}][\w]*(?:\s+|,\s+|\s+-\s+|\s+và\s+)){{1,14}}[\w]+)\s*\("
                             r"(?:sau đây (?:gọi|viết)(?: tắt)?(?: là)?\s*)?(?P<short>[^()]{{2,40}}?)\)".format(UPPER), text):
        short, full = found.group("short").strip(" ;,"), found.group("full")
        mentions = find_agencies(full)
        if mentions and mentions[-1].end == len(full) and re.search(r"[A-ZĐ]{2}|^[A-ZĐ]", short):
            aliases[short] = full[mentions[-1].start:]
    return aliases


_ROLE_NAMED = re.compile(r"\(\s*(?P<role>chủ đầu tư|cơ quan chủ trì|đơn vị chủ trì|cơ quan thường trực|cơ quan đầu mối)\s*\)",
                         re.IGNORECASE)


def defined_roles(doc: NoticeDoc) -> dict[str, str]:
    """The role a notice gives one body in brackets after its name ("Giao Ban Quản lý dự án ...
    (chủ đầu tư) khẩn trương ...") -> that body, so a later "Chủ đầu tư chỉ đạo nhà thầu ..." is
    it; a role given to two bodies names neither."""
    bodies: dict[str, set[str]] = {}
    for index, unit in enumerate(doc.units):
        for found in _ROLE_NAMED.finditer(doc.text, unit.body_start, unit.end):
            before = [m for m in doc.unit_mentions[index] if m.end <= found.start() and m.label == "BODY"
                      and re.fullmatch(r"\s*(?:tỉnh|thành phố|Thành phố)?\s*", doc.text[m.end:found.start()])]
            if before:
                bodies.setdefault(found.group("role").lower(), set()).update(before[-1].names)
    return {role: names.pop() for role, names in bodies.items() if len(names) == 1}


_RECIPIENTS = re.compile(r"^\W*(?:Kính gửi|[^\W\d_][^:]{0,40}?\s+điện)\s*:", re.IGNORECASE)


def recipients(doc: NoticeDoc) -> tuple[list[str], set[int]]:
    """Who a letter or dispatch is addressed to ("Kính gửi: ...", "THỦ TƯỚNG CHÍNH PHỦ điện:" and
    the "- X;" lines under it), and those units; no one for a plan or report they are sent to."""
    names: list[str] = []
    units: set[int] = set()
    for index, unit in enumerate(doc.units[:60]):
        found = _RECIPIENTS.match(unit.body(doc.text))
        if not found:
            continue
        after = unit.body_start + found.end()
        names += [n for m in doc.unit_mentions[index] if m.start >= after for n in m.names]
        units.add(index)
        for following in range(index + 1, len(doc.units)):
            if doc.units[following].kind not in ("dash", "plus", "bullet", "star"):
                break
            names += [n for m in doc.unit_mentions[following] for n in m.names]
            units.add(following)
        break
    if (doc.meta.doc_type or "").lower() in lexicon()["submitted_types"]:
        names = []  # a plan or report "Kính gửi: HĐND tỉnh" is submitted to them, not assigned
    return names, units


def find_mentions(doc: NoticeDoc) -> NoticeDoc:
    """doc.unit_mentions[i]: the mentions of unit i's body (none in the trailer)."""
    doc.unit_mentions = []
    doc.home = home_place(doc.text)
    doc.partner = partner_place(doc.text)
    doc.aliases = local_aliases(doc.text)
    for unit, node in zip(doc.units, doc.unit_nodes):
        if node.kind == "trailer":
            doc.unit_mentions.append([])
            continue
        offset = unit.body_start
        doc.unit_mentions.append([m.shifted(-offset) for m in find_agencies(doc.text[offset:unit.end])])
    doc.recipients, doc.recipient_units = recipients(doc)
    doc.roles_named = defined_roles(doc)
    doc.full_names = full_names(doc)
    return doc


def full_names(doc: NoticeDoc) -> dict[str, str]:
    """For a head named alone ("Văn phòng nghiên cứu ..."), the body of that head the notice
    names most often in full ("Văn phòng Đoàn ĐBQH và HĐND Thành phố")."""
    counts: dict[str, Counter] = {}
    for mentions in doc.unit_mentions:
        for mention in mentions:
            for name in mention.names:
                words = name.split()
                for size in (1, 2):
                    if len(words) > size:
                        counts.setdefault(" ".join(words[:size]), Counter())[name] += 1
    return {head: names.most_common(1)[0][0] for head, names in counts.items()}
