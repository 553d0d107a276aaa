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
# A token: a document number ("215/TB-UBND", "178/2024/NĐ-CP", "104-CTr/TU"), a number, or a word.
_TOKEN = re.compile(r"\d+(?:-[^\W\d_]+)?(?:/[\w.\-]*\w)+|\d+(?:[.,]\d+)*|\w+")
_CLAUSE = re.compile(r"[,.;:()\[\]\"“”!?…]|\s[-–]\s")
_DOC_NUMBER = re.compile(r"^\d+(?:/(?:\d{4}/)?|-[^\W\d_]+/)[^\W\d_][\w.\-]*$")  # "215/TB-UBND", "178/2024/NĐ-CP", "104-CTr/TU", not "15/8"
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Function words a phrase may not start or end with (as written: folded, "đã" would be "đá").
EDGE_WORDS = set(nfc("""và các của cho với trong tại theo để được có là những một này đó trên về từ đến
khi thì đã đang sẽ cần phải việc như hoặc nếu do bởi vào ra lại cũng đối mọi toàn bộ""").split())
# Words of deadlines and periods, never what a matter is ("hoàn thành xong trước ngày 30/9").
DEADLINE_WORDS = set(nfc("""xong trước sau ngày tháng năm quý tuần hằng hàng giờ đầu cuối chậm nhất muộn""").split())
# Capitalised words that open the name of a body, not of a place or a project ("Sở Nông nghiệp").
_BODY_HEADS = set(nfc("""sở bộ ủy ủy ban cục tổng văn chủ phó thủ chính quốc hội đảng trung công ngân kho viện
đoàn liên hiệp""").split())
# Titles that open addressee lines and headings ("Chủ tịch Ủy ban nhân dân các tỉnh, ...;").
_ADDRESSEE = re.compile(r"^(?:kinh gui|noi nhan|chu tich|pho chu tich|bo truong|thu truong|giam doc|uy ban nhan dan|ubnd"
                        r"|bo|so|cuc|tong cuc|cac bo|cac so|cong an|van phong|ban chi dao|tap doan|tong cong ty|luu)\b")
_ACTION = re.compile(r"\b(?:khan truong|chu tri|thuc hien|trien khai|hoan thanh|xay dung|bao cao|kiem tra|xu ly|tham muu"
                     r"|to chuc|ra soat|day nhanh|bo tri|giai quyet|chi dao|huong dan|de xuat|phoi hop|tap trung|chuan bi"
                     r"|hoan thien|trinh|ban hanh|tiep tuc|tang cuong|yeu cau|dam bao|bao dam|kip thoi|so tan|di doi)\b")
_PROCEDURAL = re.compile(r"^can cu\b|^(?:trong qua trinh|qua trinh) (?:trien khai|to chuc|thuc hien)|neu co (?:phat sinh )?(?:kho khan|vuong mac)"
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
    people = _people(text)
    return Terms(phrases, {e for e in entities if not any(e in person for person in people)} if people else entities)


def _people(text: str) -> list[str]:
    """The folded names of the people a text names, after a title ("Phó Thủ tướng Chính phủ Trần
    Hồng Hà", "Tổng Bí thư Tô Lâm") or from a family name: who acts, never an entity a matter
    shares (one official in two notices about two sites is no common entity)."""
    names = [fold_text(text[a:b]) for a, b in person_spans(text)]
    for title in _TITLE.finditer(text):
        end = start = title.end()
        while (word := _NAME_WORD.match(text, end)) and word.group(1)[0].isupper():
            end = word.end()
        if end > start:
            names.append(fold_text(text[start:end]))
    return names


def is_task(text: str) -> bool:
    """Whether a directive/issue record can belong to a recurring matter: not an addressee line,
    a heading, a legal basis ("Căn cứ ..."), a one-line escalation or courtesy clause, nor a step
    of a staff plan (a table row whose last cell names people)."""
    folded = fold_text(text).strip()
    words = folded.split()
    if len(words) < 6 or _PROCEDURAL.search(folded):
        return False
    people = person_spans(text)
    named = sum(len(_WORD.findall(text[a:b])) for a, b in people)
    if len(_WORD.findall(text)) - named < 5:  # a step and the people doing it
        return False
    if people and "|" in text and people[-1][0] > text.rstrip(" |").rfind("|"):
        return False  # a row of a staff plan whose last cell names people: a step, not a matter
    if (folded.endswith((";", ",")) and len(words) < 12 or _ADDRESSEE.match(folded) and len(words) < 20) \
            and not _ACTION.search(folded):
        return False
    return not (text.isupper() and len(words) < 25)


def words_of(text: str) -> set[str]:
    """The syllables of a text, lowercase as written (with diacritics: folded, "chợ" would be the
    function word "cho"); their notice counts are kept under WORD + syllable."""
    return set(_TOKEN.findall(normalize_tones(nfc(text)).lower()))


_NAME_WORD = re.compile(r"[ \t]+([^\W\d_]\w*)")  # a word after a title: part of a name when capitalised
WORD = "~"  # the key prefix of a syllable's notice count (no folded phrase holds it)
WORD_COMMON = 0.30  # a syllable in more than this share of the notices (and 12) is common by itself
RECORDS = "#"  # the key prefix of a phrase's record count: the task records holding it, in all notices
THEME = 3.0  # a phrase in this many records per notice holding it, or more, is their running theme


def common_word(df: int, notices: int) -> bool:
    """Whether a syllable by itself is too common to make a phrase specific ("nhanh", "quả")."""
    return df > word_limit(notices)


def theme(key: str, df) -> bool:  # noqa: ANN001
    """Whether a phrase is the running theme of the notices that hold it rather than a matter
    raised in them: it comes up in THEME records or more per notice ("khoáng sản trái phép" in 28
    task records of 3 notices, "bảo vệ khoáng sản" in 17 of 3), where a matter comes up once or
    twice a notice ("tàu cuốc", "giấy chứng nhận huấn luyện"). `df` gives notice counts and,
    under RECORDS, record counts."""
    return df.get(RECORDS + key, 0) >= THEME * df.get(key, 1)


def word_limit(notices: int) -> float:
    """The notice count above which a syllable is common by itself."""
    return max(12.0, WORD_COMMON * notices)


@lru_cache(maxsize=1 << 17)
def name_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the agencies and officials a text names (extraction.agencies.find_agencies),
    each widened over the capitalised words after it (the person of a title: "Phó Thủ tướng Chính
    phủ Trần Hồng Hà"; the place of a body): words that say who acts, never what the matter is."""
    from extraction.agencies import find_agencies

    spans = []
    for mention in find_agencies(text) if _CAPITAL_AFTER_START.search(text) else ():  # names without capitals weigh nothing
        end = mention.end
        while (word := _NAME_WORD.match(text, end)) and word.group(1)[0].isupper():
            end = word.end()
        spans.append((mention.start, end))
    for title in _TITLE.finditer(text):
        end = title.end()
        while (word := _NAME_WORD.match(text, end)) and word.group(1)[0].isupper():
            end = word.end()
        if end > title.end() or title.group(0).lower() not in ("ông", "bà", "đồng chí"):
            spans.append((title.start(), end))
    return tuple(spans) + person_spans(text)


# Titles of officials, named with or without their body ("Tổng Bí thư Tô Lâm", "đồng chí ...").
_TITLE = re.compile(r"\b(?:[Tt]ổng [Bb]í thư|(?:[Pp]hó )?[Bb]í thư|(?:[Pp]hó )?[Tt]hủ tướng|(?:[Pp]hó )?[Cc]hủ tịch|[Bb]ộ trưởng"
                    r"|[Tt]hứ trưởng|(?:[Pp]hó )?[Gg]iám đốc|[Đđ]ồng chí|[Ôô]ng|[Bb]à)(?=\s)")


def person_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the people a text names: three capitalised words or more from a family
    name ("Đỗ Mạnh Cường Vũ Việt Linh")."""
    surnames = _surnames()
    spans = []
    run: list[re.Match] = []
    for word in [*_WORD.finditer(text), None]:
        if word and word.group(0)[0].isupper() and not word.group(0).isupper() and (
                not run or text[run[-1].end():word.start()] in (" ", "\t")):
            run.append(word)
            continue
        start = next((i for i, w in enumerate(run) if w.group(0) in surnames), None)
        if start is not None and len(run) - start >= 3:
            spans.append((run[start].start(), run[-1].end()))
        run = [word] if word and word.group(0)[0].isupper() and not word.group(0).isupper() else []
    return tuple(spans)


_WORD = re.compile(r"[^\W\d_]\w*")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    from extraction.wordlists import agency_words

    return frozenset(nfc(name) for name in agency_words()["surnames"])


@lru_cache(maxsize=1 << 17)
def content_terms(text: str) -> Terms:
    """record_terms of content_text: the phrases that can say what a matter is."""
    return record_terms(content_text(text))


_UPPER = "".join(chr(c) for c in range(0x41, 0x1F00) if chr(c).isupper())
_CAPITAL_AFTER_START = re.compile(rf"(?<=\S)\s+[{re.escape(_UPPER)}]")  # a capital past the first word


@lru_cache(maxsize=1 << 17)
def content_text(text: str) -> str:
    """The text with the agencies and people it names (name_spans) cut out, each a clause break."""
    spans = name_spans(text)
    if not spans:
        return text
    parts, last = [], 0
    for start, end in sorted(spans):
        if start >= last:
            parts.append(text[last:start])
            last = end
        else:
            last = max(last, end)
    parts.append(text[last:])
    return " ; ".join(parts)


def specific_phrases(text: str, df, notices: int, common: float) -> set[str]:  # noqa: ANN001
    """The phrases of content_text(text) not made only of common parts. A word is a common part
    when it is a function word, a syllable common by itself ("nhanh") or inside a two-word phrase
    of more than `common` of the notices, in the text around it too ("khắc phục", "hậu quả",
    "tình hình", "mưa lũ", "kinh phí"): "khắc phục nhanh hậu quả" and "tình hình mưa lũ" are rare
    as wholes, yet say nothing specific, while "di dời chợ trung tâm" holds "dời chợ". Single
    terms (numbers, abbreviations, document numbers) are kept: their own count judges them."""
    found: set[str] = set()
    for clause in clause_tokens(expand(content_text(text))):
        keys = [fold_token(t) for t in clause]
        covered = [w in EDGE_WORDS or w in DEADLINE_WORDS or common_word(df.get(WORD + w, 1), notices)
                   for w in (t.lower() for t in clause)]
        for i in range(len(keys) - 1):
            if weight(df.get(f"{keys[i]} {keys[i + 1]}", 1), notices, common) == 0.0:
                covered[i] = covered[i + 1] = True
        for i, token in enumerate(clause):
            if _single(token)[0]:
                found.add(keys[i])
            for j in range(i + 1, min(i + MAX_N, len(clause))):
                if not all(covered[i:j + 1]):
                    found.add(" ".join(keys[i:j + 1]))
    return found


def context_keys(text: str) -> set[str]:
    """The notice counts specific_phrases reads for one text: its syllables and two-word phrases."""
    wanted: set[str] = set()
    for clause in clause_tokens(expand(content_text(text))):
        keys = [fold_token(t) for t in clause]
        wanted.update(WORD + t.lower() for t in clause)
        wanted.update(f"{a} {b}" for a, b in zip(keys, keys[1:]))
    return wanted


def weight(df: int, notices: int, common: float) -> float:
    """A phrase's weight from the number of notices it occurs in: about 1 when in one notice,
    falling with frequency, and 0 once it is in more than `common` of the notices (closing
    clauses, addressee lines, "rà soát", "hỗ trợ", agency names) and in more than 4."""
    df = max(df, 1)
    if df > limit(notices, common) or notices < 2:
        return 0.0
    return math.log((notices + 1) / df) / math.log(notices + 1)


def limit(notices: int, common: float) -> float:
    """The notice count above which a phrase weighs nothing: `common` of the notices, and 4."""
    return max(4.0, common * notices)
