"""Text for retrieval: accent-blind tokens for BM25, abbreviations both ways, and diacritics put
back on a query typed without them, learned from the indexed directives themselves."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from extraction.agencies import abbreviations
from extraction.textnorm import fold, has_diacritics, nfc, normalize_tones

_WORD = re.compile(r"[\wÀ-ỹ]+(?:[-&][\wÀ-ỹ]+)*", re.UNICODE)
MAX_NGRAM = 4


@lru_cache(maxsize=1)
def _abbreviation_patterns() -> list[tuple[re.Pattern[str], str, str]]:
    table = abbreviations()
    return [(re.compile(rf"(?<![\w&]){re.escape(abbr)}(?![\w&])"), abbr, full)
            for abbr, full in sorted(table.items(), key=lambda item: len(item[0]), reverse=True)
            if len(abbr) > 2 and abbr not in ("TP.",)]


@lru_cache(maxsize=1)
def _folded_full_forms() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"(?<!\w){re.escape(fold(full))}(?!\w)"), abbr)
            for _, abbr, full in _abbreviation_patterns()]


def expand_abbreviations(text: str) -> str:
    """"Đẩy nhanh GPMB" -> "Đẩy nhanh GPMB (giải phóng mặt bằng)"; every abbreviation known to
    data/abbreviations.tsv is followed by its full form, so both match."""
    extra = [full for pattern, abbr, full in _abbreviation_patterns() if pattern.search(text)]
    folded = fold(text)
    extra += [abbr for pattern, abbr in _folded_full_forms() if pattern.search(folded)]
    return f"{text} ({'; '.join(dict.fromkeys(extra))})" if extra else text


def syllables(text: str) -> list[str]:
    """Folded syllables of a text ("Giải phóng" -> ["giai", "phong"])."""
    return [w for w in _WORD.findall(fold(normalize_tones(nfc(text)))) if w]


def keyword_tokens(text: str) -> list[str]:
    """BM25 tokens: folded syllables and folded syllable bigrams, abbreviations expanded; the
    same function serves records and queries, so accents never matter."""
    words = syllables(expand_abbreviations(text))
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


class AccentRestorer:
    """Puts diacritics back on a query typed without them, using the n-grams of the indexed
    texts ("giai phong mat bang" -> "giải phóng mặt bằng"); unknown words stay as typed."""

    def __init__(self) -> None:
        self._forms: dict[str, Counter[str]] = defaultdict(Counter)

    def learn(self, text: str) -> None:
        """Count the accented n-grams of a text."""
        words = _WORD.findall(normalize_tones(nfc(text)).lower())
        for size in range(1, MAX_NGRAM + 1):
            for start in range(len(words) - size + 1):
                gram = " ".join(words[start:start + size])
                self._forms[fold(gram)][gram] += 1

    def restore(self, query: str) -> str:
        """The query with diacritics, longest known n-grams first."""
        if has_diacritics(query):
            return query
        words = _WORD.findall(query.lower())
        out: list[str] = []
        index = 0
        while index < len(words):
            for size in range(min(MAX_NGRAM, len(words) - index), 0, -1):
                key = " ".join(words[index:index + size])
                forms = self._forms.get(key)
                if forms:
                    out.append(forms.most_common(1)[0][0])
                    index += size
                    break
            else:
                out.append(words[index])
                index += 1
        return " ".join(out)
