"""Query understanding: what a clerk's query says beyond its words. An agency ("Sở Tài chính",
"so tai chinh", "Sở TC") with the province it belongs to ("Sở Tư pháp Bắc Ninh"), a time ("tháng 3/2024", "quý II năm 2025", "năm 2025"), a notice number
("215/TB-UBND") and a kind ("tồn tại", "hạn chế" ask for problems) become filters, each shown on
the page as a chip the clerk can remove; the rest of the query is what is searched."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extraction.agencies import abbreviations, is_bare_head, places, recognizer
from extraction.wordlists import agency_words
from extraction.textnorm import fold, nfc

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTH = re.compile(r"\btháng\s+(\d{1,2})\s*(?:/|-|năm\s+)(\d{4})\b")
_QUARTER = re.compile(r"\bquý\s+(iv|iii|ii|i|[1-4])\s*(?:/|-|năm\s+)(\d{4})\b")
_YEAR = re.compile(r"\bnăm\s+(\d{4})\b")
_NUMBER = re.compile(r"(?<![\w/])(\d{1,5}/[A-ZĐa-zđ][\wĐđ]*(?:-[\wĐđ]+)*)")
# Words that ask for problems rather than tasks.
_PROBLEM_WORDS = ("ton tai", "han che", "kho khan", "vuong mac", "bat cap", "yeu kem")
# What is left of a query once its agency is taken, when it asks for "everything": no words to rank by.
_GENERIC = set(fold("được giao những việc gì nhiệm vụ gì các nhiệm vụ công việc phải làm đã được yêu cầu "
                    "cần làm gì của cho là những nào nào có các việc gì giao cho chủ trì").split())
# ("X chủ trì những việc gì" asks for all X leads: the listing puts what X leads first)


@dataclass
class Chip:
    """One thing understood in the query, shown as "Cơ quan: Sở Tài chính ✕"."""

    kind: str  # "agency", "place", "since", "until", "notice", "kind"
    value: str
    label: str


@dataclass
class ParsedQuery:
    """The query's remaining words and the filters read from it."""

    text: str
    chips: list[Chip] = field(default_factory=list)

    def filters(self, dropped: set[str] = frozenset()) -> dict[str, str]:
        """The chips as Index.search filters, except those whose kind the clerk removed."""
        return {chip.kind: chip.value for chip in self.chips if chip.kind not in dropped}

    @property
    def generic(self) -> bool:
        """Whether nothing is left to rank by ("Sở Y tế được giao những việc gì")."""
        return not (set(fold(self.text).split()) - _GENERIC)


def _name_keys(name: str) -> set[str]:
    """Folded forms a clerk may type for an agency name: as written, abbreviations spelled out
    or shortened ("Sở Tài chính - Kế hoạch" <-> "Sở TCKH", "UBND" <-> "Ủy ban nhân dân")."""
    keys = {fold(name)}
    for short, full in abbreviations().items():
        if len(short) < 2 or not full[:1].isalpha():
            continue
        for key in list(keys):
            if fold(full) in key:
                keys.add(key.replace(fold(full), fold(short)))
            if re.search(rf"(?<!\w){re.escape(fold(short))}(?!\w)", key):
                keys.add(re.sub(rf"(?<!\w){re.escape(fold(short))}(?!\w)", fold(full), key))
    return {re.sub(r"[^\w ]+", " ", key).strip() for key in keys}


def _words(text: str) -> list[str]:
    """A query's words with punctuation taken for spaces, as the finder counts them ("Sở KH&CN")."""
    return re.sub(r"[^\w ]+", " ", text).split()


@lru_cache(maxsize=1)
def _collectives() -> frozenset[str]:
    words = agency_words()
    return frozenset(fold(w) for w in words["generic"] + words["standalone"])


def _too_general(name: str) -> bool:
    """A stored "agency" that names no one body: a bare head ("Ban Chỉ đạo") or a collective noun
    ("chính quyền"); in a query it is a topic word ("khen thưởng Ban Chỉ đạo công trình ...")."""
    return is_bare_head(name) or fold(name).removeprefix("cac ") in _collectives()


class AgencyFinder:
    """The longest stored agency name a query contains, whatever its accents or abbreviations,
    or a gazetteer variant of one ("Ngân hàng Nhà nước", "PVN")."""

    def __init__(self, names: list[str]) -> None:
        self.by_key: dict[str, str] = {}
        stored = set(names)
        variants = [(variant, canonical) for variant, canonical in recognizer().gazetteer.variants if canonical in stored]
        for written, name in [(name, name) for name in sorted(names, key=len)] + variants:
            if _too_general(name):
                continue
            for key in _name_keys(written):
                one_word = len(key.split()) == 1  # only an abbreviation ("PVN"), never "Sở" or "Bộ"
                if (len(key) >= 4 and not one_word) or (one_word and written.isupper()):
                    self.by_key.setdefault(" ".join(key.split()), name)
        self._longest = max((len(k.split()) for k in self.by_key), default=0)

    def before_place(self, query: str) -> tuple[str, tuple[int, int]] | None:
        """A local body named by its province or city ("Công an Hà Nội", "Thanh tra Lào Cai"): the
        words just before the place, with its level word added ("Công an thành phố", "Thanh tra tỉnh")."""
        place = _place(query)
        if place is None:
            return None
        before = _words(fold(query[:place[1]]))
        level = "thanh pho" if place[0] in agency_words()["cities"] else "tinh"
        for size in range(min(6, len(before)), 0, -1):
            name = self.by_key.get(" ".join(before[len(before) - size:] + [level]))
            if name:
                return name, (len(before) - size, len(before))
        return None

    def find(self, query: str) -> tuple[str, tuple[int, int]] | None:
        """(agency, word span in the folded query) of the longest name found."""
        words = _words(fold(query))
        for size in range(min(self._longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                name = self.by_key.get(" ".join(words[start:start + size]))
                if name:
                    return name, (start, start + size)
        return None


def _month_range(year: int, first: int, last: int) -> tuple[str, str]:
    return f"{year}-{first:02d}", f"{year}-{last:02d}"


def _times(text: str) -> tuple[str, list[Chip]]:
    """The time the query names, as since/until chips, and the query without it."""
    lowered = text.lower()
    for pattern, spans in ((_MONTH, lambda m: _month_range(int(m[2]), int(m[1]), int(m[1]))),
                           (_QUARTER, lambda m: _month_range(int(m[2]), 3 * _ROMAN[m[1]] - 2, 3 * _ROMAN[m[1]])),
                           (_YEAR, lambda m: _month_range(int(m[1]), 1, 12))):
        match = pattern.search(lowered)
        if match and (pattern is not _MONTH or 1 <= int(match[1]) <= 12):
            since, until = spans(match)
            shown = text[match.start():match.end()]
            rest = (text[:match.start()] + " " + text[match.end():]).strip()
            return rest, [Chip("since", since, f"Từ: {shown}"), Chip("until", until, f"Đến: {shown}")]
    return text, []


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Folded province and city names and their abbreviations -> as written ("lao cai" -> "Lào
    Cai", "tp.hcm" -> "Hồ Chí Minh")."""
    table = {fold(name): name for name in places()}
    for short, full in abbreviations().items():
        place = re.fullmatch(r"(?:thanh pho|tinh)\s+(.+)", fold(full))
        if place and place[1] in table:
            table[fold(short)] = table[" ".join(_words(fold(short)))] = table[place[1]]
    return table


def _place(text: str) -> tuple[str, int, int] | None:
    """(place, start, end) of a province or city the query names (offsets in the query)."""
    folded = fold(text)
    if len(folded) != len(text):
        return None
    for key in sorted(_places(), key=len, reverse=True):
        match = re.search(rf"(?<!\w)(?:(?:tinh|thanh pho|tp\.?)\s+)?{re.escape(key)}(?!\w)", folded)
        if match:
            return _places()[key], match.start(), match.end()
    return None


@lru_cache(maxsize=8)
def _finder(names: tuple[str, ...]) -> AgencyFinder:
    return AgencyFinder(list(names))


def parse_query(query: str, agencies: tuple[str, ...]) -> ParsedQuery:
    """Read filters out of a query; agencies are the names the index knows."""
    text = " ".join(nfc(query).split())
    chips: list[Chip] = []
    number = _NUMBER.search(text)
    if number:
        chips.append(Chip("notice", number[1].upper(), f"Văn bản: {number[1].upper()}"))
        text = (text[:number.start()] + " " + text[number.end():]).strip()
    text, times = _times(text)
    chips += times
    finder = _finder(agencies)
    found = finder.find(text) or finder.before_place(text)
    if found:
        name, (start, end) = found
        words = _words(text)
        text = " ".join(words[:start] + words[end:])
        chips.append(Chip("agency", name, f"Cơ quan: {name}"))
        place = None if _place(name) else _place(text)
        if place:  # "Sở Tư pháp Bắc Ninh": that province's department, in that province's notices
            chips.append(Chip("place", place[0], f"Địa phương: {place[0]}"))
            text = f"{text[:place[1]]} {text[place[2]:]}".strip()
    if any(re.search(rf"(?<!\w){w}(?!\w)", fold(text)) for w in _PROBLEM_WORDS):
        chips.append(Chip("kind", "issue", "Loại: tồn tại, hạn chế"))
    return ParsedQuery(text=text.strip(" ,.?"), chips=chips)
