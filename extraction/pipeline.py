"""From a file to a Notice. The stages, in order, each taking the NoticeDoc and returning it
enriched (as spaCy's nlp.pipeline); a reader follows one notice down this list:

    segment        layout.py     clean text and units (headings, items, paragraphs, rows)
    metadata       metadata.py   issuer, number, dates, title, type, chair, signer
    outline        outline.py    units nested under headings and items; sections; trailer
    mentions       mentions.py   the agencies each unit names (agencies.py, one recognizer)
    clauses        clauses.py    leads, sentences and ";" pieces
    roles          scope.py      each clause's own subject, assignee, cooperating, action
    tables         tables.py     task-table rows: content, lead, cooperating, deadline cells
    scope          scope.py      who must act: the nearest enclosing scope that names someone
    deadlines      deadlines.py  phrase, date and recurrence
    kinds          kinds.py      directive, issue, assessment or other
    records        records.py    the records chidao stores
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from extraction.agencies import canonical, is_bare_head
from extraction.clauses import split_clauses
from extraction.deadlines import attach_deadlines
from extraction.document import Clause, NoticeDoc
from extraction.kinds import classify_clauses
from extraction.layout import segment
from extraction.mentions import find_mentions
from extraction.metadata import extract_metadata
from extraction.outline import HEADINGS, build_outline
from extraction.readers import ReadError, read_document
from extraction.records import Notice, Record
from extraction.scope import read_roles, resolve_scope
from extraction.tables import read_tables

Stage = Callable[[NoticeDoc], NoticeDoc]


def notice_id_for(text: str) -> str:
    """A stable id from the notice's clean text (the same content gets the same id)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def record_id(notice_id: str, start: int, end: int) -> str:
    """A record's id: its notice and its span there (stable while the text is)."""
    return hashlib.sha1(f"{notice_id}:{start}:{end}".encode()).hexdigest()[:16]


def _segment(doc: NoticeDoc) -> NoticeDoc:
    doc.text, doc.units = segment(doc.raw)
    doc.notice_id = notice_id_for(doc.text)
    return doc


def _metadata(doc: NoticeDoc) -> NoticeDoc:
    doc.meta = extract_metadata(doc.raw, doc.text)
    return doc


def _unique(names: list[str], doc: NoticeDoc) -> list[str]:
    """Canonical names, each once; a bare "Tỉnh" or "Thành phố" is the notice's own province,
    a short form the notice defined ("Cục DLQGVN") is its full name, and so is a role it gave
    one body ("Chủ đầu tư")."""
    out: list[str] = []
    for name in names:
        if doc.home and name.strip().lower() in ("tỉnh", "thành phố"):
            name = f"{name.strip().capitalize()} {doc.home}"
        elif name in doc.full_names and is_bare_head(name):
            name = doc.full_names[name]  # "Văn phòng" -> "Văn phòng Đoàn ĐBQH và HĐND Thành phố"
        elif name.strip().lower() in doc.roles_named:
            name = doc.roles_named[name.strip().lower()]  # "Chủ đầu tư" -> the body named "(chủ đầu tư)"
        for short, full in doc.aliases.items():
            if short in name and short != name.strip():
                name = name.replace(short, full) if not name.startswith(full) else name
            elif short == name.strip():
                name = full
        value = canonical(name)
        if value and value not in out:
            out.append(value)
    return out


def _context(doc: NoticeDoc, clause: Clause) -> str | None:
    """The headings above a clause, outermost first, as written."""
    headings = [doc.units[node.index].body(doc.text).strip() for node in reversed(clause.node.chain())
                if node.index >= 0 and node.kind in HEADINGS and node.index != clause.unit]
    return " › ".join(headings) or None


def build_records(doc: NoticeDoc) -> NoticeDoc:
    """One record a clause, with canonical agency names (directives only carry agencies)."""
    doc.records = []
    for clause in doc.clauses:
        directive = clause.kind == "directive"
        field = next((node.field for node in clause.node.chain() if node.field), None)
        doc.records.append(Record(
            id=record_id(doc.notice_id, clause.start, clause.end), notice_id=doc.notice_id, kind=clause.kind,
            text=doc.clause_text(clause),
            agencies=_unique(clause.agencies, doc) if directive else [],
            agencies_raw=list(clause.agencies) if directive else [],
            cooperating=_unique(clause.cooperating, doc) if directive else [],
            action=clause.roles.action if directive else None,
            deadline=clause.deadline if directive else None,
            deadline_date=clause.deadline_date if directive else None,
            field=field, section=".".join(doc.units[n.index].marker.rstrip(".)") for n in reversed(clause.node.chain())
                                          if n.index >= 0 and doc.units[n.index].marker),
            span=(clause.start, clause.end), meeting_date=doc.meta.meeting_date, context=_context(doc, clause),
            recurrence=clause.recurrence if directive else None,
            agency_spans=[(clause.start + m.start, clause.start + m.end) for m in clause.mentions
                          if set(m.names) & set(clause.agencies)] if directive else [],
        ))
    return doc


STAGES: list[tuple[str, Stage]] = [
    ("segment", _segment),
    ("metadata", _metadata),
    ("outline", build_outline),
    ("mentions", find_mentions),
    ("clauses", split_clauses),
    ("roles", read_roles),
    ("tables", read_tables),
    ("scope", resolve_scope),
    ("deadlines", attach_deadlines),
    ("kinds", classify_clauses),
    ("records", build_records),
]


def run(raw: str, source: str = "<text>") -> NoticeDoc:
    """Every stage over one notice's raw text; the NoticeDoc with all they found."""
    doc = NoticeDoc(raw=raw, source=source)
    for _, stage in STAGES:
        doc = stage(doc)
    return doc


def extract_text(raw: str, source: str = "<text>") -> Notice:
    """Extract a notice from its raw text (as read from a file)."""
    doc = run(raw, source)
    notice = Notice(notice_id=doc.notice_id, source=source, text=doc.text, meta=doc.meta, records=doc.records,
                    warnings=doc.warnings)
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
    notice.ocr = bool(document.ocr_pages)
    return notice


__all__ = ["STAGES", "extract", "extract_text", "run", "ReadError"]
