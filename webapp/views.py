"""Pure formatting for the web page: hits, tasks and groups as tables (pandas) and the notice
context as escaped HTML. Nothing from a notice is ever rendered as HTML unescaped."""
from __future__ import annotations

import html

import pandas as pd

from index import Hit
from index.recurring import Group, given_text
from index.register import KIND_LABELS, STATUS_LABELS, Task, _vn_date

KIND_BY_LABEL = {label: kind for kind, label in KIND_LABELS.items()}
# no hash ids and no raw scores on screen: a clerk reads the text, who, when and the notice
HIT_COLUMNS = ["Nội dung", "Cơ quan chủ trì", "Phối hợp", "Thời hạn", "Trạng thái", "Loại", "Văn bản", "Ngày họp",
               "Đã giao trước"]
# pixel widths: a phone scrolls the table sideways instead of breaking headers letter by letter
HIT_WIDTHS = [330, 150, 120, 105, 110, 90, 190, 100, 180]
TASK_COLUMNS = ["Trạng thái", "Hạn", "Nội dung", "Vai trò", "Chủ trì", "Phối hợp", "Văn bản", "Tháng", "Đã giao trước"]
TASK_WIDTHS = [110, 105, 420, 80, 150, 120, 200, 75, 180]


def status_text(status_label: str, corrected: bool) -> str:
    """A status cell, with "đã sửa" when a clerk corrected the record."""
    return f"{status_label} · đã sửa" if corrected else status_label
GROUP_COLUMNS = ["Số cuộc họp", "Loại", "Lần đầu", "Lần cuối", "Cơ quan", "Từ khóa", "Nội dung tiêu biểu"]
GROUP_KINDS = {True: "Có tên riêng", False: "Theo chủ đề"}  # named matter (a place, project, document) or shared theme
MEMBER_COLUMNS = ["Ngày họp", "Loại", "Nội dung", "Cơ quan", "Đã giao trước đó", "Văn bản"]


def hits_frame(hits: list[Hit], earlier: dict[str, list[dict]] | None = None) -> pd.DataFrame:
    """Search results as the table a clerk reads; corrected records say "đã sửa"; a matter given
    at an earlier meeting says when and in which notice (earlier: recurring.given_before)."""
    earlier = earlier or {}
    rows = [[h.text, ", ".join(h.agencies), ", ".join(h.cooperating), h.deadline or "",
             status_text("đã xong" if h.done else ("" if h.kind != "directive" else "chưa đánh dấu"), h.corrected),
             KIND_LABELS.get(h.kind, h.kind), notice_label(h), _vn_date(h.meeting_date or h.notice_date),
             given_text(earlier.get(h.id, []))] for h in hits]
    return pd.DataFrame(rows, columns=HIT_COLUMNS)


def notice_label(hit: Hit) -> str:
    """A hit's notice by number and title (its file name only if it has neither)."""
    title = hit.title or ""
    title = title if len(title) <= 70 else title[:68].rsplit(" ", 1)[0] + "…"
    parts = [f"Số {hit.number}" if hit.number else "", title]
    return " — ".join(p for p in parts if p) or hit.source


# shown with a record whose notice was read from a scan
OCR_ROW = ("Nguồn chữ", "Bản quét, đọc bằng OCR: có thể sai chữ, hãy đối chiếu bản gốc")


def context_html(hit: Hit) -> str:
    """The notice around a hit, the directive highlighted, with the notice's metadata; escaped."""
    before, _, after = hit.context.partition(hit.text)
    meta = [("Văn bản", hit.source), ("Số", hit.number or "—"), ("Trích yếu", hit.title or "—"),
            ("Ngày họp / ban hành", hit.meeting_date or hit.notice_date or "—"), ("Lĩnh vực", hit.field or "—"),
            *([OCR_ROW] if hit.ocr else [])]
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in meta)
    body = f"…{html.escape(before)}<mark>{html.escape(hit.text)}</mark>{html.escape(after)}…"
    return f"<table class='meta'>{rows}</table><div class='context'>{body}</div>"


def tasks_table(tasks: list[Task]) -> pd.DataFrame:
    """An agency's register rows: status, deadline, text, role, agencies, the notice (number, date, meeting)."""
    rows = [[status_text(STATUS_LABELS[t.status], t.corrected),
             _vn_date(t.deadline_date) or t.deadline or "", t.text + (f" [Ghi chú: {t.note}]" if t.note else ""),
             "chủ trì" if t.role == "lead" else "phối hợp", ", ".join(t.agencies), ", ".join(t.cooperating),
             t.notice_label(), t.month or "", given_text(t.given_before)] for t in tasks]
    return pd.DataFrame(rows, columns=TASK_COLUMNS)


def task_context_html(index, task: Task) -> str:  # noqa: ANN001 - index.Index
    """The notice around a register task, the task highlighted, with the notice's metadata; escaped."""
    meta = [("Văn bản", task.notice_label()), ("Tệp", task.source), ("Ngày họp", _vn_date(task.meeting_date) or "—")]
    return record_context_html(index, task.record_id, meta)


def earlier_html(index, earlier: dict) -> str:  # noqa: ANN001 - index.Index
    """The earlier record of a matter given again (an item of recurring.given_before) in its notice."""
    label = " — ".join(p for p in (f"Số {earlier['number']}" if earlier.get("number") else "", earlier.get("title") or "") if p)
    meta = [("Lần giao trước", earlier["label"]), ("Văn bản", label or earlier["source"]), ("Tệp", earlier["source"]),
            ("Ngày họp / ban hành", _vn_date(earlier["day"]) or "—")]
    return record_context_html(index, earlier["id"], meta)


def record_context_html(index, record_id: str, meta: list[tuple[str, str]]) -> str:  # noqa: ANN001 - index.Index
    """The notice around a record, the record highlighted, under a table of metadata; escaped."""
    rows = index.store.query("SELECT r.span_start, r.span_end, n.text, n.ocr FROM records r JOIN notices n USING(notice_id) "
                             "WHERE r.id = ?", (record_id,))
    if not rows:
        return ""
    start, end, text = rows[0]["span_start"], rows[0]["span_end"], rows[0]["text"] or ""
    meta = [*meta, *([OCR_ROW] if rows[0]["ocr"] else [])]
    table = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in meta)
    before, found, after = text[max(0, start - 600):start], text[start:end], text[end:end + 600]
    body = f"…{html.escape(before)}<mark>{html.escape(found)}</mark>{html.escape(after)}…"
    return f"<table class='meta'>{table}</table><div class='context'>{body}</div>"


def styled_tasks(tasks: list[Task]):  # noqa: ANN201 - pandas Styler
    """The register with overdue rows in red and due-soon rows in amber."""
    frame = tasks_table(tasks)
    colours = {STATUS_LABELS["overdue"]: "background-color: #fde2e1", STATUS_LABELS["due_soon"]: "background-color: #fff4ce",
               STATUS_LABELS["done"]: "color: #5f6b5f"}

    def colour(row: pd.Series) -> list[str]:
        return [colours.get(row["Trạng thái"].split(" · ")[0], "")] * len(row)
    return frame.style.apply(colour, axis=1)


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def time_axis(counts: dict[tuple[str, str], int], groups: list[str], max_months: int = 36) -> list[tuple[str, str, int]]:
    """(period, group, count) rows on an even time axis: every month between the first and the
    last (empty ones as 0), or every year when they span more than max_months; unknown last."""
    known = sorted({m for m, _ in counts if len(m) == 7 and m[4] == "-" and m[:4].isdigit()})
    rows: list[tuple[str, str, int]] = []
    if known:
        months = _months_between(known[0], known[-1])
        by_year = len(months) > max_months
        periods = sorted({m[:4] for m in months}) if by_year else months
        totals = {(p, g): 0 for p in periods for g in groups}
        for (month, group), n in counts.items():
            if month in known:
                key = (month[:4] if by_year else month, group)
                totals[key] = totals.get(key, 0) + n
        present = {g for (_, g), n in totals.items() if n}
        rows = [(p, g, n) for (p, g), n in sorted(totals.items()) if g in present]
    rows += [(m, g, n) for (m, g), n in sorted(counts.items()) if m not in known]
    return rows


def monthly_counts(tasks: list[Task]) -> pd.DataFrame:
    """Tasks per month (per year over a long span) and role, on an even time axis, for the agency chart."""
    counts: dict[tuple[str, str], int] = {}
    for task in tasks:
        key = (task.month or "không rõ", "Chủ trì" if task.role == "lead" else "Phối hợp")
        counts[key] = counts.get(key, 0) + 1
    return pd.DataFrame(time_axis(counts, ["Chủ trì", "Phối hợp"]), columns=["Tháng", "Vai trò", "Số nhiệm vụ"])


def groups_table(groups: list[Group]) -> pd.DataFrame:
    """Recurring issues, ranked: those naming a place, project or document first."""
    rows = [[g.meetings, GROUP_KINDS[g.named], g.first_seen or "", g.last_seen or "", ", ".join(g.agencies[:4]),
             ", ".join(g.terms[:5]), g.label] for g in groups]
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def group_members(group: Group) -> pd.DataFrame:
    """The records of one recurring issue with their notices."""
    rows = [[m.meeting_date or m.month or "", KIND_LABELS.get(m.kind, m.kind), m.text, ", ".join(m.agencies),
             ", ".join(m.earlier), m.source] for m in group.members]
    return pd.DataFrame(rows, columns=MEMBER_COLUMNS)


def group_months(group: Group) -> pd.DataFrame:
    """Records per month of one recurring issue, on an even time axis, for its chart."""
    counts: dict[tuple[str, str], int] = {}
    for member in group.members:
        key = ((member.meeting_date or member.month or "không rõ")[:7], "")
        counts[key] = counts.get(key, 0) + 1
    return pd.DataFrame([(m, n) for m, _, n in time_axis(counts, [""])], columns=["Tháng", "Số lần nêu"])
