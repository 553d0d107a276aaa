"""Cut each unit into clauses that carry one task: an item's lead ("Sở X:"), then sentences
(underthesea), ";" pieces outside brackets and inline markers "(i)", "(2)". A piece or sentence
that only adds a deadline ("...; hoàn thành trước ngày 31/12/2026", "... . Thời gian hoàn thành
trong tháng 12 năm 2025.") stays with the task before it."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from extraction.deadlines import deadline_only
from extraction.document import Clause, NoticeDoc
from extraction.outline import HEADINGS, heading_like
from extraction.roles import ends_on_addressees, find_action, group_at, lead_of
from extraction.textnorm import UPPER
from extraction.wordlists import table

PURPOSE_LEADIN = re.compile(r"\W*(?:Nhằm|Để|Với mục tiêu)\s")
MAX_CLAUSE = 1200  # characters; longer clauses are cut at a comma so the encoder sees them whole
_INLINE_MARKER = re.compile(r"(?<=[.;:])\s+(?=\((?:[ivx]{1,4}|\d{1,2})\)\s)|(?<=\S)\s+(?=\((?:ii|iii|iv|v|vi|vii|viii|ix|x)\)\s)")
_DEADLINE_ONLY = re.compile(
    r"^\s*(?:phải\s+|cần\s+|đảm bảo\s+|bảo đảm\s+)?(?:hoàn thành|xong|kết thúc|thời gian hoàn thành|thời hạn hoàn thành|thời hạn|"
    r"thời gian thực hiện|thời gian|chậm nhất|báo cáo kết quả|báo cáo)?\s*[:,]?\s*(?:trong|trước|chậm nhất|vào|đến|ngay|hằng|hàng|định kỳ)"
    r"[^;,]{0,80}?[.;]?\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _sent_tokenize() -> Callable[[str], list[str]]:
    from underthesea import sent_tokenize

    return sent_tokenize


# An ellipsis that ends a sentence ("… đạt được nhiều kết quả quan trọng, tích cực… Tuy nhiên, …"),
# which underthesea's splitter keeps inside one
_ELLIPSIS_END = re.compile(rf"(?:…|\.\.\.)(?=\s+[{UPPER}])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of text (underthesea's splitter, mapped back onto offsets; a
    sentence also ends at an ellipsis before a capital)."""
    return [piece for start, end in _tokenized_spans(text) for piece in _cut_at_ellipses(text, start, end)]


def _cut_at_ellipses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start] + [m.end() for m in _ELLIPSIS_END.finditer(text, start, end)] + [end]
    return [_trim(text, a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def _tokenized_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in _sent_tokenize()(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        start = text.find(sentence, position)
        if start < 0:  # the tokenizer changed the text: one span for the rest
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


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] at ";" outside brackets and quotes, and before inline "(ii)"."""
    cuts = [start]
    depth = 0
    for index in range(start, end):
        char = text[index]
        if char in "([“":
            depth += 1
        elif char in ")]”" and depth:
            depth -= 1
        elif char == ";" and depth == 0:
            cuts.append(index + 1)
    cuts += [m.start() + 1 for m in _INLINE_MARKER.finditer(text, start, end)]
    cuts = sorted(set(cuts)) + [end]
    return [_trim(text, a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip(" ;.,")]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n":
        start += 1
    while end > start and text[end - 1] in " \n":
        end -= 1
    return start, end


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long clause at commas so each piece stays under MAX_CLAUSE characters."""
    pieces = []
    while end - start > MAX_CLAUSE:
        cut = text.rfind(", ", start, start + MAX_CLAUSE)
        cut = cut + 1 if cut > start else start + MAX_CLAUSE
        pieces.append((start, cut))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    pieces.append((start, end))
    return pieces


def _opens_task(text: str, mentions: list, start: int, end: int) -> bool:
    """Whether a ";" piece opens a task of its own: a verb, an agency or an assignment first."""
    piece = text[start:end]
    return find_action(piece)[1] or bool(group_at(piece, _local(mentions, start, end), 0)[0]) or bool(table("assigning").starts(piece)) \
        or bool(re.match(r"\W*(?:Về|Đối với|Riêng|Trường hợp|Giao|Đề nghị|Yêu cầu)\b", piece))


def _local(mentions: list, start: int, end: int) -> list:
    return [m.shifted(start) for m in mentions if start <= m.start < end]


_RELAY = re.compile(r"[\s,]+để\s+")


def _relays(text: str, mentions: list, start: int, end: int) -> list[tuple[int, int]]:
    """A piece cut where its purpose hands the reports on to a named body that collects them ("...
    gửi Sở Công Thương trong 03 ngày để Sở Công Thương tổng hợp, báo cáo UBND tỉnh trước ngày
    05/6/2026"): that body's task is a clause of its own."""
    cuts = []
    for found in _RELAY.finditer(text, start, end):
        group, group_end = group_at(text[found.end():end], _local(mentions, found.end(), end), 0)
        if group and find_action(text[found.end():end], group_end)[0] == "tổng hợp":  # not "tạo điều kiện để X triển khai"
            cuts.append((found.start(), found.end()))
    pieces, at = [], start
    for cut_start, cut_end in cuts:
        pieces.append(_trim(text, at, cut_start))
        at = cut_end
    return pieces + [_trim(text, at, end)]


def _list_runs_on(text: str, mentions: list, piece: tuple[int, int], following: tuple[int, int]) -> bool:
    """Whether a list of agencies goes on past a ";": a piece that is only names ("Thủ trưởng các
    sở, ban, ngành;" before "Chủ tịch UBND các xã, phường tập trung chỉ đạo ..."), or one that
    ends on whom it assigns ("... yêu cầu Giám đốc các sở, Thủ trưởng các ban, ngành;") before a
    piece that opens with names."""
    start, end = piece
    group, group_end = group_at(text[start:end], _local(mentions, start, end), 0)
    if group and not text[start + group_end:end].strip(" ;,."):
        return True
    return ends_on_addressees(text[start:end], _local(mentions, start, end)) \
        and bool(group_at(text[following[0]:following[1]], _local(mentions, *following), 0)[0])


def _purpose_leadin(text: str, pieces: list[tuple[int, int]], mentions: list) -> bool:
    """Whether ";" pieces are one lead-in that opens on its purpose ("Nhằm …; khắc phục …, Chủ
    tịch UBND yêu cầu X … như sau:"): the first opens with the purpose, the last ends with ":",
    and no piece before the last names an agency or assigns ("Để …; giao Sở A …; giao Sở B …:"
    stays three tasks)."""
    if len(pieces) < 2 or not PURPOSE_LEADIN.match(text[pieces[0][0]:pieces[0][1]]) \
            or not text[pieces[-1][0]:pieces[-1][1]].rstrip().endswith(":"):
        return False
    first, last = pieces[0][0], pieces[-1][0]
    return not any(first <= m.start < last for m in mentions) and \
        not any(table("assigning").starts(text[a:b]) for a, b in pieces[1:-1])


def content_spans(text: str, start: int, end: int, mentions: list | None = None, review: bool = False) -> list[tuple[int, int]]:
    """The clauses of text[start:end]: sentences, then pieces. A piece or a sentence that only
    adds a deadline stays with the task before it, and so (outside review sections, where each piece is its own
    statement) does a piece that opens no task of its own ("...; Gia Lai, Đắk Lắk mỗi tỉnh khoảng
    150 tỷ đồng, hoàn thành ngay trong ngày 20/11"). A list of agencies that goes on past a ";"
    ("Các sở, ban, ngành; UBND các xã, phường tăng cường ...") stays with the piece after it."""
    spans: list[tuple[int, int]] = []
    for s_start, s_end in sentence_spans(text[start:end]):
        pieces = _pieces(text, start + s_start, start + s_end)
        if _purpose_leadin(text, pieces, mentions or []):
            pieces = [_trim(text, start + s_start, start + s_end)]
        if mentions and not review:
            pieces = [relayed for a, b in pieces for relayed in _relays(text, mentions, a, b)]
        subject_from = None  # where a list of names alone began, for the piece after it
        for index, (a, b) in enumerate(pieces):
            if index + 1 < len(pieces) and mentions and _list_runs_on(text, mentions, (a, b), pieces[index + 1]):
                subject_from = a if subject_from is None else subject_from
                continue
            a, subject_from = a if subject_from is None else subject_from, None
            joins = _DEADLINE_ONLY.match(text[a:b]) or (mentions is not None and not review
                                                         and not _opens_task(text, mentions, a, b))
            if spans and (index and joins or not index and deadline_only(text[a:b])):
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
    return [piece for a, b in spans for piece in _bounded(text, a, b)]


def split_clauses(doc: NoticeDoc) -> NoticeDoc:
    """Every unit's clauses: lead, heading or body pieces (table rows stay whole)."""
    doc.clauses = []
    for index, unit in enumerate(doc.units):
        node = doc.unit_nodes[index]
        zone = "trailer" if node.kind == "trailer" else None
        body = unit.body(doc.text)
        if not body.strip():
            continue
        if unit.kind == "row" or zone == "trailer":
            doc.clauses.append(Clause(unit.start, unit.end, index, node, part="row" if unit.kind == "row" else "body", zone=zone))
            continue
        local = [m.shifted(unit.body_start) for m in doc.unit_mentions[index] if m.start >= unit.body_start]
        lead = lead_of(body, local, heading=unit.kind in HEADINGS and heading_like(body.rstrip("?")))
        start = unit.body_start
        if lead:
            lead_end = unit.body_start + lead[1]
            doc.clauses.append(Clause(unit.body_start, lead_end, index, node, part="lead", lead=lead[0]))
            start = lead_end
        elif (unit.kind in HEADINGS or node.kind == "caps") and heading_like(body) and not body.rstrip().endswith(":"):
            doc.clauses.append(Clause(unit.body_start, unit.end, index, node, part="heading"))
            continue
        review = node.zone_at(start) == "review"
        for a, b in content_spans(doc.text, start, unit.end, doc.unit_mentions[index], review):
            if sum(c.isalpha() for c in doc.text[a:b]) >= 3:
                doc.clauses.append(Clause(a, b, index, node))
    return doc
