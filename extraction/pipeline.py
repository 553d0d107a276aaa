"""From a file to a Notice: read -> segment layout -> metadata -> walk structure -> clauses ->
tagged records. Each stage is a pure function of the previous one's output, except reading."""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from extraction import tables
from extraction.agencies import registry
from extraction.clauses import clause_spans
from extraction.deadlines import find_deadline, resolve
from extraction.layout import segment
from extraction.metadata import extract_metadata
from extraction.readers import ReadError, read_document
from extraction.records import Notice, NoticeMeta, Record
from extraction.structure import Block, walk
from extraction.tagging import classify, find_action, tag_clause

_MAX_RECORD = 1200  # characters; longer clauses are cut at a comma so the encoder sees them whole


def notice_id_for(text: str) -> str:
    """A stable id from the notice's clean text (the same content gets the same id)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _record_id(notice_id: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{notice_id}:{start}:{end}".encode()).hexdigest()[:16]


def _reference_date(meta: NoticeMeta) -> date | None:
    for value in (meta.meeting_date, meta.issue_date):
        if value:
            return date.fromisoformat(value)
    return None


def _canonical(names: list[str]) -> list[str]:
    reg = registry()
    out: list[str] = []
    for name in names:
        canonical = reg.canonical(name)
        if canonical and canonical not in out:
            out.append(canonical)
    return out


def _joins(piece: str) -> bool:
    """A ';' piece that opens no action of its own belongs to the clause before it."""
    tags = tag_clause(piece, inherited=True)
    return not (tags.starts_with_action or tags.inline)


class _Builder:
    """Collects the records of one notice."""

    def __init__(self, notice_id: str, text: str, meta: NoticeMeta) -> None:
        self.notice_id, self.text, self.meta = notice_id, text, meta
        self.reference = _reference_date(meta)
        self.records: list[Record] = []
        self.leadin_of: dict[str, int] = {}

    def add(self, start: int, end: int, kind: str, block: Block | None, agencies_raw: list[str],
            cooperating_raw: list[str], action: str | None, deadline_text: str | None = None) -> None:
        clause = self.text[start:end]
        deadline = find_deadline(deadline_text if deadline_text is not None else clause)
        phrase = deadline_text.strip() if deadline_text else (deadline[0] if deadline else None)
        resolved = resolve(phrase, self.reference) if phrase and kind == "directive" else None
        record = Record(
            id=_record_id(self.notice_id, start, end), notice_id=self.notice_id, kind=kind, text=clause,
            agencies=_canonical(agencies_raw) if kind == "directive" else [],
            agencies_raw=agencies_raw if kind == "directive" else [],
            cooperating=_canonical(cooperating_raw) if kind == "directive" else [],
            action=action if kind == "directive" else None,
            deadline=phrase if kind == "directive" else None,
            deadline_date=resolved.isoformat() if resolved else None,
            field=block.field if block else None, section=block.section if block else None,
            span=(start, end), meeting_date=self.meta.meeting_date,
            context=block.context if block else None,
        )
        self.records.append(record)
        if block is not None and block.leadin is not None:
            self.leadin_of[record.id] = block.leadin

    def block(self, block: Block) -> None:
        if block.zone in ("trailer", "heading", "leadin"):
            if self.text[block.start:block.end].strip():
                self.add(block.start, block.end, "other", block, [], [], None)
            return
        if block.unit.kind == "row":
            self.row(block)
            return
        piece = self.text[block.start:block.end]
        offset = block.start
        joins = _never if block.zone == "assessment" else _joins
        subject: list[str] = []  # the last sentence's own agencies carry over to the next ones
        for start, end in clause_spans(piece, joins):
            for c_start, c_end in _bounded(piece, start, end):
                subject = self.clause(block, offset + c_start, offset + c_end, subject)

    def clause(self, block: Block, start: int, end: int, subject: list[str]) -> list[str]:
        """Add one clause; returns the agencies a following clause without its own would take."""
        text = self.text[start:end]
        if sum(c.isalpha() for c in text) < 3:
            return subject
        inherited = bool(block.agencies or subject)
        tags = tag_clause(text, inherited)
        kind = classify(text, tags, block.zone, inherited)
        agencies = tags.agencies_raw if tags.inline else (block.agencies or subject)
        self.add(start, end, kind, block, agencies, tags.cooperating_raw, tags.action)
        return tags.agencies_raw if tags.inline and kind == "directive" else subject

    def row(self, block: Block) -> None:
        line = self.text[block.unit.start:block.unit.end]
        cells = tables.cells(line)
        header = tables.header_map(cells)
        if header:
            self.table_roles = header
            self.add(block.unit.start, block.unit.end, "other", block, [], [], None)
            return
        row = tables.read_row(cells, getattr(self, "table_roles", None))
        if row is None or tables.is_letterhead(cells):
            self.add(block.unit.start, block.unit.end, "other", block, [], [], None)
            return
        action, is_verb = find_action(row.content)
        tags = tag_clause(row.content, bool(row.lead or block.agencies))
        lead = row.lead or tags.agencies_raw or block.agencies
        kind = "directive" if (is_verb or lead) and len(row.content) > 15 else "other"
        self.add(block.unit.start, block.unit.end, kind, block, lead,
                 row.cooperating or tags.cooperating_raw, action or tags.action, row.deadline)

    def apply_leadins(self, leadins: list[list[str]]) -> None:
        """A lead-in's addressees go to the directives under it when none of them names anyone."""
        groups: dict[int, list[Record]] = {}
        for record in self.records:
            if record.kind == "directive" and record.id in self.leadin_of:
                groups.setdefault(self.leadin_of[record.id], []).append(record)
        for index, records in groups.items():
            if leadins[index] and not any(r.agencies for r in records):
                for record in records:
                    record.agencies_raw = list(leadins[index])
                    record.agencies = _canonical(leadins[index])


def _never(piece: str) -> bool:
    """In a review section every ';' piece is its own statement."""
    return False


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long clause at commas so each piece stays under _MAX_RECORD characters."""
    if end - start <= _MAX_RECORD:
        return [(start, end)]
    pieces = []
    while end - start > _MAX_RECORD:
        cut = text.rfind(", ", start, start + _MAX_RECORD)
        cut = cut + 1 if cut > start else start + _MAX_RECORD
        pieces.append((start, cut))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    pieces.append((start, end))
    return pieces


def extract_text(raw: str, source: str = "<text>") -> Notice:
    """Extract a notice from its raw text (as read from a file)."""
    text, units = segment(raw)
    meta = extract_metadata(raw, text)
    notice_id = notice_id_for(text)
    builder = _Builder(notice_id, text, meta)
    blocks, leadins = walk(text, units)
    for block in blocks:
        builder.block(block)
    builder.apply_leadins(leadins)
    notice = Notice(notice_id=notice_id, source=source, text=text, meta=meta, records=builder.records)
    if not notice.directives:
        notice.warnings.append(f"{source}: không tìm thấy nhiệm vụ nào — tệp có vẻ không phải thông báo giao việc")
    return notice


def extract(path: str | Path, data: bytes | None = None) -> Notice:
    """Read a notice file (PDF, DOCX or TXT) and extract its metadata and records.

    Raises ReadError (one clear line naming the file) when the file cannot be read."""
    path = Path(path)
    document = read_document(path, data)
    notice = extract_text(document.text, source=path.name)
    notice.warnings[:0] = document.warnings
    return notice


__all__ = ["extract", "extract_text", "ReadError"]
