"""Word lists loaded from the data files (lexicon.toml, agency_words.toml, abbreviations.tsv),
and the phrase tables built from them: tokens in, the longest listed phrase starting there out."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from itertools import islice
from pathlib import Path

from extraction.textnorm import UPPER, nfc, normalize_tones

DATA = Path(__file__).parent / "data"
# A word, "TC-KH", "30/11/2025", "01/NQ-CP", "b/c"; "tỉnh/Ban" is two names and splits.
TOKEN = re.compile(rf"\w+(?:[&.'’-]\w+|(?<=\d)/\w+|/(?![{UPPER}])\w+)*|[^\w\s]")


def tokens(text: str) -> list[re.Match[str]]:
    """The tokens of a text (words, "TC-KH", "30/11/2025", each punctuation mark)."""
    return list(TOKEN.finditer(text))


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """A token's comparison form: NFC, tone marks in one place, lowercase."""
    return normalize_tones(nfc(word)).lower()


class PhraseTable:
    """Longest-match lookup of multi-word phrases over a token sequence."""

    def __init__(self, phrases: list[str]) -> None:
        self.by_first: dict[str, set[tuple[str, ...]]] = {}
        self.longest = 1
        for phrase in phrases:
            words = tuple(key(m.group(0)) for m in tokens(phrase))
            if words:
                self.by_first.setdefault(words[0], set()).add(words)
                self.longest = max(self.longest, len(words))

    def match(self, words: list[str], start: int) -> int:
        """Number of tokens of the longest phrase starting at words[start] (0 when none)."""
        candidates = self.by_first.get(words[start])
        if not candidates:
            return 0
        for length in range(min(self.longest, len(words) - start), 0, -1):
            if tuple(words[start:start + length]) in candidates:
                return length
        return 0

    def starts(self, text: str) -> str | None:
        """The listed phrase text opens with, as written there, or None."""
        found = list(islice(TOKEN.finditer(text), self.longest))
        words = [key(m.group(0)) for m in found]
        length = self.match(words, 0) if words else 0
        return text[:found[length - 1].end()] if length else None


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[str]]:
    """The genre's word lists (data/lexicon.toml), duplicates dropped."""
    with open(DATA / "lexicon.toml", "rb") as handle:
        return {name: list(dict.fromkeys(words)) for name, words in tomllib.load(handle).items()}


def alternatives(name: str) -> str:
    """A regex group matching any phrase of one lexicon list, longest first (for rules that need
    the list inside a larger pattern)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(lexicon()[name], key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def agency_words() -> dict[str, list[str]]:
    """The words agency names are built from (data/agency_words.toml)."""
    with open(DATA / "agency_words.toml", "rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=None)
def table(name: str) -> PhraseTable:
    """A phrase table over one list of lexicon.toml or agency_words.toml."""
    words = lexicon().get(name) or agency_words()[name]
    return PhraseTable(words)


def tsv_rows(name: str) -> list[list[str]]:
    """The stripped cells of each row of data/NAME (blank lines and "#" comments skipped)."""
    return [[cell.strip() for cell in line.split("\t")]
            for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Abbreviation -> full form, from data/abbreviations.tsv."""
    return {row[0]: row[1] for row in tsv_rows("abbreviations.tsv")}
