"""What is embedded and keyword-indexed for a record: its text with the agencies that must act
and its nearest heading ("Ban Pháp chế — Về tổ chức bộ máy: Chủ trì, phối hợp ..."), so a task
whose agency is named only in a heading or a lead is still found by that agency; the keyword
index also reads its notice's title, so "phòng chống dịch bệnh sau lũ" finds the tasks of a plan
so titled whose own words name only the steps ("Tổng điều tra lăng quăng ngay khi nước rút").
The text shown to a clerk stays as written."""
from __future__ import annotations

from index.text import expand_abbreviations

_HEADING_SEPARATOR = " › "


def passage_text(text: str, agencies: list[str] | None = None, context: str | None = None) -> str:
    """The passage of one record, abbreviations expanded (from its stored fields, so the index
    can be re-embedded from SQLite without re-extracting)."""
    heading = (context or "").split(_HEADING_SEPARATOR)[-1].strip(" :")
    prefix = ", ".join(agencies or [])
    if heading and heading.lower() not in text.lower():
        prefix = f"{prefix} — {heading}" if prefix else heading
    return expand_abbreviations(f"{prefix}: {text}" if prefix else text)


KEYWORD_TEXT = "2"  # what keyword_text reads (2: the notice's title too); an index built otherwise is rebuilt


def keyword_text(text: str, agencies: list[str] | None = None, context: str | None = None, title: str | None = None) -> str:
    """What the keyword index reads for one record: its passage and its notice's title."""
    passage = passage_text(text, agencies, context)
    return f"{passage} {expand_abbreviations(title)}" if title else passage
