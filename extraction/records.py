"""The records that flow through chidao: a notice and the clauses extracted from it."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field as _field
from typing import Any

KINDS = ("directive", "issue", "assessment", "other")


@dataclass
class Record:
    """One clause of a notice: a directive (one action), a problem, an assessment or other text."""

    id: str
    notice_id: str
    kind: str
    text: str
    agencies: list[str]
    agencies_raw: list[str]
    cooperating: list[str]
    action: str | None
    deadline: str | None
    deadline_date: str | None
    field: str | None
    section: str | None
    span: tuple[int, int]
    meeting_date: str | None
    context: str | None = None
    recurrence: str | None = None  # "hằng tuần", "hằng tháng", ... for a periodic duty
    agency_spans: list[tuple[int, int]] = _field(default_factory=list)  # where its agencies are named

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready dict (span as a two-item list)."""
        data = asdict(self)
        data["span"] = list(self.span)
        data["agency_spans"] = [list(span) for span in self.agency_spans]
        return data


@dataclass
class NoticeMeta:
    """What the notice says about itself; a value the text does not give stays None."""

    issuer: str | None = None
    number: str | None = None
    place: str | None = None
    issue_date: str | None = None
    issue_month: str | None = None  # YYYY-MM of a date whose day is left blank ("ngày    tháng 6 năm 2026": signed digitally)
    meeting_date: str | None = None
    title: str | None = None
    doc_type: str | None = None
    chair: str | None = None
    signer: str | None = None


@dataclass
class Notice:
    """A notice read from one file: its clean text, metadata and records."""

    notice_id: str
    source: str
    text: str
    meta: NoticeMeta
    records: list[Record] = _field(default_factory=list)
    warnings: list[str] = _field(default_factory=list)
    ocr: bool = False  # read (wholly or in part) by OCR from a scan: its records may hold misread words

    @property
    def directives(self) -> list[Record]:
        """Only the records that assign a task."""
        return [r for r in self.records if r.kind == "directive"]
