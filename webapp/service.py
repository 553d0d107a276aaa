"""What the web page does with the index: searches with the page's filters, cached recurring
groups, uploads stored under generated names and checked by content, exports to files."""
from __future__ import annotations

import re
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from extraction import Notice, ReadError, extract
from extraction.readers import max_bytes, sniff
from index import Hit, Index
from index import register
from index.recurring import Group, recurring

EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "text": ".txt"}


@dataclass
class UploadOutcome:
    """What happened to one uploaded file."""

    name: str
    status: str  # "added" | "duplicate" | "error"
    message: str
    notice: Notice | None = None
    warnings: list[str] = field(default_factory=list)


def safe_name(name: str) -> str:
    """The base name of an uploaded file, stripped of directories and control characters."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f<>:\"|?*]", "_", base).strip(" .")
    return base[:120] or "tep-tai-len"


class Service:
    """The index plus the caches and file handling the page needs."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.uploads = index.path / "uploads"
        self.uploads.mkdir(exist_ok=True)
        self.exports = Path(tempfile.mkdtemp(prefix="chidao-export-"))
        self._lock = threading.Lock()
        self._groups: tuple[int, list[Group]] | None = None

    # -- choices for the filters --------------------------------------------------------------
    def agency_choices(self) -> list[tuple[str, str]]:
        """(label with counts, canonical name) of every agency with directives."""
        return [(f"{name} ({lead + coop})", name) for name, lead, coop in register.agencies(self.index)]

    def months(self) -> list[str]:
        """Months that have records, oldest first."""
        return [r["month"] for r in self.index.store.query(
            "SELECT DISTINCT month FROM records WHERE month IS NOT NULL ORDER BY month")]

    def fields(self) -> list[str]:
        """The most used headings (fields) of directives."""
        return [r["field"] for r in self.index.store.query(
            "SELECT field, COUNT(*) n FROM records WHERE kind = 'directive' AND field IS NOT NULL AND length(field) < 90 "
            "GROUP BY field HAVING n > 1 ORDER BY n DESC LIMIT 60")]

    def sources(self) -> list[str]:
        """Stored notices' file names."""
        return [n["source"] for n in self.index.notices()]

    # -- reading -----------------------------------------------------------------------------
    def search(self, query: str, k: int = 30, **filters: str | None) -> list[Hit]:
        """Search with the page's filters (empty values ignored)."""
        chosen = {key: value for key, value in filters.items() if value}
        return self.index.search(query, k=k, **chosen)

    def groups(self) -> list[Group]:
        """Recurring issues, recomputed only after the index changed."""
        with self._lock:
            if self._groups is None or self._groups[0] != self.index.version:
                self._groups = (self.index.version, recurring(self.index))
            return self._groups[1]

    # -- writing -----------------------------------------------------------------------------
    def upload(self, paths: list[str]) -> list[UploadOutcome]:
        """Store each file under a generated name (content decides the type), extract and add
        it; a bad file gets its message and the others are still added."""
        outcomes = []
        for path in paths:
            name = safe_name(Path(path).name)
            try:
                size = Path(path).stat().st_size
                if size > max_bytes():
                    raise ReadError(f"{name}: tệp quá lớn ({size / 1048576:.1f} MB, giới hạn {max_bytes() / 1048576:.0f} MB)")
                data = Path(path).read_bytes()
                stored = self.uploads / f"{uuid.uuid4().hex}{EXTENSIONS[sniff(data[:8])]}"
                stored.write_bytes(data)
                notice = extract(Path(name), data)  # the bytes are read already: the path only names the file
                result = self.index.add_notice(notice)
                message = (f"đã thêm {len(notice.directives)} nhiệm vụ" if result.status == "added"
                           else "đã có trong chỉ mục (trùng nội dung), không thêm lại")
                outcomes.append(UploadOutcome(name, result.status, message, notice, notice.warnings))
            except ReadError as exc:
                outcomes.append(UploadOutcome(name, "error", str(exc)))
            except Exception as exc:  # a clerk sees one line, never a traceback
                outcomes.append(UploadOutcome(name, "error", f"{name}: không xử lý được tệp ({type(exc).__name__})"))
        return outcomes

    def export(self, rows: list[list[str]], stem: str, fmt: str) -> str:
        """Write rows to a CSV or Excel file and return its path for download."""
        path = self.exports / f"{safe_name(stem)}-{uuid.uuid4().hex[:6]}.{fmt}"
        return str(register.write_table(rows, path))


def hits_rows(hits: list[Hit]) -> list[list[str]]:
    """Search results as export rows (header first)."""
    header = ["Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Hành động", "Thời hạn", "Hạn (ngày)", "Loại",
              "Văn bản", "Số", "Ngày họp", "Mã"]
    return [header] + [[h.text, "; ".join(h.agencies), "; ".join(h.cooperating), h.action or "", h.deadline or "",
                        h.deadline_date or "", h.kind, h.source, h.number or "", h.meeting_date or h.notice_date or "", h.id]
                       for h in hits]
