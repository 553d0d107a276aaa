"""Text for retrieval: accent-blind tokens for BM25, abbreviations both ways, and diacritics put
back on a query typed without them, learned from the indexed directives themselves."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterator

from extraction.agencies import abbreviations
from extraction.textnorm import fold, has_diacritics, nfc, normalize_tones

_WORD = re.compile(r"[\wÀ-ỹ]+(?:[-&][\wÀ-ỹ]+)*", re.UNICODE)
MAX_NGRAM = 4


class _Alternation:
    """Which of many literal words occur in a text, each bounded by left/right as its own
    pattern would be: one combined scan (a lookahead, so overlapping words are all found)
    instead of one search per word; a shorter word at the same place is checked on its own."""

    def __init__(self, words: list[str], left: str, right: str) -> None:
        self._positions: dict[str, list[int]] = {}
        for position, word in enumerate(words):
            self._positions.setdefault(word, []).append(position)
        unique = sorted(self._positions, key=len, reverse=True)
        self._patterns = {w: re.compile(f"{left}{re.escape(w)}{right}") for w in unique}
        self._prefixes = {w: [v for v in unique if v != w and w.startswith(v)] for w in unique}
        self._scan = re.compile(f"{left}(?=({'|'.join(map(re.escape, unique))}){right})") if unique else None

    def found(self, text: str) -> list[int]:
        """Positions (in the word list) of the words found, in list order."""
        hits: set[int] = set()
        for match in self._scan.finditer(text) if self._scan else ():
            word = match.group(1)
            hits.update(self._positions[word])
            for shorter in self._prefixes[word]:
                if self._patterns[shorter].match(text, match.start()):
                    hits.update(self._positions[shorter])
        return sorted(hits)


@lru_cache(maxsize=1)
def _abbreviation_table() -> tuple[list[tuple[str, str]], _Alternation, _Alternation]:
    """(abbreviation, full form) pairs, longest abbreviation first, and the scanners of the
    abbreviations and of the folded full forms."""
    pairs = [(abbr, full) for abbr, full in sorted(abbreviations().items(), key=lambda item: len(item[0]), reverse=True)
             if len(abbr) > 2 and abbr not in ("TP.",)]
    return (pairs, _Alternation([abbr for abbr, _ in pairs], r"(?<![\w&])", r"(?![\w&])"),
            _Alternation([fold(full) for _, full in pairs], r"(?<!\w)", r"(?!\w)"))


def expand_abbreviations(text: str) -> str:
    """"Đẩy nhanh GPMB" -> "Đẩy nhanh GPMB (giải phóng mặt bằng)"; every abbreviation known to
    data/abbreviations.tsv is followed by its full form, so both match."""
    pairs, short, long = _abbreviation_table()
    extra = [pairs[i][1] for i in short.found(text)]
    extra += [pairs[i][0] for i in long.found(fold(text))]
    return f"{text} ({'; '.join(dict.fromkeys(extra))})" if extra else text


def syllables(text: str) -> list[str]:
    """Folded syllables of a text ("Giải phóng" -> ["giai", "phong"])."""
    return [w for w in _WORD.findall(fold(normalize_tones(nfc(text)))) if w]


def keyword_tokens(text: str) -> list[str]:
    """BM25 tokens: folded syllables and folded syllable bigrams, abbreviations expanded; the
    same function serves records and queries, so accents never matter."""
    words = syllables(expand_abbreviations(text))
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


_fold_word = lru_cache(maxsize=200_000)(fold)  # a word folds the same wherever it stands


class AccentRestorer:
    """Puts diacritics back on a query typed without them, using the n-grams of the indexed
    texts ("giai phong mat bang" -> "giải phóng mặt bằng"); unknown words stay as typed."""

    def __init__(self) -> None:
        self._forms: dict[str, Counter[str]] = defaultdict(Counter)

    @staticmethod
    def grams(text: str) -> Iterator[tuple[str, str]]:
        """(folded, accented) n-grams of a text, up to MAX_NGRAM words (each word folded once)."""
        words = _WORD.findall(normalize_tones(nfc(text)).lower())
        folded = [_fold_word(word) for word in words]
        for size in range(1, MAX_NGRAM + 1):
            for start in range(len(words) - size + 1):
                yield " ".join(folded[start:start + size]), " ".join(words[start:start + size])

    def learn(self, text: str) -> None:
        """Count the accented n-grams of a text."""
        for key, gram in self.grams(text):
            self._forms[key][gram] += 1

    def forget(self, text: str) -> None:
        """Take back what learn(text) counted (a removed record)."""
        for key, gram in self.grams(text):
            forms = self._forms.get(key)
            if forms is None:
                continue
            forms[gram] -= 1
            if forms[gram] <= 0:
                del forms[gram]
            if not forms:
                del self._forms[key]

    def _form(self, key: str) -> str | None:
        """The most frequent accented form of a folded n-gram (ties: the first in form order)."""
        forms = self._forms.get(key)
        return min(forms, key=lambda form: (-forms[form], form)) if forms else None

    def restore(self, query: str) -> str:
        """The query with diacritics, longest known n-grams first."""
        if has_diacritics(query):
            return query
        words = _WORD.findall(query.lower())
        out: list[str] = []
        index = 0
        while index < len(words):
            for size in range(min(MAX_NGRAM, len(words) - index), 0, -1):
                form = self._form(" ".join(words[index:index + size]))
                if form:
                    out.append(form)
                    index += size
                    break
            else:
                out.append(words[index])
                index += 1
        return " ".join(out)
