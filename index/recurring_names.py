"""What names a recurring matter, and how its label reads: the anchor that names an entity of
the members or a title they write ("Cụm công nghiệp Đầm Hồng", "dự án Bệnh án điện tử"), the
label's order of anchors, and a label without the linking and date words it ends with. Used by
index/recurring.py, which orders named matters first and joins the parts one name cuts."""
from __future__ import annotations

from typing import TYPE_CHECKING

from index.recurring_terms import content_terms, fold_text

if TYPE_CHECKING:
    from index.recurring import Member


def names_entity(key: str, entities: set[str]) -> bool:
    """Whether a phrase names one of these entities or is part of one ("cum cong nghiep dam hong",
    "thinh 5")."""
    return any(f" {e} " in f" {key} " or f" {key} " in f" {e} " for e in entities)


LEADING_LINKS = frozenset(("tại", "theo", "về", "và", "của", "với", "cho", "để", "trong"))  # "Tại Công điện ..."
TRAILING_LINKS = frozenset(("và", "các", "những", "của", "hoặc", "với", "cho", "ngày", "tháng"))  # "... học tập và"


def trimmed_label(label: str) -> str:
    """A label without the linking words it starts or ends with and the date words (with their
    numbers) it ends with ("Tại Công điện số 158/CĐ-TTg ngày 04 tháng" -> "Công điện số
    158/CĐ-TTg"); as it was when nothing would be left. Only words that cannot end a name are cut
    ("triệt để", "kèm theo", "Kế hoạch 5 năm" stay whole)."""
    words = label.split()
    start, end = 0, len(words)
    while start < end and words[start].lower() in LEADING_LINKS:
        start += 1
    while end > start:
        if words[end - 1].lower() in TRAILING_LINKS:
            end -= 1
        elif end - start > 1 and words[end - 1].isdigit() and words[end - 2].lower() in ("ngày", "tháng"):
            end -= 2  # "ngày 04", not "Nghị quyết số 66"
        else:
            break
    return " ".join(words[start:end]) or label


def named_anchor(members: list[Member], holders: dict[str, set[str]], weights: dict[str, float], label: str) -> str:
    """What names the matter members share, "" when nothing does: of the anchors held by the most
    meetings, the first in the label's order (ranked) that names an entity of the members (a
    capitalised name, a document number: "Cụm công nghiệp Đầm Hồng", "Nghị định số
    06/2022/NĐ-CP"); else the label folded, when a member writes it as a title (written_as_title:
    "dự án Bệnh án điện tử"). A group whose anchors are common nouns only ("sỏi lòng sông", "sử
    dụng vật liệu nổ") shares a theme, which may or may not be one matter."""
    order = ranked(holders, weights)
    entities = entities_of(members)
    top = [key for key in order if len(holders[key]) == len(holders[order[0]])]
    entity = next((key for key in top if names_entity(key, entities)), "")
    return entity or (fold_text(label) if any(written_as_title(label, m.text) for m in members) else "")


# Capitalised words of the genre that open no title of a matter: days, feasts, the Party and State
# ("thứ Sáu", "Tết", "Trung ương", "Nhà nước", "Nhân dân"), articles, annexes and forms ("tại Điều 9",
# "theo Phụ lục II"), and document types, which name a matter only with their number (an entity:
# "Nghị định số 178/2026/NĐ-CP"; "thực hiện Kế hoạch này" names none).
NOT_TITLES = frozenset("""Tết Xuân Đảng Điều Khoản Phụ Biểu Mẫu Luật Công Quyết Thông Chỉ Nghị Kế Mười""".split())
NOT_TITLE_PAIRS = frozenset(("Nhà nước", "Nhân dân", "Tổ quốc", "Trung ương", "Thành phố", "Chủ nhật", "Quốc khánh",
                             "Quốc hội", "Chính phủ"))
_DATE_WORDS = frozenset(("thứ", "tháng", "ngày"))  # a capital after them is a day or a month ("thứ Sáu")


def written_as_title(label: str, text: str) -> bool:
    """Whether a text writes the label (or its first three words) with a title in its first five
    words: a capitalised word right after a lowercase one, the name of a document, system, project
    or facility whose first syllable alone is capitalised ("thiết lập Hệ thống đăng ký quốc gia",
    "cấp Giấy phép vận chuyển", "dự án Nhà máy thủy điện"), not a capital that opens a sentence, an
    item or a table cell, nor one of NOT_TITLES."""
    lowered = text.lower()
    for wanted in dict.fromkeys((label.lower(), " ".join(label.lower().split()[:3]))):
        start = lowered.find(wanted)
        while start >= 0:
            before, window = text[:start].split()[-1:], min(5, len(wanted.split()))
            words = before + text[start:].split()[:window + 1]  # and the word after, for NOT_TITLE_PAIRS
            if any(_opens_title(words, i) for i in range(1, min(len(words), len(before) + window))):
                return True
            start = lowered.find(wanted, start + 1)
    return False


def _opens_title(words: list[str], i: int) -> bool:
    before, word = words[i - 1], words[i]
    pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else word
    return (before[:1].islower() and before[-1:].isalpha() and before not in _DATE_WORDS and word[:1].isupper()
            and not word.isupper() and word not in NOT_TITLES and pair not in NOT_TITLE_PAIRS)


def ranked(holders: dict[str, set[str]], weights: dict[str, float]) -> list[str]:
    """Anchors in the label's order: held by the most meetings, then longest, then rarest."""
    return sorted(weights, key=lambda k: (-len(holders[k]), -k.count(" "), -weights[k], k))


TITLE_WORDS = 6  # a matter named by a title is the same when the titles' first words are ("hệ thống thông tin giải quyết")


def entity_named(key: str, entities: set[str]) -> str:
    """The entity an anchor names: the shortest entity inside it ("178/2026/nd-cp" of "nghi dinh so
    178/2026/nd-cp", "phu thinh" of "cum cong nghiep phu thinh"), the anchor itself when it is part
    of one, "" when it names none."""
    inside = [e for e in entities if f" {e} " in f" {key} "]
    if inside:
        return min(inside, key=lambda e: (len(e), e))
    return key if names_entity(key, entities) else ""


def entities_of(members: list[Member]) -> set[str]:
    return set().union(*(content_terms(member.text).entities for member in members))
