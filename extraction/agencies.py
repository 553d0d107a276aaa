"""The one recognizer of "who": bodies, officials and collectives named in a text.

Built like spaCy's EntityRuler, in two stages over Vietnamese tokens (extraction/ruler.py):
- the gazetteer (data/agencies.tsv: every canonical name and variant, matched on a folded form,
  so case, tone marks and diacritics do not matter) and the token patterns of
  data/agency_patterns.jsonl whose "stage" is "bodies";
- the patterns of the "officials" stage, which build on the first stage's entities
  ("Chủ tịch" + UBND tỉnh, "Đảng ủy" + Bộ Y tế).
The token attributes the patterns use (_head, _role, _generic, _standalone, _level, _name,
_listed) come from the word lists of data/agency_words.toml and data/lexicon.toml; nothing here
is specific to one notice. A name added to agencies.tsv is recognised and shown under its
canonical form.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extraction.textnorm import UPPER, fold, nfc, normalize_tones
from extraction.ruler import Match, Schema, TokenRuler, resolve
from extraction.wordlists import DATA, PhraseTable, abbreviations, agency_words, key, lexicon, tokens

LABELS = ("BODY", "ROLE", "GROUP", "LIST")
_LEVEL_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu")
_PLACE_SUFFIX = re.compile(r"^(?P<base>.+?)\s+(?P<level>tỉnh|thành phố|Thành phố|TP\.?|huyện|quận|thị xã|xã|phường|đặc khu)"
                           rf"\s+(?P<place>(?:[{UPPER}][\w.]*\s*){{1,5}})$")
_DROPPED_ROLES = ("Đồng chí", "đồng chí", "Bộ trưởng", "Thứ trưởng", "Giám đốc", "Phó Giám đốc", "Thủ trưởng",
                  "Trưởng ban", "Trưởng Ban", "Chánh Văn phòng", "Chánh Thanh tra", "Lãnh đạo", "lãnh đạo",
                  "Người đứng đầu", "người đứng đầu", "Cục trưởng", "Chi cục trưởng", "Tổng Giám đốc",
                  "Chủ nhiệm", "Thống đốc")
_NUMERAL = re.compile(r"\d{1,2}|[IVX]{1,5}")
_BRANCH = re.compile(r"^(?P<base>.+?)\s*(?:-\s*)?[Cc]hi nhánh\s+(?P<rest>\S.*)$")
_TRAILING = re.compile(r"[\s,;:.\-–(]+$|\s+(?:nêu trên|nói trên|trên đây|\(để b/c\)|\(b/c\))$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """An agency named in a text: its span there, its kind and the names it stands for."""

    start: int
    end: int
    label: str  # BODY, ROLE (an official of a body), GROUP (a collective), LIST (several)
    names: tuple[str, ...]

    def shifted(self, offset: int) -> "Mention":
        """The same mention with its span counted from offset (into a unit, clause or piece)."""
        return Mention(self.start - offset, self.end - offset, self.label, self.names)


def _folded(name: str) -> str:
    """The gazetteer's lookup form: abbreviations expanded, folded, punctuation unified."""
    table_, pattern = _name_abbreviations()
    expanded = pattern.sub(lambda m: table_[m.group(0)], nfc(name))
    return " ".join(re.sub(r"[^\w\s&]", " ", fold(expanded)).split())


@lru_cache(maxsize=1)
def _name_abbreviations() -> tuple[dict[str, str], re.Pattern[str]]:
    entries = {k: v for k, v in abbreviations().items() if v[:1].isupper() or k in ("UBND", "HĐND")}
    alternatives = "|".join(re.escape(k) for k in sorted(entries, key=len, reverse=True))
    return entries, re.compile(rf"(?<![\w&]){alternatives}(?![\w&])")


@lru_cache(maxsize=65536)
def _fold_token(word: str) -> str:
    return fold(key(word))


class Gazetteer:
    """Canonical names and their variants, from data/agencies.tsv (or CHIDAO_AGENCIES)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.names: dict[str, str] = {}  # folded variant -> canonical
        self.variants: list[tuple[str, str]] = []  # (variant as written, canonical)
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            canonical, _, rest = line.partition("\t")
            canonical = canonical.strip()
            for variant in (canonical, *rest.split("|")):
                if variant.strip():
                    self.names.setdefault(_folded(variant), canonical)
                    self.variants.append((variant.strip(), canonical))

    def lookup(self, name: str) -> str | None:
        """The canonical name of a listed name or variant, else None."""
        return self.names.get(_folded(name))

    def canonical(self, name: str) -> str:
        """The name a register shows: the gazetteer's, with the place kept where the canonical
        name ends on its level ("UBND tỉnh" + "Ninh Bình"), dropped after a department
        ("Sở Tài chính tỉnh Lào Cai" -> "Sở Tài chính"); an unlisted name as written."""
        clean = _clean(name)
        found = self.lookup(clean)
        if found:
            return found
        branch = _BRANCH.match(clean)
        parent = self.lookup(branch.group("base")) if branch else None
        if parent:  # a branch is its own body, under its parent's name
            rest = re.sub(r"^khu vực\b", "Khu vực", branch.group("rest"))
            return f"{parent} - Chi nhánh {rest}"
        for province in agency_words()["provinces"]:  # "Điện lực Lào Cai" -> Công ty Điện lực Lào Cai
            base = self.lookup(clean.removesuffix(f" {province}")) if clean.endswith(f" {province}") else None
            if base in agency_words()["named_by_place"]:
                return agency_words()["named_by_place"][base].format(place=province)
        place = re.sub(r"^(?:tỉnh|thành phố|Thành phố|TP\.?)\s+", "", clean)
        if key(place) in _cities():  # a place named as who acts, as the notice names it
            return f"Thành phố {place.removeprefix('Thành phố ')}"
        if key(place) in _provinces():
            return f"Tỉnh {place}"
        for role in _DROPPED_ROLES:
            if clean.startswith(role + " ") and len(clean) > len(role) + 3:
                rest = clean[len(role) + 1:]
                if self.lookup(rest) or _PLACE_SUFFIX.match(rest) or rest[:1].isupper():
                    return self.canonical(rest)
        bare_level = re.match(r"^(?P<base>.+?)\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)$", clean)
        if bare_level and self.lookup(bare_level.group("base")) and not self.lookup(bare_level.group("base")).endswith(_LEVEL_WORDS):
            return self.lookup(bare_level.group("base"))  # "Phòng TC-KH thành phố" -> Phòng Tài chính - Kế hoạch
        place = _PLACE_SUFFIX.match(clean)
        if place:
            base = self.lookup(place.group("base"))
            if base is None and self.lookup(f"{place.group('base')} {place.group('level')}"):
                base = self.lookup(f"{place.group('base')} {place.group('level')}")
                return f"{base} {place.group('place').strip()}"
            if base:
                keeps_place = base.endswith(_LEVEL_WORDS) or base.split()[0] in ("UBND", "HĐND", "Tỉnh", "Thành")
                return f"{base} {place.group('level')} {place.group('place').strip()}" if keeps_place else base
        if clean.startswith(("Các ", "Cấp ")):
            return clean[:1].lower() + clean[1:]  # "Các cơ sở" at a sentence start is "các cơ sở"
        return clean[:1].upper() + clean[1:] if clean[:1].islower() and not clean.startswith(("các ", "cấp ")) else clean


def places() -> list[str]:
    """Every province and city name of the word lists, as written there."""
    return agency_words()["cities"] + agency_words()["provinces"]


@lru_cache(maxsize=1)
def _cities() -> set[str]:
    return {key(name) for name in agency_words()["cities"]}


@lru_cache(maxsize=1)
def _provinces() -> set[str]:
    return {key(name) for name in agency_words()["provinces"]}


def _clean(name: str) -> str:
    name = normalize_tones(nfc(name))
    name = re.sub(r"\s+", " ", name).strip()
    previous = None
    while previous != name:
        previous, name = name, _TRAILING.sub("", name).strip()
    name = re.sub(r"(?<=\w)\s*-\s*(?=[A-ZĐ]{2})|(?<=[A-ZĐ]{2})\s*-\s*(?=\w)", "-", name)
    return re.sub(r"(?<=\w)\s+-\s*|\s*-\s+(?=\w)", " - ", name)


class _Attributes:
    """Each token's attributes for the patterns, from the word lists."""

    def __init__(self) -> None:
        words = agency_words()
        self.heads = PhraseTable(words["heads"])
        self.whole_heads = PhraseTable(words["whole_heads"])
        self.list_names = PhraseTable(words["list_names"])
        self.lowercase_heads = {key(h) for h in words["lowercase_heads"]}
        self.needs_capital = {key(h) for h in words["needs_capital"]}
        self.roles = PhraseTable(words["roles"])
        self.generic = PhraseTable(words["generic"])
        self.standalone = PhraseTable(words["standalone"])
        self.tails = PhraseTable(words["group_tails"])
        self.levels = PhraseTable(words["levels"])
        self.provinces = PhraseTable(words["cities"] + words["provinces"])
        self.level_words = {key(w) for w in words["levels"]}
        self.not_verbs = PhraseTable(lexicon()["not_verbs"])
        lists = lexicon()
        self.predicate = PhraseTable(lists["actions"] + lists["adverbs"] + lists["predicate_openers"]
                                     + lists["assigning"] + lists["cooperating"] + lists["scope_openers"])

    @staticmethod
    def _marks(phrases: PhraseTable, words: list[str], accept) -> list[str]:  # noqa: ANN001
        """"B" where a listed phrase starts (and accept(i) holds), "I" inside it, "" elsewhere."""
        marks = [""] * len(words)
        free = 0
        for index in [i for i, word in enumerate(words) if word in phrases.by_first]:
            if index < free or not accept(index):
                continue
            length = phrases.match(words, index)
            if length:
                marks[index:index + length] = ["B"] + ["I"] * (length - 1)
                free = index + length
        return marks

    def _generic(self, words: list[str], upper: list[bool], standalone: list[str]) -> list[str]:
        """Marks of collective nouns: lowercase ones, and capitalised ones after "các", after a
        comma inside a collective ("các Tập đoàn, Tổng Công ty") or standing alone."""
        marks = [""] * len(words)
        index = 0
        while index < len(words):
            length = self.generic.match(words, index)
            if length and self.heads.match(words, index) > length:
                length = 0  # "Ủy ban nhân dân ...": a body's head, not the collective "ủy ban"
            if length and index and marks[index - 1] in ("B", "I") and self.predicate.match(words, index) >= length:
                length = 0  # "... các phường, xã, đặc khu tổ chức rà soát": the verb, not the noun
            if length and upper[index] and index > 0 and words[index - 1] in (",", "và") and index + length < len(words) \
                    and upper[index + length] and words[index + length] not in (",", "và"):
                length = 0  # "các sở, ngành và Sở Tài chính": the head of a named body, not a collective noun
            capital_ok = index == 0 or index > 0 and (words[index - 1] in ("các", "mọi", "những")
                                        or (words[index - 1] in (",", "và") and index > 1 and marks[index - 2] in ("B", "I")))
            if length and (not upper[index] or capital_ok or standalone[index] == "B"):
                marks[index:index + length] = ["B"] + ["I"] * (length - 1)
                index += length
            else:
                index += 1
        return marks

    def _after_whole_heads(self, words: list[str], upper: list[bool]) -> list[bool]:
        """The capitalised words right after a head that takes no name ("Chính phủ Phạm Minh Chính")."""
        after = [False] * len(words)
        for index in [i for i, word in enumerate(words) if word in self.whole_heads.by_first]:
            end = index + self.whole_heads.match(words, index)
            while end > index and end < len(words) and upper[end]:
                after[end] = True
                end += 1
        return after

    def __call__(self, texts: list[str]) -> list[dict[str, str | bool]]:
        """Attributes of every token of a text, in the patterns' vocabulary."""
        words = [key(t) for t in texts]
        n = len(words)
        upper = [t[:1].isupper() for t in texts]

        def capital_head(i: int) -> bool:
            """A head written with a capital (in capitals only as UBND/HĐND, not letterheads), or
            one of lowercase_heads before a capitalised name ("phòng Quản lý Công nghiệp")."""
            length = self.heads.match(words, i)
            phrase = " ".join(words[i:i + length])
            if not upper[i]:
                return phrase in self.lowercase_heads and i + length < n and texts[i + length].istitle()
            shouting = texts[i].isupper() and len(texts[i]) > 1 and texts[i] not in ("UBND", "HĐND")
            return not shouting and (phrase not in self.needs_capital or texts[i][:1].isupper())

        head = self._marks(self.heads, words, capital_head)
        province = self._marks(self.provinces, words, lambda i: upper[i])
        role = self._marks(self.roles, words, lambda i: upper[i] or words[i] in ("đồng", "lãnh", "người"))
        level = self._marks(self.levels, words, lambda i: head[i] != "B")  # "Tỉnh ủy" is a head, not a level
        nouns = self._marks(self.not_verbs, words, lambda i: True)  # "công trình": no verb "trình" inside
        starts_predicate = [self.predicate.match(words, i) if word in self.predicate.by_first
                            and not nouns[i] else 0 for i, word in enumerate(words)]
        pred_length = [0 if upper[i] else starts_predicate[i] for i in range(n)]
        pred = [length > 0 for length in pred_length]
        standalone = self._marks(self.standalone, words, lambda i: True)
        generic = self._generic(words, upper, standalone)
        for i in range(1, n):  # tails close a collective; joiners link two of its nouns
            if generic[i] == "" and generic[i - 1] in ("B", "I", "T"):
                generic[i:i + self.tails.match(words, i)] = ["T"] * self.tails.match(words, i)
        for i in range(1, n):  # "các cơ quan liên quan tổ chức thực hiện": after a tail, a verb
            if generic[i] == "B" and generic[i - 1] == "T" and starts_predicate[i] and not upper[i]:
                end = i + 1
                while end < n and generic[end] == "I":
                    end += 1
                generic[i:end] = [""] * (end - i)
        for i in range(n - 2, 0, -1):
            if generic[i] == "" and words[i] in (",", "và", "các", "hoặc") \
                    and generic[i + 1] in ("B", "J") and generic[i - 1] in ("B", "I", "T"):
                generic[i] = "J"
        # A capital after a lowercase word, a head or a joiner opens a compound whose next
        # syllable belongs to the name even when it is also a verb ("Đào tạo", "Xây dựng").
        opens = [upper[i] and (i == 0 or not upper[i - 1] or head[i - 1] != "" or words[i - 1] in ("và", "-", ",", "&"))
                 for i in range(n)]
        after_whole = self._after_whole_heads(words, upper)
        name, listed, place = [], [], []
        # a head that opens another body inside a list ("các Sở: ..., Nội vụ và UBND các xã"), not a
        # ministry named like a head ("các Bộ: Quốc phòng, Công an": list_names)
        opens_body = [head[i] == "B" and not self.list_names.match(words, i) for i in range(n)]
        for i, word in enumerate(words):
            alnum = texts[i][:1].isalnum()
            next_title = i + 1 < n and upper[i + 1] and head[i + 1] != "B"
            compound = i > 0 and opens[i - 1] and not upper[i] and pred_length[i] < 2
            if word in ("và", "-", "&"):
                name.append(next_title and i > 0 and texts[i - 1][:1].isalnum())
            elif not alnum:
                name.append(False)
            elif upper[i]:
                name.append(head[i] != "B" and role[i] != "B" and not after_whole[i])
            else:
                name.append(compound or not pred[i])
            if word in (",", "và", "-"):  # a head noun opens a body of its own: "..., Nội vụ và UBND các xã"
                listed.append(i + 1 < n and upper[i + 1] and not opens_body[i + 1])
            else:
                listed.append(alnum and (upper[i] or compound or not pred[i]) and not opens_body[i])
            # a place name in a list of places: capitalised, not a verb ("Tăng cường", "Phối hợp") nor
            # the head of the next body ("UBND xã Bắc Hà, UBND xã Si Ma Cai")
            verb = bool(starts_predicate[i]) and (i == 0 or not upper[i - 1])
            place.append(upper[i] and alnum and not verb and head[i] != "B" if word not in (",", "và", "-")
                         else i + 1 < n and upper[i + 1] and head[i + 1] != "B")
        flag = ("0", "1")
        return [{"ORTH": texts[i], "LOWER": words[i], "IS_TITLE": flag[texts[i].istitle()], "IS_LOWER": flag[texts[i].islower()],
                 "IS_UPPER": flag[texts[i].isupper()], "_head": head[i], "_role": role[i], "_level": level[i],
                 "_generic": generic[i], "_standalone": flag[standalone[i] == "B"], "_name": flag[name[i]],
                 "_listed": flag[listed[i]], "_province": province[i], "_place": flag[place[i]], "ENT_TYPE": ""}
                for i in range(n)]


_BOOL, _MARK = ("0", "1"), ("", "B", "I")
_SCHEMA = Schema(
    flags={"IS_TITLE": _BOOL, "IS_LOWER": _BOOL, "IS_UPPER": _BOOL, "_head": _MARK, "_role": _MARK, "_level": _MARK,
           "_generic": ("", "B", "I", "J", "T"), "_standalone": _BOOL, "_name": _BOOL, "_listed": _BOOL,
           "_province": _MARK, "_place": _BOOL, "ENT_TYPE": ("",) + LABELS},
    fields=("LOWER", "ORTH"))


class AgencyRecognizer:
    """Text in, the agencies it names out: the gazetteer and the "bodies" patterns first, then
    the "officials" patterns over their entities (the stages of agency_patterns.jsonl)."""

    STAGES = ("bodies", "officials")

    def __init__(self, gazetteer: Path | None = None, patterns: Path | None = None) -> None:
        self.gazetteer = Gazetteer(gazetteer or DATA / "agencies.tsv")
        self.attributes = _Attributes()
        self.phrases = PhraseTable([])
        self.phrases.by_first, self.phrases.longest = {}, 1
        for variant, _ in self.gazetteer.variants:
            folded = tuple(_fold_token(m.group(0)) for m in tokens(variant))
            self.phrases.by_first.setdefault(folded[0], set()).add(folded)
            self.phrases.longest = max(self.phrases.longest, len(folded))
        self.single_words = {key(v) for v, _ in self.gazetteer.variants if len(tokens(v)) == 1}
        rules = [json.loads(line) for line in (patterns or DATA / "agency_patterns.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip()]
        self.rulers = {stage: TokenRuler([r for r in rules if r["stage"] == stage], _SCHEMA) for stage in self.STAGES}

    def _gazetteer_matches(self, texts: list[str], folded: list[str], lenient: bool) -> list[Match]:
        found = []
        for i in [i for i, word in enumerate(folded) if word in self.phrases.by_first]:
            length = self.phrases.match(folded, i)
            if length == 1 and not lenient and key(texts[i]) not in self.single_words:
                continue  # one folded word is too loose ("Tình" is not "Tỉnh")
            if length and (lenient or texts[i][:1].isupper() or texts[i][:1] == "c"):
                found.append(Match("BODY", i, i + length, priority=1))
        return found

    def __call__(self, text: str, lenient: bool = False) -> list[Mention]:
        """The agencies named in text, in order, with character spans into text. lenient also
        takes gazetteer names written in lowercase (typed queries)."""
        found = tokens(text)
        if not found:
            return []
        texts = [m.group(0) for m in found]
        folded = [_fold_token(t) for t in texts]
        attributes = self.attributes(texts)
        known = [self._extend_known(m, texts, attributes) for m in self._gazetteer_matches(texts, folded, lenient)]
        first = resolve(known + self.rulers["bodies"](attributes))
        first = [self._trim_to_known(m, texts, folded) if m.label == "BODY" and m.priority == 0 else m for m in first]
        final = first
        for _ in range(3):  # "Văn phòng" + "Thường trực" + Ban Chỉ đạo 389: officials build on each other
            for match in final:
                for index in range(match.start, match.end):
                    attributes[index]["ENT_TYPE"] = match.label
            grown = resolve(self.rulers["officials"](attributes), keep=final)
            if grown == final:
                break
            final = grown
        final = [_trim_joiners(m, texts) for m in final]
        mentions = []
        for match in final:
            start, end = found[match.start].start(), found[match.end - 1].end()
            raw = text[start:end]
            names = _expand(raw) if match.label in ("LIST", "ROLE") and ":" in raw or match.label == "LIST" else [raw]
            mentions.append(Mention(start, end, match.label, tuple(n for n in names if n)))
        return self._share_tails(text, mentions)

    def _share_tails(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """A head named alone before another body takes that body's tail: "Hội đồng nhân dân,
        Ủy ban nhân dân các tỉnh" -> Hội đồng nhân dân các tỉnh; "HĐND, UBND tỉnh Ninh Bình". A
        head that is a whole name by itself ("Tỉnh đoàn, Hội Liên hiệp Phụ nữ tỉnh") keeps its own."""
        out = list(mentions)
        for index in range(len(out) - 2, -1, -1):
            mention, following = out[index], out[index + 1]
            words = [key(m.group(0)) for m in tokens(text[mention.start:mention.end])]
            if mention.label != "BODY" or self.attributes.heads.match(words, 0) != len(words) \
                    or self.gazetteer.lookup(text[mention.start:mention.end]) \
                    or not re.fullmatch(r"\s*(?:,|và)\s*", text[mention.end:following.start]):
                continue
            name = following.names[0] if following.names else ""
            name_words = [key(m.group(0)) for m in tokens(name)]
            head = self.attributes.heads.match(name_words, 0)
            tail = list(tokens(name))[head:] if head else []
            if tail:
                out[index] = Mention(mention.start, mention.end, "BODY",
                                     (f"{text[mention.start:mention.end]} {name[tail[0].start():]}",))
        return out

    def _extend_known(self, match: Match, texts: list[str], attributes: list[dict]) -> Match:
        """A listed name goes on over its number ("số 1", "khu vực XIV"), its region ("miền
        Bắc"), a company's place ("Công ty Điện lực" + "Lào Cai") and a place after its level
        ("UBND tỉnh" + "Ninh Bình", "Sở Y tế" + "tỉnh Lào Cai")."""
        def words(start: int, stop: int) -> list[str]:
            return [key(t) for t in texts[max(start, 0):stop]]

        end = match.end
        if end + 1 < len(texts) and texts[end] == "số" and texts[end + 1].isdigit():
            end += 2
        if words(end - 2, end) == ["khu", "vực"] and end < len(texts) and _NUMERAL.fullmatch(texts[end]):
            end += 1  # the listed variant "Chi cục Thuế khu vực" + "XIV"
        elif words(end, end + 2) == ["khu", "vực"] and end + 2 < len(texts) and _NUMERAL.fullmatch(texts[end + 2]):
            end += 3
        if words(end, end + 1) == ["miền"] and end + 1 < len(texts) and texts[end + 1] in ("Bắc", "Trung", "Nam"):
            end += 2
        if self.gazetteer.lookup(" ".join(texts[match.start:match.end])) in agency_words()["named_by_place"]:
            while end < len(texts) and attributes[end]["_province"] in ("B", "I") and (end > match.end or attributes[end]["_province"] == "B"):
                end += 1
        run_on = match.end  # "... xây dựng các công trình dân dụng và công nghiệp tỉnh": a name running on to its level
        for gap in range(1, 10):
            window = attributes[end:end + gap + 1]
            if len(window) == gap + 1 and window[0]["LOWER"] != "và" \
                    and all((t["_name"] == "1" or t["LOWER"] == "và") and t["IS_LOWER"] == "1" for t in window[:gap]) \
                    and window[gap]["_level"] == "B":
                end += gap
                run_on = end
                break
        at_level = attributes[end - 1]["_level"] or (end < len(texts) and attributes[end]["_level"] == "B")
        if end < len(texts) and attributes[end]["_level"] == "B":
            end += 1
            while end < len(texts) and attributes[end]["_level"] == "I":
                end += 1
        while at_level and end < len(texts) and attributes[end]["_head"] != "B" \
                and not self.attributes.predicate.match([key(t) for t in texts[end:end + 4]], 0) \
                and (texts[end].istitle() or (texts[end] == "-" and end + 1 < len(texts) and texts[end + 1].istitle())):
            end += 1  # "... thành phố Lai Châu - Tam Đường"
        if end > match.end and not texts[end - 1].istitle() and attributes[end - 1]["_level"] and not texts[end - 1].isdigit():
            end = run_on if not attributes[match.end]["_level"] else end  # a bare level word: kept only before a name
        return Match(match.label, match.start, end, match.priority) if end > match.end else match

    def _trim_to_known(self, match: Match, texts: list[str], folded: list[str]) -> Match:
        """The longest listed name opening a pattern match whose rest is lowercase and names no
        place ("Bộ Tài chính xuất ..." -> "Bộ Tài chính"); a rest of levels stays ("Ủy ban nhân dân
        phường" + ", xã, đặc khu")."""
        for stop in range(match.end - 1, match.start + 1, -1):
            if any(t[:1].isupper() for t in texts[stop:match.end]):
                return match
            levels = " ".join(texts[stop:match.end]).replace(" và ", " , ").split(",")
            if all(key(part.strip()) in self.attributes.level_words for part in levels if part.strip()):
                continue
            if tuple(folded[match.start:stop]) in self.phrases.by_first.get(folded[match.start], ()):
                return Match(match.label, match.start, stop)
        return match

    def canonical(self, name: str) -> str:
        """The canonical form of a name as written."""
        return self.gazetteer.canonical(name)


_UNITS = ("Bộ", "Sở", "Tập đoàn", "Tổng công ty", "Ban", "Cục", "Trường", "Bệnh viện", "Công ty", "Ngân hàng")
_LEVELS = ("tỉnh, thành phố", "tỉnh", "thành phố", "xã, phường", "xã", "phường", "huyện")
_LIST = re.compile(r"^(?P<lead>.*?)(?:\s*(?:[Cc]ác|[Nn]hững)\s+)?(?P<unit>"
                   + "|".join(_UNITS + tuple(u.lower() for u in _UNITS) + _LEVELS) + ")"
                   rf"(?:,\s*(?:cơ quan|ngành|đơn vị))?\s*[:,]?\s*(?P<names>[{UPPER}].*)$")


def _expand(text: str) -> list[str]:
    """"các Bộ: Y tế, Công an" -> Bộ Y tế, Bộ Công an; "UBND tỉnh A, B và C" -> UBND tỉnh A, ...;
    an item that is a name itself ("Tập đoàn Điện lực Việt Nam") is kept as written."""
    found = _LIST.match(nfc(text).strip(" ,;:."))
    if not found:
        return [text]
    lead, unit = found.group("lead").strip(" ,"), found.group("unit")
    parts: list[str] = []
    for part in (p.strip(" .") for p in re.split(r"\s*,\s*", found.group("names"))):
        if parts and part[:1].islower() and not part.startswith("các "):
            parts[-1] += ", " + part  # "các Bộ, ngành có liên quan" stays one name
        elif part:
            parts.append(part)
    if unit.lower() in {u.lower() for u in _UNITS}:
        unit = next(u for u in _UNITS if u.lower() == unit.lower())
        prefix = f"{lead} {unit}".strip() if lead else unit
        return [part if _is_name(part) else f"{prefix} {name}"
                for part in _join_known(unit, parts) for name in _split_known(unit, part)]
    level = unit.split(",")[0]
    parts = [name for part in parts for name in re.split(r"\s+và\s+", part)]
    return [part if _is_name(part) else f"{lead or 'UBND'} {level} {part}".strip() for part in parts]


def is_place(name: str) -> bool:
    """Whether a name is a bare province or city ("Đắk Lắk", "Hà Nội"), not a body."""
    return key(name) in _provinces() or key(name) in _cities()


def _is_name(part: str) -> bool:
    """Whether a list item names a body by itself (it opens with a head noun; a bare place
    such as "Yên Bái" after "các phường:" is not one)."""
    if is_place(part):
        return False
    mentions = recognizer()(part)
    return bool(mentions) and mentions[0].start == 0 and mentions[0].label in ("BODY", "ROLE", "GROUP")


def _join_known(unit: str, parts: list[str]) -> list[str]:
    """Rejoin items a comma split inside a listed name ("Văn hóa, Thể thao và Du lịch")."""
    gazetteer, out, start = recognizer().gazetteer, [], 0
    while start < len(parts):
        end = next((end for end in range(len(parts), start + 1, -1)
                    if gazetteer.lookup(f"{unit} {', '.join(parts[start:end])}")), start + 1)
        out.append(", ".join(parts[start:end]))
        start = end
    return out


def _trim_joiners(match: Match, texts: list[str]) -> Match:
    """A match without the commas and "và" its pattern needed to see the next name."""
    end = match.end
    while end > match.start + 1 and texts[end - 1] in (",", "và", ";", ":"):
        end -= 1
    return Match(match.label, match.start, end, match.priority) if end != match.end else match


def _split_known(unit: str, name: str) -> list[str]:
    """"Tài chính và Xây dựng" -> two names when both halves are listed bodies and the whole
    is not ("Giáo dục và Đào tạo" stays one)."""
    halves = re.split(r"\s+và\s+", name)
    gazetteer = recognizer().gazetteer
    if len(halves) == 2 and not gazetteer.lookup(f"{unit} {name}") and all(gazetteer.lookup(f"{unit} {h}") for h in halves):
        return halves
    return [name]


@lru_cache(maxsize=4)
def recognizer(gazetteer: str | None = None) -> AgencyRecognizer:
    """The shared recognizer (built once per gazetteer file; CHIDAO_AGENCIES overrides it)."""
    import os

    path = gazetteer or os.environ.get("CHIDAO_AGENCIES")
    return AgencyRecognizer(Path(path) if path else None)


def is_bare_head(name: str) -> bool:
    """Whether a name is only a head noun ("Văn phòng", "Sở", "Ban Quản lý")."""
    words = [key(m.group(0)) for m in tokens(name)]
    return bool(words) and recognizer().attributes.heads.match(words, 0) == len(words)


def find_agencies(text: str) -> list[Mention]:
    """The agencies named in text (see AgencyRecognizer)."""
    return recognizer()(text)


def canonical(name: str) -> str:
    """The canonical form of an agency name (see Gazetteer.canonical)."""
    return recognizer().canonical(name)
