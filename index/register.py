"""The register: what each agency was asked, month by month, deadlines (overdue, due soon),
the clerks' done-marks (SQLite, by record id, so they survive re-indexing) and corrections
(index/corrections.py), a printable report per agency and period."""
from __future__ import annotations

import csv
import html
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

from index import corrections
from index.core import Index
from index.store import Store

DUE_SOON_DAYS = 7
STATUS_LABELS = {"done": "đã xong", "overdue": "quá hạn", "due_soon": "sắp đến hạn", "open": "đang thực hiện",
                 "no_deadline": "không có hạn"}
STATUS_BY_LABEL = {label: key for key, label in STATUS_LABELS.items()}
URGENCY = {"overdue": 0, "due_soon": 1, "open": 2, "no_deadline": 3, "done": 4}
KIND_LABELS = {"directive": "Nhiệm vụ", "issue": "Tồn tại, hạn chế", "assessment": "Đánh giá", "other": "Khác"}


@dataclass
class Task:
    """One directive as a row of an agency's register."""

    record_id: str
    month: str | None
    role: str  # "lead" | "coop"
    text: str
    agencies: list[str]
    cooperating: list[str]
    action: str | None
    deadline: str | None
    deadline_date: str | None
    status: str
    done_on: str | None
    note: str | None
    source: str
    title: str | None
    meeting_date: str | None
    notice_id: str
    kind: str = "directive"
    number: str | None = None
    notice_date: str | None = None
    corrected: bool = False
    given_before: list[dict] = field(default_factory=list)  # earlier meetings of the same matter (recurring.given_before)

    def notice_label(self) -> str:
        """The notice as a clerk names it: number, date, meeting (the file name only if none)."""
        title = self.title or ""
        title = title if len(title) <= 90 else title[:88].rsplit(" ", 1)[0] + "…"
        parts = [f"Số {self.number}" if self.number else "", f"ngày {_vn_date(self.notice_date)}" if self.notice_date else "",
                 title]
        label = " — ".join(p for p in parts if p)
        return label or self.source


def _vn_date(day: str | None) -> str:
    """2025-04-30 → 30/04/2025."""
    if not day or len(day) < 10:
        return day or ""
    return f"{day[8:10]}/{day[5:7]}/{day[:4]}"


def task_status(deadline_date: str | None, done_on: str | None, as_of: date, soon_days: int = DUE_SOON_DAYS) -> str:
    """done, overdue (deadline passed, not done), due_soon (within soon_days), open, no_deadline."""
    if done_on:
        return "done"
    if not deadline_date:
        return "no_deadline"
    due = date.fromisoformat(deadline_date)
    if due < as_of:
        return "overdue"
    if due <= as_of + timedelta(days=soon_days):
        return "due_soon"
    return "open"


_TASK_SQL = """
SELECT r.id, r.month, r.kind, r.text, r.agencies, r.cooperating, r.action, r.deadline, r.deadline_date,
       r.meeting_date, r.notice_id, n.source, n.title, n.number, n.issue_date, n.meeting_date AS n_meeting,
       s.done_on, s.note
FROM records r JOIN notices n ON n.notice_id = r.notice_id LEFT JOIN status s ON s.record_id = r.id
WHERE r.vector IS NOT NULL {where}
ORDER BY r.month IS NULL, r.month, n.source, r.span_start
"""


def _tasks(index: Index, as_of: date | None, since: str | None = None, until: str | None = None) -> list[Task]:
    """Every directive once (role "lead"), corrections and aliases applied (a record a clerk
    re-kinded to a directive is one; one re-kinded away is not)."""
    as_of = as_of or date.today()
    where, params = "", []
    if since:
        where, params = where + " AND r.month >= ?", params + [since[:7]]
    if until:
        where, params = where + " AND r.month <= ?", params + [until[:7]]
    tasks = []
    for row in index.store.query(_TASK_SQL.format(where=where), params):
        data = Store.record_dict(row)
        tasks.append(Task(
            record_id=row["id"], month=row["month"], role="lead", text=row["text"], agencies=data["agencies"],
            cooperating=data["cooperating"], action=row["action"], deadline=row["deadline"],
            deadline_date=row["deadline_date"], status="", done_on=row["done_on"], note=row["note"],
            source=row["source"], title=row["title"], meeting_date=row["meeting_date"], notice_id=row["notice_id"],
            kind=row["kind"], number=row["number"], notice_date=row["n_meeting"] or row["issue_date"]))
    out = []
    for task in corrections.apply_all(index.store, tasks):
        if task.kind != "directive":
            continue
        task.status = task_status(task.deadline_date, task.done_on, as_of)
        out.append(task)
    return out


def agency_tasks(index: Index, agency: str, since: str | None = None, until: str | None = None,
                 as_of: date | None = None) -> list[Task]:
    """Every directive of an agency (as lead or cooperating, its aliases included), oldest month first."""
    name = corrections.resolve(index.store, agency)
    chosen = []
    for task in _tasks(index, as_of, since, until):
        if name in task.agencies:
            chosen.append(task)
        elif name in task.cooperating:
            task.role = "coop"
            chosen.append(task)
    return chosen


def all_tasks(index: Index, as_of: date | None = None) -> list[Task]:
    """Every directive once, with its lead agency (cooperating when it names no lead)."""
    tasks = _tasks(index, as_of)
    for task in tasks:
        if not task.agencies and task.cooperating:
            task.role = "coop"
    return tasks


def filter_tasks(tasks: list[Task], statuses: list[str] | None = None, due_from: str | None = None,
                 due_to: str | None = None) -> list[Task]:
    """Tasks with one of the statuses (keys or Vietnamese labels; none: all) and a deadline in the
    range (ISO dates, either end open; a range excludes tasks without a deadline)."""
    keys = {STATUS_BY_LABEL.get(s, s) for s in statuses or []}
    chosen = []
    for task in tasks:
        if keys and task.status not in keys:
            continue
        if (due_from or due_to) and not task.deadline_date:
            continue
        if due_from and task.deadline_date < due_from:
            continue
        if due_to and task.deadline_date > due_to:
            continue
        chosen.append(task)
    return chosen


def urgent_first(tasks: list[Task]) -> list[Task]:
    """Overdue first, then due soon, open, without deadline, done; earliest deadline first within each."""
    return sorted(tasks, key=lambda t: (URGENCY.get(t.status, 9), t.deadline_date or "9999", t.month or "", t.source))


def by_month(tasks: list[Task]) -> "OrderedDict[str, dict[str, list[Task]]]":
    """Tasks grouped by month, then by role ("lead", "coop")."""
    months: OrderedDict[str, dict[str, list[Task]]] = OrderedDict()
    for task in tasks:
        months.setdefault(task.month or "không rõ", {"lead": [], "coop": []})[task.role].append(task)
    return months


def agencies(index: Index) -> list[tuple[str, int, int]]:
    """(agency, directives as lead, as cooperating), most tasks first; corrections and merged
    names counted."""
    counts: dict[str, list[int]] = {}
    for task in _tasks(index, None):
        for name in task.agencies:
            counts.setdefault(name, [0, 0])[0] += 1
        for name in task.cooperating:
            if name not in task.agencies:
                counts.setdefault(name, [0, 0])[1] += 1
    return sorted(((name, lead, coop) for name, (lead, coop) in counts.items()), key=lambda a: (-(a[1] + a[2]), a[0]))


def deadlines(index: Index, as_of: date | None = None, soon_days: int = DUE_SOON_DAYS) -> list[Task]:
    """Directives overdue or due within soon_days (each once), most urgent first."""
    as_of = as_of or date.today()
    chosen = []
    for task in all_tasks(index, as_of):
        if task.deadline_date:
            task.status = task_status(task.deadline_date, task.done_on, as_of, soon_days)
            if task.status in ("overdue", "due_soon"):
                chosen.append(task)
    return sorted(chosen, key=lambda t: (t.deadline_date or "", t.source))


def week_of(as_of: date) -> tuple[date, date]:
    """Monday and Sunday of as_of's week."""
    monday = as_of - timedelta(days=as_of.weekday())
    return monday, monday + timedelta(days=6)


def overdue_this_week(index: Index, as_of: date | None = None, agency: str | None = None) -> list[Task]:
    """Not done and due by the end of as_of's week (Sunday): already overdue first, then those
    falling due this week; one agency's or all."""
    as_of = as_of or date.today()
    _, sunday = week_of(as_of)
    tasks = agency_tasks(index, agency, as_of=as_of) if agency else all_tasks(index, as_of)
    chosen = [t for t in tasks if t.deadline_date and not t.done_on and t.deadline_date <= sunday.isoformat()]
    return urgent_first(chosen)


def mark_done(index: Index, record_id: str, on: date | None = None, note: str | None = None) -> bool:
    """Mark a directive done (kept by record id, so re-indexing the notice keeps it)."""
    if not index.store.query("SELECT 1 FROM records WHERE id = ?", (record_id,)):
        return False
    with index.store.transaction() as db:
        db.execute("INSERT OR REPLACE INTO status (record_id, done_on, note) VALUES (?, ?, ?)",
                   (record_id, (on or date.today()).isoformat(), note))
    return True


def unmark_done(index: Index, record_id: str) -> None:
    """Take a done-mark back."""
    with index.store.transaction() as db:
        db.execute("DELETE FROM status WHERE record_id = ?", (record_id,))


EXPORT_COLUMNS = [("month", "Tháng"), ("role", "Vai trò"), ("text", "Nội dung nhiệm vụ"), ("agencies", "Cơ quan chủ trì"),
                  ("cooperating", "Cơ quan phối hợp"), ("action", "Hành động"), ("deadline", "Thời hạn"),
                  ("deadline_date", "Hạn (ngày)"), ("status", "Trạng thái"), ("done_on", "Ngày hoàn thành"),
                  ("note", "Ghi chú"), ("kind", "Loại"), ("corrected", "Đã sửa"), ("number", "Số văn bản"),
                  ("notice_date", "Ngày văn bản"), ("title", "Trích yếu"), ("source", "Tệp"),
                  ("meeting_date", "Ngày họp"), ("record_id", "Mã")]


def export_rows(tasks: list[Task]) -> list[list[str]]:
    """Tasks as rows of Vietnamese-labelled cells (header first)."""
    rows = [[label for _, label in EXPORT_COLUMNS]]
    for task in tasks:
        data = asdict(task)
        data["role"] = "chủ trì" if task.role == "lead" else "phối hợp"
        data["status"] = STATUS_LABELS[task.status]
        data["kind"] = KIND_LABELS.get(task.kind, task.kind)
        data["corrected"] = "đã sửa" if task.corrected else ""
        rows.append(["; ".join(data[k]) if isinstance(data[k], list) else ("" if data[k] is None else str(data[k]))
                     for k, _ in EXPORT_COLUMNS])
    return rows


REPORT_CSS = """
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Times New Roman", "DejaVu Serif", serif; font-size: 12pt; color: #000; margin: 0; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 4pt; text-transform: uppercase; }
p.sub { text-align: center; margin: 0 0 10pt; }
h2 { font-size: 13pt; margin: 12pt 0 4pt; }
table { width: 100%; border-collapse: collapse; page-break-inside: auto; }
tr { page-break-inside: avoid; }
thead { display: table-header-group; }
th, td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; font-size: 11pt; }
th { background: #eee; }
td.c { text-align: center; white-space: nowrap; }
.overdue td { font-weight: bold; }
p.foot { margin-top: 10pt; font-style: italic; }
"""


def report_html(tasks: list[Task], agency: str | None, since: str | None = None, until: str | None = None,
                as_of: date | None = None, title: str = "Báo cáo tình hình thực hiện nhiệm vụ") -> str:
    """A print-ready (A4) Vietnamese report of tasks, overdue first, with counts by status; escaped."""
    as_of = as_of or date.today()
    tasks = urgent_first(tasks)
    esc = html.escape
    period = ("Từ tháng " + since if since else "") + (" đến tháng " + until if until else "")
    counts = {key: sum(t.status == key for t in tasks) for key in URGENCY}
    summary = ", ".join(f"{STATUS_LABELS[k]}: {n}" for k, n in counts.items() if n) or "không có nhiệm vụ"
    rows = []
    for number, task in enumerate(tasks, 1):
        fixed = " (đã sửa)" if task.corrected else ""
        note = f"<br><i>Ghi chú: {esc(task.note)}</i>" if task.note else ""
        done = f"<br>Hoàn thành {esc(_vn_date(task.done_on))}" if task.done_on else ""
        rows.append(
            f"<tr class='{task.status}'><td class='c'>{number}</td><td>{esc(task.text)}{esc(fixed)}</td>"
            f"<td>{esc('; '.join(task.agencies))}</td><td>{esc('; '.join(task.cooperating))}</td>"
            f"<td class='c'>{esc(_vn_date(task.deadline_date) or task.deadline or '')}</td>"
            f"<td class='c'>{esc(STATUS_LABELS[task.status])}{done}{note}</td><td>{esc(task.notice_label())}</td></tr>")
    body = "".join(rows) or "<tr><td colspan='7'>Không có nhiệm vụ nào.</td></tr>"
    return (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{esc(title)}</title>"
            f"<style>{REPORT_CSS}</style></head><body>"
            f"<h1>{esc(title)}</h1><p class='sub'>{esc(agency or 'Tất cả cơ quan')}"
            f"{('<br>' + esc(period.strip())) if period else ''}<br>Tính đến ngày {esc(_vn_date(as_of.isoformat()))}</p>"
            f"<p>Tổng số: {len(tasks)} nhiệm vụ ({esc(summary)}).</p>"
            f"<table><thead><tr><th>TT</th><th>Nội dung nhiệm vụ</th><th>Chủ trì</th><th>Phối hợp</th><th>Thời hạn</th>"
            f"<th>Trạng thái</th><th>Văn bản</th></tr></thead><tbody>{body}</tbody></table>"
            f"<p class='foot'>Lập bằng chidao ngày {esc(_vn_date(date.today().isoformat()))}.</p></body></html>")


def write_table(rows: list[list[str]], path: str | Path) -> Path:
    """Write rows as CSV (UTF-8 with BOM, so Excel reads Vietnamese) or .xlsx by the suffix."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        sheet.title = "Nhiệm vụ"
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        book.save(path)
    else:
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return path
