"""Pure formatting for the web page: hits, tasks and groups as tables (pandas) and the notice
context as escaped HTML. Nothing from a notice is ever rendered as HTML unescaped."""
from __future__ import annotations

import html

import pandas as pd

from index import Hit
from index.recurring import Group
from index.register import STATUS_LABELS, Task

KIND_LABELS = {"directive": "Nhiệm vụ", "issue": "Tồn tại, hạn chế", "assessment": "Đánh giá", "other": "Khác"}
KIND_BY_LABEL = {label: kind for kind, label in KIND_LABELS.items()}
HIT_COLUMNS = ["Nội dung", "Cơ quan chủ trì", "Phối hợp", "Hành động", "Thời hạn", "Trạng thái", "Loại",
               "Văn bản", "Ngày họp", "Điểm"]
TASK_COLUMNS = ["Tháng", "Vai trò", "Nội dung", "Hành động", "Thời hạn", "Hạn (ngày)", "Trạng thái", "Văn bản", "Mã"]
GROUP_COLUMNS = ["Số cuộc họp", "Lần đầu", "Lần cuối", "Cơ quan", "Từ khóa", "Nội dung tiêu biểu"]
MEMBER_COLUMNS = ["Ngày họp", "Loại", "Nội dung", "Cơ quan", "Đã giao trước đó", "Văn bản"]


def hits_table(hits: list[Hit]) -> pd.DataFrame:
    """Search results as the table a clerk reads."""
    rows = [[h.text, ", ".join(h.agencies), ", ".join(h.cooperating), h.action or "", h.deadline or "",
             "đã xong" if h.done else ("" if h.kind != "directive" else "chưa đánh dấu"), KIND_LABELS.get(h.kind, h.kind),
             h.source, h.meeting_date or h.notice_date or "", round(h.score, 4)] for h in hits]
    return pd.DataFrame(rows, columns=HIT_COLUMNS)


def context_html(hit: Hit) -> str:
    """The notice around a hit, the directive highlighted, with the notice's metadata; escaped."""
    before, _, after = hit.context.partition(hit.text)
    meta = [("Văn bản", hit.source), ("Số", hit.number or "—"), ("Trích yếu", hit.title or "—"),
            ("Ngày họp / ban hành", hit.meeting_date or hit.notice_date or "—"), ("Lĩnh vực", hit.field or "—")]
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in meta)
    body = f"…{html.escape(before)}<mark>{html.escape(hit.text)}</mark>{html.escape(after)}…"
    return f"<table class='meta'>{rows}</table><div class='context'>{body}</div>"


def tasks_table(tasks: list[Task]) -> pd.DataFrame:
    """An agency's register rows."""
    rows = [[t.month or "", "chủ trì" if t.role == "lead" else "phối hợp", t.text, t.action or "", t.deadline or "",
             t.deadline_date or "", STATUS_LABELS[t.status], t.source, t.record_id] for t in tasks]
    return pd.DataFrame(rows, columns=TASK_COLUMNS)


def styled_tasks(tasks: list[Task]):  # noqa: ANN201 - pandas Styler
    """The register with overdue rows in red and due-soon rows in amber."""
    frame = tasks_table(tasks)
    colours = {STATUS_LABELS["overdue"]: "background-color: #fde2e1", STATUS_LABELS["due_soon"]: "background-color: #fff4ce",
               STATUS_LABELS["done"]: "color: #5f6b5f"}

    def colour(row: pd.Series) -> list[str]:
        return [colours.get(row["Trạng thái"], "")] * len(row)
    return frame.style.apply(colour, axis=1)


def monthly_counts(tasks: list[Task]) -> pd.DataFrame:
    """Tasks per month and role, for the agency chart."""
    counts: dict[tuple[str, str], int] = {}
    for task in tasks:
        key = (task.month or "không rõ", "Chủ trì" if task.role == "lead" else "Phối hợp")
        counts[key] = counts.get(key, 0) + 1
    return pd.DataFrame([[m, r, n] for (m, r), n in sorted(counts.items())], columns=["Tháng", "Vai trò", "Số nhiệm vụ"])


def groups_table(groups: list[Group]) -> pd.DataFrame:
    """Recurring issues, ranked."""
    rows = [[g.meetings, g.first_seen or "", g.last_seen or "", ", ".join(g.agencies[:4]), ", ".join(g.terms[:5]), g.label]
            for g in groups]
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def group_members(group: Group) -> pd.DataFrame:
    """The records of one recurring issue with their notices."""
    rows = [[m.meeting_date or m.month or "", KIND_LABELS.get(m.kind, m.kind), m.text, ", ".join(m.agencies),
             ", ".join(m.earlier), m.source] for m in group.members]
    return pd.DataFrame(rows, columns=MEMBER_COLUMNS)


def group_months(group: Group) -> pd.DataFrame:
    """Records per month of one recurring issue, for its chart."""
    counts: dict[str, int] = {}
    for member in group.members:
        month = (member.meeting_date or member.month or "không rõ")[:7]
        counts[month] = counts.get(month, 0) + 1
    return pd.DataFrame(sorted(counts.items()), columns=["Tháng", "Số lần nêu"])
