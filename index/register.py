"""The register: what each agency was asked, month by month, deadlines (overdue, due soon)
and the clerks' done-marks, which live in SQLite by record id and so survive re-indexing."""
from __future__ import annotations

import csv
from collections import OrderedDict
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from index.core import Index
from index.store import Store, month_range

DUE_SOON_DAYS = 7
STATUS_LABELS = {"done": "đã xong", "overdue": "quá hạn", "due_soon": "sắp đến hạn", "open": "đang thực hiện",
                 "no_deadline": "không có hạn"}


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
SELECT r.id, r.month, ra.role, r.text, r.agencies, r.cooperating, r.action, r.deadline, r.deadline_date,
       r.meeting_date, r.notice_id, n.source, n.title, s.done_on, s.note
FROM records r LEFT JOIN record_agencies ra ON ra.vid = r.vid JOIN notices n ON n.notice_id = r.notice_id
LEFT JOIN status s ON s.record_id = r.id
WHERE r.kind = 'directive' {where}
ORDER BY r.month IS NULL, r.month, n.source, r.span_start
"""


def _tasks(index: Index, where: str, params: list, as_of: date | None) -> list[Task]:
    as_of = as_of or date.today()
    rows = index.store.query(_TASK_SQL.format(where=where), params)
    tasks = []
    for row in rows:
        data = Store.record_dict(row)
        done_on = row["done_on"]
        tasks.append(Task(
            record_id=row["id"], month=row["month"], role=row["role"] or "lead", text=row["text"], agencies=data["agencies"],
            cooperating=data["cooperating"], action=row["action"], deadline=row["deadline"],
            deadline_date=row["deadline_date"], status=task_status(row["deadline_date"], done_on, as_of),
            done_on=done_on, note=row["note"], source=row["source"], title=row["title"],
            meeting_date=row["meeting_date"], notice_id=row["notice_id"]))
    return tasks


def agency_tasks(index: Index, agency: str, since: str | None = None, until: str | None = None,
                 as_of: date | None = None) -> list[Task]:
    """Every directive of an agency (as lead or cooperating), oldest month first."""
    months, params = month_range(since, until)
    return _tasks(index, "AND ra.agency = ?" + months, [agency, *params], as_of)


def all_tasks(index: Index, as_of: date | None = None) -> list[Task]:
    """Every directive with its lead agency (or its cooperating one when it names no lead)."""
    tasks = _tasks(index, "", [], as_of)
    unique: dict[str, Task] = {}
    for task in tasks:
        if task.record_id not in unique or task.role == "lead":
            unique[task.record_id] = task
    return list(unique.values())


def by_month(tasks: list[Task]) -> "OrderedDict[str, dict[str, list[Task]]]":
    """Tasks grouped by month, then by role ("lead", "coop")."""
    months: OrderedDict[str, dict[str, list[Task]]] = OrderedDict()
    for task in tasks:
        months.setdefault(task.month or "không rõ", {"lead": [], "coop": []})[task.role].append(task)
    return months


def agencies(index: Index) -> list[tuple[str, int, int]]:
    """(agency, directives as lead, as cooperating), most tasks first."""
    rows = index.store.query(
        "SELECT ra.agency, SUM(ra.role = 'lead') lead, SUM(ra.role = 'coop') coop FROM record_agencies ra "
        "JOIN records r ON r.vid = ra.vid WHERE r.kind = 'directive' GROUP BY ra.agency "
        "ORDER BY lead + coop DESC, ra.agency")
    return [(row["agency"], row["lead"], row["coop"]) for row in rows]


def deadlines(index: Index, as_of: date | None = None, soon_days: int = DUE_SOON_DAYS) -> list[Task]:
    """Directives overdue or due within soon_days (each once, as lead), most urgent first."""
    as_of = as_of or date.today()
    tasks = _tasks(index, "AND (ra.role = 'lead' OR ra.role IS NULL) AND r.deadline_date IS NOT NULL", [], as_of)
    tasks += [t for t in _tasks(index, "AND r.deadline_date IS NOT NULL AND NOT EXISTS "
                                       "(SELECT 1 FROM record_agencies x WHERE x.vid = r.vid AND x.role = 'lead')", [], as_of)
              if t.role == "coop"]
    unique = {t.record_id: t for t in tasks}
    for task in unique.values():
        task.status = task_status(task.deadline_date, task.done_on, as_of, soon_days)
    chosen = [t for t in unique.values() if t.status in ("overdue", "due_soon")]
    return sorted(chosen, key=lambda t: (t.deadline_date or "", t.source))


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
                  ("note", "Ghi chú"), ("source", "Văn bản"), ("meeting_date", "Ngày họp"), ("record_id", "Mã")]


def export_rows(tasks: list[Task]) -> list[list[str]]:
    """Tasks as rows of Vietnamese-labelled cells (header first)."""
    rows = [[label for _, label in EXPORT_COLUMNS]]
    for task in tasks:
        data = asdict(task)
        data["role"] = "chủ trì" if task.role == "lead" else "phối hợp"
        data["status"] = STATUS_LABELS[task.status]
        rows.append(["; ".join(data[k]) if isinstance(data[k], list) else ("" if data[k] is None else str(data[k]))
                     for k, _ in EXPORT_COLUMNS])
    return rows


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
