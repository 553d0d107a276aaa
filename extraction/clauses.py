"""Split a block of text into clauses that each carry one action: sentences (underthesea),
then ";" outside brackets. Returns spans relative to the block, so records keep exact offsets."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable


@lru_cache(maxsize=1)
def _sent_tokenize() -> Callable[[str], list[str]]:
    from underthesea import sent_tokenize

    return sent_tokenize


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of text (underthesea's splitter, mapped back onto offsets)."""
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in _sent_tokenize()(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        start = text.find(sentence, position)
        if start < 0:  # the tokenizer changed the text: fall back to one span for the rest
            rest = text[position:].strip()
            if rest:
                start = text.find(rest, position)
                spans.append((start, start + len(rest)))
            return spans
        if spans and start == spans[-1][1]:  # no space after the dot ("TP.HCM"): not a boundary
            spans[-1] = (spans[-1][0], start + len(sentence))
        else:
            spans.append((start, start + len(sentence)))
        position = start + len(sentence)
    return spans


def semicolon_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] at ";" that are not inside brackets or quotes."""
    pieces = []
    depth = 0
    piece_start = start
    for index in range(start, end):
        char = text[index]
        if char in "([“":
            depth += 1
        elif char in ")]”" and depth:
            depth -= 1
        elif char == ";" and depth == 0:
            pieces.append((piece_start, index + 1))
            piece_start = index + 1
    pieces.append((piece_start, end))
    return [_trim(text, a, b) for a, b in pieces if text[a:b].strip(" ;.")]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n":
        start += 1
    while end > start and text[end - 1] in " \n":
        end -= 1
    return start, end


def clause_spans(text: str, joins: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Clauses of a block: sentences split at ";", where a piece for which joins(piece) is True
    (it opens no new action) is glued back onto the clause before it."""
    spans: list[tuple[int, int]] = []
    for s_start, s_end in sentence_spans(text):
        for index, (start, end) in enumerate(semicolon_spans(text, s_start, s_end)):
            if index and spans and joins(text[start:end]):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans
