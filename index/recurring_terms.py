"""The specific content of a record for recurring-issue links: syllable n-grams keyed
accent-folded (so "PCCC"/"phòng cháy chữa cháy" and unaccented copies match) with their surface
form as written (for labels), named entities (capitalised names of places, projects, facilities;
document numbers such as "215/TB-UBND") and which records can be members at all."""
from __future__ import annotations

import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from extraction.agencies import abbreviations
from extraction.textnorm import fold, nfc, normalize_tones

MAX_N = 4
# A token: a document number ("215/TB-UBND", "178/2024/NĐ-CP"), a number, or a word.
_TOKEN = re.compile(r"\d+(?:/[\w.\-]*\w)+|\d+(?:[.,]\d+)*|\w+")
_CLAUSE = re.compile(r"[,.;:()\[\]\"“”!?…]|\s[-–]\s")
_DOC_NUMBER = re.compile(r"^\d+/(?:\d{4}/)?[^\W\d_][\w.\-]*$")  # "215/TB-UBND", "178/2024/NĐ-CP", not "15/8"
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Function words a phrase may not start or end with (as written: folded, "đã" would be "đá").
EDGE_WORDS = set(nfc("""và các của cho với trong tại theo để được có là những một này đó trên về từ đến
khi thì đã đang sẽ cần phải việc như hoặc nếu do bởi vào ra lại cũng đối mọi toàn bộ""").split())
# Capitalised words that open the name of a body, not of a place or a project ("Sở Nông nghiệp").
_BODY_HEADS = set(nfc("""sở bộ ủy ủy ban cục tổng văn chủ phó thủ chính quốc hội đảng trung công ngân kho viện
đoàn liên hiệp""").split())
# Titles that open addressee lines and headings ("Chủ tịch Ủy ban nhân dân các tỉnh, ...;").
_ADDRESSEE = re.compile(r"^(?:kinh gui|noi nhan|chu tich|pho chu tich|bo truong|thu truong|giam doc|uy ban nhan dan|ubnd"
                        r"|bo|so|cuc|tong cuc|cac bo|cac so|cong an|van phong|ban chi dao|tap doan|tong cong ty|luu)\b")
_ACTION = re.compile(r"\b(?:khan truong|chu tri|thuc hien|trien khai|hoan thanh|xay dung|bao cao|kiem tra|xu ly|tham muu"
                     r"|to chuc|ra soat|day nhanh|bo tri|giai quyet|chi dao|huong dan|de xuat|phoi hop|tap trung|chuan bi"
                     r"|hoan thien|trinh|ban hanh|tiep tuc|tang cuong|yeu cau|dam bao|bao dam|kip thoi|so tan|di doi)\b")
_PROCEDURAL = re.compile(r"^(?:trong qua trinh|qua trinh) (?:trien khai|to chuc|thuc hien)|neu co (?:phat sinh )?(?:kho khan|vuong mac)"
                         r"|vuot tham quyen|gui loi tham hoi|chia buon|^(?:dinh ky )?bao cao .{0,60}(?:truoc ngay|hang thang|dinh ky)"
                         r"|van phong (?:chinh phu|ubnd|uy ban).{0,40}thong bao .{0,40}(?:biet|thuc hien)"
                         r"|bao cao .{0,80}(?:van de|viec) (?:dot xuat|phat sinh)|(?:yeu cau|de nghi|chi dao|nhu sau)\s*:?\s*$")


# Every combining mark (category Mn) of this Python's Unicode data, deleted by str.translate.
_MARKS = dict.fromkeys(c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Mn")
_MARKS.update({ord("đ"): "d", ord("Đ"): "D"})


def fold_text(text: str) -> str:
    """textnorm.fold (lowercase, no diacritics) with one str.translate instead of a loop over
    characters: the same result, faster on whole records."""
    return unicodedata.normalize("NFD", text).translate(_MARKS).lower()


@lru_cache(maxsize=1 << 17)
def fold_token(token: str) -> str:
    """fold_text of one token, cached (a corpus has a few thousand distinct syllables)."""
    return fold_text(token)


@lru_cache(maxsize=1 << 17)
def _single(token: str) -> tuple[bool, bool]:
    """(whether one token is a term by itself, whether it is a document number): document
    numbers, numbers of three digits or more (not years), abbreviations."""
    key = fold_token(token)
    number = bool(_DOC_NUMBER.match(token))
    return (number or (key.isdigit() and len(key) >= 3 and not _YEAR.match(key))
            or (len(token) >= 3 and token.isupper() and token.isalpha())), number


@dataclass
class Terms:
    """The phrases (folded key -> surface form) and named entities (folded) of one record."""

    phrases: dict[str, str]
    entities: set[str]


def clause_tokens(text: str) -> list[list[str]]:
    """Tokens as written, clause by clause (phrases never cross punctuation)."""
    text = normalize_tones(nfc(text))
    return [tokens for clause in _CLAUSE.split(text) if (tokens := _TOKEN.findall(clause))]


@lru_cache(maxsize=1)
def _expansions() -> dict[str, str]:
    """Abbreviation -> full form (data/abbreviations.tsv), looked up token by token."""
    return {abbr: full for abbr, full in abbreviations().items() if len(abbr) > 2 and _TOKEN.fullmatch(abbr)}


def expand(text: str) -> str:
    """The text with the full form of each known abbreviation appended ("CCN" -> "... (cụm công
    nghiệp)"), so the abbreviated and the spelled-out record share phrases."""
    table = _expansions()
    extra = [table[t] for t in dict.fromkeys(_TOKEN.findall(text)) if t in table]
    return f"{text} ({'; '.join(extra)})" if extra else text


def record_terms(text: str) -> Terms:
    """Syllable n-grams (2..MAX_N, not starting or ending with a function word), single tokens
    that are document numbers, numbers of three digits or more (not years) or abbreviations, and
    capitalised names; abbreviations are expanded first so both spellings share terms."""
    phrases: dict[str, str] = {}
    entities: set[str] = set()
    for clause in clause_tokens(expand(text)):
        keys = [fold_token(t) for t in clause]
        lower = [t.lower() for t in clause]
        edge = [w in EDGE_WORDS for w in lower]
        size = len(clause)
        for i, token in enumerate(clause):
            key = keys[i]
            single, number = _single(token)
            if single:
                phrases.setdefault(key, token)
                if number:
                    entities.add(key)
            if edge[i]:
                continue
            gram, surface = key, token
            for j in range(i + 1, min(i + MAX_N, size)):  # n-grams of 2..MAX_N tokens not ending in a function word
                gram, surface = f"{gram} {keys[j]}", f"{surface} {clause[j]}"
                if not edge[j] and gram not in phrases:
                    phrases[gram] = surface
        run: list[int] = []
        for i, token in enumerate(clause + [""]):  # capitalised runs of two or more, not at the clause start
            if token[:1].isupper() and not token.isupper() and i > 0 and (run or lower[i] not in _BODY_HEADS):
                run.append(i)
                continue
            if len(run) >= 2:
                entities.add(" ".join(keys[run[0]:run[-1] + 1]))
                phrases.setdefault(" ".join(keys[run[0]:run[-1] + 1]), " ".join(clause[run[0]:run[-1] + 1]))
            run = []
    return Terms(phrases, entities)


def is_task(text: str) -> bool:
    """Whether a directive/issue record can belong to a recurring matter: not an addressee line,
    a heading, a one-line escalation or courtesy clause."""
    folded = fold_text(text).strip()
    words = folded.split()
    if len(words) < 6 or _PROCEDURAL.search(folded):
        return False
    if (folded.endswith((";", ",")) and len(words) < 12 or _ADDRESSEE.match(folded) and len(words) < 20) \
            and not _ACTION.search(folded):
        return False
    return not (text.isupper() and len(words) < 25)


def weight(df: int, notices: int, common: float) -> float:
    """A phrase's weight from the number of notices it occurs in: about 1 when in one notice,
    falling with frequency, and 0 once it is in more than `common` of the notices (closing
    clauses, addressee lines, "rà soát", "hỗ trợ", agency names) and in more than 4."""
    limit = max(4.0, common * notices)
    df = max(df, 1)
    if df > limit or notices < 2:
        return 0.0
    return math.log((notices + 1) / df) / math.log(notices + 1)


def shared_mass(a: Terms, b: Terms, df: dict[str, int], notices: int, common: float) -> tuple[float, bool]:
    """(the weighed phrases two records share, whether they name different specific entities
    and no common one: one template about two sites or two bodies)."""
    shared = a.phrases.keys() & b.phrases.keys()
    mass = sum(weight(df.get(term, 1), notices, common) for term in shared)
    specific_a = {e for e in a.entities if weight(df.get(e, 1), notices, common) > 0}
    specific_b = {e for e in b.entities if weight(df.get(e, 1), notices, common) > 0}
    conflict = bool(specific_a and specific_b and not specific_a & specific_b)
    return mass, conflict
