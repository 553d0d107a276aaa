"""Agency names: find them where a notice names who must act, and map their variants to one
canonical name through an editable registry (extraction/data/agencies.tsv)."""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from extraction.lexicon import ACTION_PHRASES, ADVERBS
from extraction.textnorm import match_key, nfc, normalize_tones

DATA = Path(__file__).parent / "data"

# Nouns that open an agency name. Those in _NEEDS_CAPITAL are also ordinary words ("Ban hành",
# "Phòng chống"), so they count only before a capitalised word ("Ban Quản lý", "Sở Y tế").
HEADS = (
    "Ủy ban nhân dân", "UBND", "HĐND", "Hội đồng nhân dân", "Ủy ban", "Văn phòng", "Phòng", "Sở",
    "Bộ trưởng", "Bộ Tư lệnh", "Bộ Chỉ huy", "Bộ", "Ban Chỉ huy", "Ban Chỉ đạo", "Ban Quản lý",
    "Ban", "Trung tâm", "Chi cục", "Tổng cục", "Cục", "Hạt", "Công an", "Thủ trưởng",
    "Phó Chủ tịch", "Chủ tịch", "Giám đốc", "Chánh Văn phòng", "Chánh Thanh tra", "Trưởng ban",
    "Trưởng Ban", "Trưởng phòng", "Tập đoàn", "Tổng công ty", "Công ty", "Ngân hàng", "Kho bạc",
    "Đài", "Báo", "Viện", "Trường", "Bệnh viện", "Hội", "Liên đoàn", "Liên minh", "Đoàn",
    "Mặt trận", "Thanh tra", "Kiểm toán", "Tòa án", "Viện kiểm sát", "Đảng ủy", "Đảng đoàn",
    "Ban cán sự", "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Cơ quan", "Lãnh đạo", "Thường trực",
    "Chi nhánh", "Đội", "Quỹ", "Học viện", "Đại học", "Bảo hiểm xã hội", "Hải quan", "Quân khu",
    "Tỉnh đoàn", "Thành đoàn", "Hiệp hội", "Tổ công tác", "Thành viên", "Người đứng đầu",
    "Thủ tướng", "Phó Thủ tướng", "Chính phủ", "Chủ đầu tư", "Nhà đầu tư", "Bí thư", "Đồng chí",
    "Cảnh sát", "Bộ đội", "Điện lực", "Chi cục Thuế", "Thuế", "Kiểm lâm",
)
_NEEDS_CAPITAL = {"Ban", "Bộ", "Sở", "Phòng", "Hội", "Đội", "Báo", "Đài", "Viện", "Trường", "Cục",
                  "Hạt", "Quỹ", "Đoàn", "Thuế", "Ủy ban", "Cơ quan", "Đồng chí", "Lãnh đạo"}
# "các X" is an agency when X is one of these ("các cơ quan, đơn vị", "các Bộ, ngành").
GENERIC = ("cơ quan", "đơn vị", "bộ", "ngành", "sở", "địa phương", "xã", "phường", "tỉnh",
           "thành phố", "huyện", "doanh nghiệp", "chủ đầu tư", "tổ chức", "ban", "phòng", "tập đoàn",
           "tổng công ty", "ngân hàng", "thành viên", "đồng chí", "hội", "đoàn thể", "lực lượng",
           "trường", "nhà thầu", "cấp", "hiệp hội", "trung tâm", "chi cục", "cục", "đài", "báo",
           "công ty", "bộ, ngành", "nhà đầu tư", "thủ trưởng", "chủ tịch", "đảng ủy", "ủy ban",
           "thôn", "bản", "tổ dân phố", "thành ủy", "tỉnh ủy", "huyện ủy", "đảng ủy", "hợp tác xã", "cơ sở", "chi bộ")
_HEAD_RE = re.compile(
    r"(?:(?P<cac>[Cc]ác|[Mm]ọi|[Tt]oàn thể)\s+(?P<gen>" + "|".join(map(re.escape, sorted(GENERIC, key=len, reverse=True))) + r")\b)"
    r"|(?P<head>" + "|".join(map(re.escape, sorted(HEADS, key=len, reverse=True))) + r")(?=[\s,:;.]|$)(?P<next>\s+\S)?",
    re.IGNORECASE,
)
_STOPS = tuple(sorted({*ACTION_PHRASES, *(a.rstrip(",") for a in ADVERBS), "theo", "có", "là",
                       "được", "đã", "đang", "sẽ", "thì", "để", "cùng", "căn cứ", "trong", "tại", "trân trọng", "xin",
                       "trên cơ sở",
                       "về", "khi", "nếu", "không", "bị", "do", "chưa"}, key=len, reverse=True))
_LOCALITY_TAIL = re.compile(r"(?<!UBND)(?<!HĐND)\s+(?:thành phố|tỉnh|huyện|quận|thị xã|thị trấn|xã|phường)$")
_LOCALITY = re.compile(r"^(?P<prefix>.*?\b(?:tỉnh|thành phố|huyện|xã|phường|quận)\s+)[A-ZĐÀ-Ỹ]")
_POSITIONS = ("Bộ trưởng", "Giám đốc", "Thủ trưởng", "Chủ tịch", "Người đứng đầu", "Lãnh đạo")
_PROTECTED = ("có liên quan", "chủ đầu tư", "nhà đầu tư", "đầu tư xây dựng", "phát triển quỹ", "nhà thầu")
_LIST_EXPAND = re.compile(
    r"^(?P<lead>.*?)(?:các\s+)?(?P<unit>Bộ|bộ|Sở|sở|tỉnh|thành phố|tỉnh, thành phố|xã|phường|huyện)\s*:\s*(?P<names>.+)$")


def is_agency_start(text: str) -> bool:
    """Whether text opens with an agency name ("Sở Y tế ...", "các cơ quan ...", "UBND ...")."""
    found = _HEAD_RE.match(text)
    if not found:
        return False
    if found.group("cac"):
        return True
    head = found.group("head")
    canonical_head = next((h for h in HEADS if h.lower() == head.lower()), head)
    if not head[0].isupper() and head not in ("UBND", "HĐND"):
        return False
    if canonical_head in _NEEDS_CAPITAL:
        nxt = found.group("next")
        after = text[found.end("head"):].lstrip()
        return bool(nxt) and (nxt.strip()[0].isupper() or nxt.strip()[0].isdigit()
                              or bool(re.match(r"(?:tỉnh|thành phố|huyện|quận|thị xã|khu vực)\b", after)))
    return True


def _starts_with(text: str, phrases: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(low.startswith(p := phrase.lower()) and (len(low) == len(p) or not low[len(p)].isalnum()) for phrase in phrases)


def _word_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def _opens_compound(word: str, before: str) -> bool:
    """A capitalised word after a lowercase one opens a compound whose next syllable belongs to
    the name ("và Đào tạo"); after another capital it is a proper name ("San Thàng") and ends."""
    return word[:1].isupper() and not word.isupper() and before[:1].islower()


def subject_length(text: str) -> int:
    """Length of the agency list that opens text, ending before the verb; 0 when none.

    "Sở Xây dựng chủ trì, phối hợp ..." -> len("Sở Xây dựng"). A lowercase word that opens an
    action or adverb ends the list; capitalised words belong to names ("Bộ Xây dựng").
    """
    if not is_agency_start(text):
        return 0
    words = _word_spans(text)
    end = 0
    index = 0
    in_name_words = 0
    name_min = 2  # the word after a head noun always belongs to the name ("Sở Xây dựng")
    named_list = False  # after "các Bộ:" capitalised names continue the list ("Xây dựng, Công Thương")
    while index < len(words):
        start, stop = words[index]
        word = text[start:stop]
        rest = text[start:]
        previous = text[words[index - 1][0]:start] if index else ""
        after_capital = index >= 2 and in_name_words > 0 and name_min == 2 and _opens_compound(
            text[words[index - 1][0]:words[index - 1][1]], text[words[index - 2][0]:words[index - 2][1]])
        if in_name_words >= name_min and word[0].islower() and not after_capital and _starts_with(rest, _STOPS) \
                and not _starts_with(previous + rest, _PROTECTED) and not _starts_with(rest, _PROTECTED):
            break
        if word.startswith(("(", "[")) and in_name_words:
            break
        end = stop
        in_name_words += 1
        if word.endswith(":"):
            if re.search(r"(?:các|Các)\s+(?:Bộ|bộ|Sở|sở|tỉnh|thành phố|tỉnh, thành phố|xã|phường|huyện):$", text[:stop]):
                index += 1  # "Bộ trưởng các Bộ: Quốc phòng, Công an ..." lists the names next
                in_name_words, name_min, named_list = 0, 1, True
                continue
            end = stop - 1
            break
        if word.endswith((",", ";")) or (index + 1 < len(words) and text[words[index + 1][0]:].startswith("và ")):
            following = text[stop:].lstrip(" ,")
            joined_by_and = following.startswith("và ")
            if joined_by_and:
                following = following[3:]
                index += 1
            if joined_by_and and following[:1].isupper() and not is_agency_start(following):
                index += 1  # "Giáo dục và Đào tạo": a capitalised word after "và" continues the name
                continue
            if is_agency_start(following):
                in_name_words, name_min, named_list = 0, 2, False
            elif following[:1].isupper() and (named_list or _LOCALITY.search(text[:stop])):
                in_name_words, name_min = 0, 1
            elif not _starts_with(following, GENERIC):
                end = stop - 1 if word.endswith((",", ";")) else stop
                break
        index += 1
        if in_name_words > 14:
            break
    return end if in_name_words else 0


def _merge_lowercase(names: list[str]) -> list[str]:
    """Glue "ngành có liên quan" back onto "các Bộ" (a lowercase piece continues the one before)."""
    out: list[str] = []
    for name in names:
        if out and name[:1].islower() and not name.startswith("các "):
            out[-1] += ", " + name
        elif name:
            out.append(name)
    return out


def _split_known(unit: str, name: str) -> list[str]:
    """"Tài chính và Xây dựng" -> two names when both are known ministries; else one name."""
    halves = re.split(r"\s+và\s+", name)
    if len(halves) == 2 and not registry().known(f"{unit} {name}") \
            and all(registry().known(f"{unit} {h}") for h in halves):
        return halves
    return [name]


def split_agency_list(text: str) -> list[str]:
    """Split a list of agencies as written into names, expanding "các Bộ: A, B và C"."""
    text = nfc(text).strip(" ,;:.-")
    expanded = _LIST_EXPAND.match(text)
    lead = expanded.group("lead").strip(" ,") if expanded else ""
    if expanded and (not lead or _starts_with(lead, _POSITIONS) or _starts_with(lead, ("UBND", "Ủy ban nhân dân"))):
        unit = expanded.group("unit").split(",")[0]
        names = _merge_lowercase(re.split(r"\s*[,;]\s*", expanded.group("names").strip(" .;")))
        if unit.lower() in ("bộ", "sở"):
            unit = unit.capitalize()
            out = []
            for name in names:
                head, *tail = re.split(r"\s+và\s+(?=[Cc]ác\s)", name, maxsplit=1)
                out.append(head if not head[:1].isupper() else f"{unit} {_split_known(unit, head)[0]}")
                out.extend(f"{unit} {extra}" for extra in _split_known(unit, head)[1:])
                out.extend(tail)
            return out
        names = [part for name in names for part in re.split(r"\s+và\s+", name)]
        return [f"{lead or 'UBND'} {unit} {name}" for name in names if name]
    parts: list[str] = []
    pieces = re.split(r"(\s*,\s*|\s*;\s*|\s+và\s+|\s+với\s+)", text)
    current = pieces[0]
    for sep, piece in zip(pieces[1::2], pieces[2::2]):
        if is_agency_start(piece):
            parts.append(current)
            current = piece
        elif piece[:1].isupper() and sep.strip() in (",", "và") and _LOCALITY.search(current):
            parts.append(current)
            current = _LOCALITY.search(current).group("prefix") + piece
        else:
            current += sep + piece
    parts.append(current)
    return [p.strip(" ,;:.") for p in parts if p.strip(" ,;:.")]


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Abbreviation -> full form, from data/abbreviations.tsv."""
    table = {}
    for line in (DATA / "abbreviations.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            abbr, full = line.split("\t")[:2]
            table[abbr.strip()] = full.strip()
    return table


@lru_cache(maxsize=1)
def _name_abbreviations() -> tuple[dict[str, str], re.Pattern[str]]:
    """The abbreviations expanded inside agency names, and one pattern matching them all."""
    table = {k: v for k, v in abbreviations().items() if k not in ("UBND", "HĐND") and v[0].isupper() or k in ("TP.", "TP")}
    pattern = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return table, re.compile(rf"(?<![\w&]){pattern}(?![\w&])" if pattern else r"$^")


def _expand_inside(name: str) -> str:
    """Expand the agency-name abbreviations (TC-KH, TN&MT, BQLDA, TP.) but keep UBND and HĐND."""
    table, pattern = _name_abbreviations()
    name = pattern.sub(lambda match: table.get(match.group(0), match.group(0)), name)
    name = re.sub(r"\bỦy ban nhân dân\b", "UBND", name, flags=re.IGNORECASE)
    return re.sub(r"\bHội đồng nhân dân\b", "HĐND", name, flags=re.IGNORECASE)


class Registry:
    """Variant -> canonical agency name, loaded from a TSV file users can edit."""

    def __init__(self, path: str | Path | None = None) -> None:
        path = Path(path or os.environ.get("CHIDAO_AGENCIES") or DATA / "agencies.tsv")
        self.path = path
        self._canonical: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            canonical, _, variants = line.partition("\t")
            for name in (canonical, *variants.split("|")):
                if name.strip():
                    self._canonical[self._key(name)] = canonical.strip()

    @staticmethod
    def _key(name: str) -> str:
        return match_key(_expand_inside(normalize_tones(nfc(name))))

    def known(self, name: str) -> bool:
        """Whether the registry lists this name or a variant of it."""
        return self._key(name) in self._canonical

    def canonical(self, name: str) -> str:
        """The canonical form of an agency name as written."""
        clean = normalize_tones(nfc(name)).strip(" ,;:.-")
        clean = _POSITION_OF_BODY.sub("", clean)
        clean = re.sub(r"\s+(?:nêu trên|nói trên|trên đây)$", "", clean)
        clean = re.sub(r"\s*\((?:B/c|b/c|để b/c|để biết)\)\s*$", "", clean)
        clean = re.sub(r"\s+", " ", clean)
        for candidate in (clean, _strip_locality(clean)):
            found = self._canonical.get(self._key(candidate))
            if found:
                return found
        clean = _expand_inside(_strip_locality(clean) if not clean.lower().startswith(("ubnd", "hđnd", "các", "chủ tịch")) else clean)
        clean = re.sub(r"(?<=\w)\s*-\s*(?=[A-ZĐ]{2})|(?<=[A-ZĐ]{2})\s*-\s*(?=\w)", "-", clean)
        clean = re.sub(r"(?<=\w)\s+-\s*|\s*-\s+(?=\w)", " - ", clean)
        found = self._canonical.get(self._key(clean))
        if found:
            return found
        return _capitalise_name(clean)


_BARE_HEADS = {h.lower() for h in HEADS}


def _strip_locality(name: str) -> str:
    """"Phòng Tài chính - Kế hoạch thành phố" -> without "thành phố"; "Công an tỉnh" stays whole
    (without its locality it would be a bare head noun)."""
    stripped = _LOCALITY_TAIL.sub("", name)
    return name if stripped.lower() in _BARE_HEADS else stripped


_POSITION_OF_BODY = re.compile(r"^(?:Bộ trưởng|Giám đốc|Thủ trưởng|Trưởng ban|Chánh Văn phòng|Chánh Thanh tra)\s+(?=(?:Bộ|Sở|Ban|Văn phòng|Thanh tra|Cục|Tổng cục)\s+[A-ZĐÀ-Ỹ])")
_CAPITALISED_HEADS = ("Phòng", "Sở", "Bộ", "Trung tâm", "Chi cục", "Cục", "Ban", "Hạt", "Viện", "Tổng cục")


def _capitalise_name(name: str) -> str:
    """"Trung tâm phát triển quỹ đất" -> "Trung tâm Phát triển quỹ đất" (the convention)."""
    if not name or name.startswith("các "):
        return name
    name = name[0].upper() + name[1:]
    for head in _CAPITALISED_HEADS:
        if name.startswith(head + " ") and len(name) > len(head) + 1 and not name.startswith(HEADS_OF_PEOPLE):
            rest = name[len(head) + 1:]
            if rest[0].islower() and not rest.startswith(("các ", "tỉnh", "thành phố", "huyện", "xã", "quận")):
                rest = rest[0].upper() + rest[1:]
            if head in ("Phòng", "Sở", "Bộ"):
                rest = re.sub(r" và ([a-zà-ỹđ])", lambda m: " và " + m.group(1).upper(), rest)
            return f"{head} {rest}"
    return name


HEADS_OF_PEOPLE = ("Bộ trưởng", "Trưởng ban", "Ban cán sự", "Ban Chỉ đạo", "Ban Chỉ huy")


@lru_cache(maxsize=4)
def registry(path: str | None = None) -> Registry:
    """The shared registry (cached per path)."""
    return Registry(path)
