"""The "Theo cơ quan" tab: an agency's register filtered by status and deadline, overdue first;
the selected task's notice in context; done-marks with a date, a note and undo; corrections,
merged agency names, deleting a notice; a printable report and the overdue-this-week list.

Handlers are plain functions of the service and the widgets' values, so tests call them."""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

import gradio as gr

from index import corrections, register
from index.recurring import given_text
from index.register import Task
from webapp import views
from webapp.common import NONE_CHOSEN, matching, row_of
from webapp.downloads import lazy_downloads
from webapp.service import Service

STATUS_CHOICES = [register.STATUS_LABELS[k] for k in ("overdue", "due_soon", "open", "no_deadline", "done")]
KIND_CHOICES = [(label, kind) for kind, label in views.KIND_LABELS.items()]
NOTHING = "Hãy chọn một nhiệm vụ trong bảng trước."


@dataclass
class Shown:
    """What a register view returns: the tasks listed (in table order) and the widgets' values."""

    tasks: list[Task]
    chart: object
    table: object
    summary: str


def _task_line(task) -> str:  # noqa: ANN001 - a Task, or a search Hit
    label = task.notice_label() if isinstance(task, Task) else views.notice_label(task)
    return f"«{task.text[:100]}{'…' if len(task.text) > 100 else ''}» ({label})"


def show(service: Service, agency: str, statuses: list[str] | None = None, due_from: str = "", due_to: str = "",
         as_of: date | None = None) -> Shown:
    """An agency's register, filtered, overdue first."""
    if not agency:
        return Shown([], views.monthly_counts([]), views.tasks_table([]), "")
    every = register.agency_tasks(service.index, agency, as_of=as_of)
    start, end = corrections.parse_date(due_from or ""), corrections.parse_date(due_to or "")
    tasks = register.urgent_first(register.filter_tasks(every, statuses, start, end))
    earlier = service.given_before([t.record_id for t in tasks])
    for task in tasks:
        task.given_before = earlier.get(task.record_id, [])
    overdue = sum(t.status == "overdue" for t in every)
    summary = (f"{agency}: {len(every)} nhiệm vụ, {overdue} quá hạn. Đang hiện {len(tasks)} "
               f"(quá hạn lên đầu). Chọn một dòng để xem văn bản và đánh dấu hoặc sửa.")
    if (due_from and not start) or (due_to and not end):
        summary += " Ngày hạn không hợp lệ (nhập dạng 30/6/2025) nên chưa lọc theo hạn."
    return Shown(tasks, views.monthly_counts(every), views.styled_tasks(tasks), summary)


def choose(service: Service, tasks: list[Task], event) -> tuple:  # noqa: ANN001
    """A clicked row: (record id, message, notice context HTML, lead, cooperating, deadline, kind,
    the «earlier» button shown when the matter was given at an earlier meeting)."""
    row = row_of(event)
    if not tasks or row is None or row >= len(tasks):
        return "", "", "", "", "", "", "directive", gr.update(visible=False)
    task = tasks[row]
    done = f" Đã xong ngày {register._vn_date(task.done_on)}." if task.done_on else ""
    note = f" Ghi chú: {task.note}" if task.note else ""
    before = f" Việc này {given_text(task.given_before)}." if task.given_before else ""
    message = f"Đã chọn: {_task_line(task)}.{done}{note}{before}"
    return (task.record_id, message, views.task_context_html(service.index, task), "; ".join(task.agencies),
            "; ".join(task.cooperating), task.deadline_date or task.deadline or "", task.kind,
            gr.update(visible=bool(task.given_before)))


def show_earlier(service: Service, record_id: str) -> tuple[str, str]:
    """The earliest earlier record of the selected matter in its notice: (context HTML, message)."""
    earlier = service.given_before([record_id]).get(record_id, []) if record_id else []
    if not earlier:
        return "", "Việc đã chọn chưa được giao ở cuộc họp nào trước đó." if record_id else NOTHING
    first = earlier[0]
    return (views.earlier_html(service.index, first),
            f"Lần giao trước ({first['label']}): «{first['text'][:100]}{'…' if len(first['text']) > 100 else ''}»")


def _find(tasks: list, record_id: str):  # noqa: ANN205 - a Task, or a search Hit
    return next((t for t in tasks if (getattr(t, "record_id", None) or t.id) == record_id), None)


def mark_done(service: Service, tasks: list[Task], record_id: str, on: str, note: str) -> str:
    """Mark the selected task (only one listed now) done on the chosen day (default today)."""
    task = _find(tasks, record_id) if record_id else None
    if task is None:
        return NOTHING
    day = corrections.parse_date(on or "") if (on or "").strip() else date.today().isoformat()
    if day is None:
        return f"Ngày hoàn thành không hợp lệ: «{html.escape(on)}» (nhập dạng 30/6/2025)."
    register.mark_done(service.index, record_id, date.fromisoformat(day), (note or "").strip() or None)
    extra = f" Ghi chú: {note.strip()}" if (note or "").strip() else ""
    return f"Đã đánh dấu hoàn thành ngày {register._vn_date(day)}: {_task_line(task)}.{extra}"


def unmark_done(service: Service, tasks: list[Task], record_id: str) -> str:
    """Take back the selected task's done-mark."""
    task = _find(tasks, record_id) if record_id else None
    if task is None:
        return NOTHING
    register.unmark_done(service.index, record_id)
    return f"Đã bỏ đánh dấu hoàn thành: {_task_line(task)}."


def save_correction(service: Service, tasks: list[Task], record_id: str, lead: str, coop: str, deadline: str,
                    kind: str) -> str:
    """Store what changed of the selected task (lead and cooperating agencies, deadline, kind)."""
    task = _find(tasks, record_id) if record_id else None
    if task is None:
        return NOTHING
    store, changed = service.index.store, []
    if (deadline or "").strip() and corrections.parse_date(deadline) is None:  # check all before writing any
        return f"Chưa lưu: ngày không hợp lệ: «{html.escape(deadline.strip())}» (nhập dạng 30/6/2025)."
    try:
        if corrections.split_names(lead) != task.agencies:
            corrections.correct(store, task.notice_id, task.text, "agencies", lead)
            changed.append("cơ quan chủ trì")
        if corrections.split_names(coop) != task.cooperating:
            corrections.correct(store, task.notice_id, task.text, "cooperating", coop)
            changed.append("cơ quan phối hợp")
        if (deadline or "").strip() != (task.deadline_date or task.deadline or ""):
            corrections.correct(store, task.notice_id, task.text, "deadline", deadline)
            changed.append("thời hạn")
        if kind and kind != task.kind:
            corrections.correct(store, task.notice_id, task.text, "kind", kind)
            changed.append("loại")
    except ValueError as exc:
        return f"Chưa lưu: {exc}."
    if not changed:
        return "Không có gì thay đổi."
    return f"Đã sửa {', '.join(changed)}: {_task_line(task)}. Bấm «Hoàn tác sửa» để quay lại."


def undo_correction(service: Service, tasks: list[Task], record_id: str) -> str:
    """Drop the selected task's newest correction."""
    task = _find(tasks, record_id) if record_id else None
    if task is None:
        return NOTHING
    field = corrections.undo(service.index.store, task.notice_id, task.text)
    if field is None:
        return "Nhiệm vụ này chưa được sửa."
    return f"Đã hoàn tác lần sửa gần nhất ({field}): {_task_line(task)}."


def merge(service: Service, alias: str, canonical: str) -> str:
    """Merge two agency names: alias is counted as canonical."""
    try:
        corrections.add_alias(service.index.store, alias or "", canonical or "")
    except ValueError as exc:
        return f"Chưa gộp: {exc}."
    return f"Đã gộp «{alias}» vào «{canonical}». Bấm «Bỏ gộp» để tách lại."


def unmerge(service: Service, alias: str) -> str:
    """Undo a merge."""
    if corrections.remove_alias(service.index.store, alias or ""):
        return f"Đã tách «{alias}» khỏi tên đã gộp."
    return f"«{alias}» không phải tên đã gộp."


def delete_notice(service: Service, tasks: list[Task], record_id: str, confirmed: bool) -> str:
    """Delete the selected task's notice (all its records) from the index."""
    task = _find(tasks, record_id) if record_id else None
    if task is None:
        return NOTHING
    if not confirmed:
        return "Hãy đánh dấu ô xác nhận trước khi xóa văn bản."
    removed = service.delete_notice(task.notice_id)
    return f"Đã xóa văn bản {task.notice_label()} ({removed} mục) khỏi chỉ mục. Bấm «Khôi phục văn bản vừa xóa» để hoàn tác."


def restore_notice(service: Service) -> str:
    """Put the last deleted notice back."""
    label = service.restore_notice()
    return f"Đã khôi phục văn bản {label}." if label else "Không có văn bản nào vừa xóa."


def report(service: Service, agency: str, since: str, until: str, as_of: date | None = None) -> tuple[str, str]:
    """A printable report of an agency's tasks in a period (months): (HTML document, file path)."""
    tasks = register.agency_tasks(service.index, agency, since or None, until or None, as_of) if agency else \
        register.all_tasks(service.index, as_of)
    document = register.report_html(tasks, agency or None, since or None, until or None, as_of)
    return document, service.export_html(document, f"bao-cao-{agency or 'tat-ca'}")


def overdue_week(service: Service, agency: str, as_of: date | None = None) -> tuple[str, str]:
    """The tasks overdue or falling due by the end of this week, printable."""
    as_of = as_of or date.today()
    monday, sunday = register.week_of(as_of)
    tasks = register.overdue_this_week(service.index, as_of, agency or None)
    title = f"Nhiệm vụ quá hạn và đến hạn trong tuần {monday:%d/%m} – {sunday:%d/%m/%Y}"
    document = register.report_html(tasks, agency or None, as_of=as_of, title=title)
    return document, service.export_html(document, f"qua-han-tuan-{agency or 'tat-ca'}")


def framed(document: str) -> str:
    """A report shown inside the page (an iframe, so its own CSS and print stay apart)."""
    return f"<div class='report-frame'><iframe id='report-iframe' srcdoc=\"{html.escape(document, quote=True)}\"></iframe></div>"


PRINT_JS = "() => { const f = document.getElementById('report-iframe'); if (f) { f.contentWindow.focus(); f.contentWindow.print(); } }"


def correction_widgets() -> tuple:
    """The correction fields and buttons (register and search tabs): lead, cooperating, deadline,
    kind, save, undo."""
    with gr.Row():
        lead = gr.Textbox(label="Cơ quan chủ trì (cách nhau bằng ;)")
        coop = gr.Textbox(label="Cơ quan phối hợp (cách nhau bằng ;)")
    with gr.Row():
        deadline = gr.Textbox(label="Thời hạn (vd 30/6/2025; để trống: không có hạn)")
        kind = gr.Dropdown(label="Loại", choices=KIND_CHOICES, value="directive")
    with gr.Row():
        save = gr.Button("Lưu sửa")
        undo_button = gr.Button("Hoàn tác sửa")
    return lead, coop, deadline, kind, save, undo_button


def build(service: Service) -> dict:
    """The tab's widgets and events; returns the widgets other tabs refresh."""
    tasks_state = gr.State([])
    chosen = gr.State("")
    with gr.Row():
        agency_find = gr.Textbox(label="Tìm cơ quan (gõ có dấu hoặc không dấu)", placeholder="vd: tai chinh", scale=1)
        agency_pick = gr.Dropdown(label="Chọn cơ quan", choices=[NONE_CHOSEN, *service.agency_choices()], value="", scale=2)
    with gr.Row():
        statuses = gr.CheckboxGroup(label="Trạng thái", choices=STATUS_CHOICES, value=[], scale=3)
        due_from = gr.Textbox(label="Hạn từ ngày", placeholder="1/1/2025", scale=1)
        due_to = gr.Textbox(label="Hạn đến ngày", placeholder="31/12/2025", scale=1)
    summary = gr.Markdown(elem_id="register-summary")
    agency_tasks = gr.Dataframe(headers=views.TASK_COLUMNS, interactive=False, wrap=True, max_height=640,
                                label="Nhiệm vụ (đỏ: quá hạn, vàng: sắp đến hạn)", elem_id="register-table",
                                elem_classes=["table-wrap"], column_widths=views.TASK_WIDTHS)
    task_status = gr.Markdown(elem_id="task-status")
    earlier_button = gr.Button("Xem lần giao trước", visible=False, size="sm")
    task_context = gr.HTML(elem_id="task-context")
    with gr.Row():
        done_on = gr.Textbox(label="Ngày hoàn thành", value=lambda: date.today().strftime("%d/%m/%Y"), scale=1)
        done_note = gr.Textbox(label="Ghi chú khi hoàn thành", scale=3)
    with gr.Row():
        done_button = gr.Button("Đánh dấu đã hoàn thành", variant="primary")
        undo_button = gr.Button("Bỏ đánh dấu hoàn thành")
    with gr.Accordion("Sửa nhiệm vụ đã chọn", open=False):
        fix_lead, fix_coop, fix_deadline, fix_kind, fix_button, unfix_button = correction_widgets()
        with gr.Row():
            delete_confirm = gr.Checkbox(label="Tôi muốn xóa cả văn bản chứa nhiệm vụ này khỏi chỉ mục")
            delete_button = gr.Button("Xóa văn bản", variant="stop")
            restore_button = gr.Button("Khôi phục văn bản vừa xóa")
    with gr.Accordion("Gộp hai tên của một cơ quan", open=False):
        with gr.Row():
            alias = gr.Dropdown(label="Tên cần gộp", choices=[NONE_CHOSEN, *service.alias_choices()], value="")
            canonical = gr.Dropdown(label="Gộp vào tên", choices=[NONE_CHOSEN, *service.agency_choices()], value="")
        with gr.Row():
            merge_button = gr.Button("Gộp tên")
            unmerge_button = gr.Button("Bỏ gộp")
    with gr.Accordion("Báo cáo in được", open=False):
        with gr.Row():
            report_since = gr.Dropdown(label="Từ tháng", choices=[("", "")], value="")
            report_until = gr.Dropdown(label="Đến tháng", choices=[("", "")], value="")
        with gr.Row():
            report_button = gr.Button("Lập báo cáo theo cơ quan và kỳ")
            week_button = gr.Button("Quá hạn tuần này")
            print_button = gr.Button("In báo cáo")
            report_file = gr.DownloadButton("Tải báo cáo (HTML)", visible=False)
        report_view = gr.HTML(elem_id="report-view")
    with gr.Row():
        agency_csv, agency_xlsx = lazy_downloads("register-download", [tasks_state, agency_pick], {
            f"Tải sổ nhiệm vụ ({label})": lambda tasks, name, fmt=fmt: service.export(
                register.export_rows(tasks), f"so-nhiem-vu-{name}", fmt) for label, fmt in (("CSV", "csv"), ("Excel", "xlsx"))})
    agency_chart = gr.BarPlot(x="Tháng", y="Số nhiệm vụ", color="Vai trò", label="Nhiệm vụ theo tháng",
                              x_title="Tháng", y_title="Số nhiệm vụ", x_label_angle=-45)

    view_inputs = [agency_pick, statuses, due_from, due_to]
    view_outputs = [tasks_state, agency_chart, agency_tasks, summary, chosen, task_status, task_context,
                    agency_csv, agency_xlsx, earlier_button]

    def refresh(name, wanted, start, end, message="", keep=""):
        shown = show(service, name, wanted, start, end)
        kept = keep if keep and _find(shown.tasks, keep) else ""
        downloads = [gr.update(visible=bool(name))] * 2  # their files are written on click
        # the list changed: the selection is cleared (kept only after acting on a task still
        # listed) so no button acts on a row no longer shown
        return [shown.tasks, shown.chart, shown.table, shown.summary, kept, message, gr.update() if kept else "",
                *downloads, gr.update() if kept else gr.update(visible=False)]

    for widget in (agency_pick, statuses):
        widget.change(refresh, view_inputs, view_outputs)
    for widget in (due_from, due_to):
        widget.submit(refresh, view_inputs, view_outputs)
        widget.blur(refresh, view_inputs, view_outputs)
    agency_find.change(lambda typed: gr.update(choices=[NONE_CHOSEN, *matching(service.agency_choices(), typed)]),
                       [agency_find], [agency_pick])

    def on_select(tasks, event: gr.SelectData):
        record_id, message, *rest = choose(service, tasks, event)
        return record_id, *rest, message  # the message last: once shown, the fields are filled

    agency_tasks.select(on_select, [tasks_state],
                        [chosen, task_context, fix_lead, fix_coop, fix_deadline, fix_kind, earlier_button, task_status])
    earlier_button.click(lambda record_id: show_earlier(service, record_id), [chosen], [task_context, task_status])

    def after(action):
        """Run an action on the selected task, then show the register again keeping its message."""
        def run(tasks, record_id, *rest):
            *args, name, wanted, start, end = rest
            message = action(service, tasks, record_id, *args)
            return refresh(name, wanted, start, end, message, record_id)
        return run

    done_button.click(after(mark_done), [tasks_state, chosen, done_on, done_note, *view_inputs], view_outputs)
    undo_button.click(after(unmark_done), [tasks_state, chosen, *view_inputs], view_outputs)
    changes = [  # these change agencies, counts or notices: the page's choices are refreshed after them
        fix_button.click(after(save_correction), [tasks_state, chosen, fix_lead, fix_coop, fix_deadline, fix_kind,
                                                  *view_inputs], view_outputs),
        unfix_button.click(after(undo_correction), [tasks_state, chosen, *view_inputs], view_outputs),
        delete_button.click(after(delete_notice), [tasks_state, chosen, delete_confirm, *view_inputs], view_outputs),
        restore_button.click(lambda *v: refresh(*v, restore_notice(service)), view_inputs, view_outputs),
        merge_button.click(lambda a, c, *v: refresh(*v, merge(service, a, c)), [alias, canonical, *view_inputs],
                           view_outputs),
        unmerge_button.click(lambda a, *v: refresh(*v, unmerge(service, a)), [alias, *view_inputs], view_outputs)]

    def make_report(name, start, end):
        document, path = report(service, name, start, end)
        return framed(document), gr.update(value=path, visible=True)

    def make_week(name):
        document, path = overdue_week(service, name)
        return framed(document), gr.update(value=path, visible=True)

    report_button.click(make_report, [agency_pick, report_since, report_until], [report_view, report_file])
    week_button.click(make_week, [agency_pick], [report_view, report_file])
    print_button.click(None, None, None, js=PRINT_JS)
    return {"agency_pick": agency_pick, "alias": alias, "canonical": canonical, "agency_find": agency_find,
            "report_since": report_since, "report_until": report_until, "changes": changes}
