"""The "Tra cứu" tab: search with filters, the hit's notice in context, corrections of the
selected hit, CSV/Excel of the results. Handlers are plain functions tests call."""
from __future__ import annotations

import html

import gradio as gr

from webapp import tab_register, views
from index.recurring import given_text
from webapp.common import ALL, choices, matching, row_of
from webapp.downloads import lazy_downloads
from webapp.service import Service, hits_rows


def understood(service: Service, text: str, kept: list[str] | None = None) -> dict:
    """The chips read from the query ("Cơ quan: Sở Y tế"), as the checkbox group under the box:
    all ticked after a new search, or as the clerk left them."""
    labels = [chip.label for chip in service.index.understand(text or "").chips] if (text or "").strip() else []
    return gr.update(choices=labels, value=[label for label in labels if kept is None or label in kept],
                     visible=bool(labels))


def dropped_chips(service: Service, text: str, kept: list[str]) -> list[str]:
    """The kinds of the chips the clerk unticked (their filters are not applied)."""
    chips = service.index.understand(text or "").chips
    return sorted({chip.kind for chip in chips if chip.label not in kept})


def search(service: Service, text: str, agency: str = "", field: str = "", kind_label: str = "", since: str = "",
           until: str = "", notice: str = "", dropped: list[str] | None = None) -> tuple:
    """(hits, table, message, context, CSV button, Excel button) for the page's query and filters
    (the buttons shown when there are hits: their files are written on click, by export_hits);
    dropped: the kinds of the query's chips the clerk removed."""
    if not (text or "").strip():
        hidden = gr.update(visible=False)
        return [], views.hits_frame([]), "Hãy nhập nội dung cần tìm.", "", hidden, hidden
    hits = service.search(text, agency=agency, field=field, kind=views.KIND_BY_LABEL.get(kind_label or ""),
                          since=since, until=until, notice=notice, dropped=dropped)
    quoted = html.escape(text.strip()[:80])
    message = f"Tìm thấy {len(hits)} kết quả cho «{quoted}»." if hits else f"Không tìm thấy kết quả cho «{quoted}»."
    earlier = service.given_before([h.id for h in hits])
    shown = gr.update(visible=bool(hits))
    return hits, views.hits_frame(hits, earlier), message, "", shown, shown


def export_hits(service: Service, hits: list, fmt: str) -> str:
    """The path of a CSV or Excel file ("csv" or "xlsx") of the hits shown, corrected ones marked."""
    return service.export(hits_rows(hits), "ket-qua-tra-cuu", fmt)


def show_hit(hits: list, event, service: Service | None = None) -> tuple:  # noqa: ANN001
    """A clicked result: (its id, context HTML, message, lead, cooperating, deadline, kind, the
    «earlier» button shown when the matter was given at an earlier meeting, which the message
    names; only with a service)."""
    row = row_of(event)
    if not hits or row is None or row >= len(hits):
        return "", "", "", "", "", "", "directive", gr.update(visible=False)
    hit = hits[row]
    earlier = service.given_before([hit.id]).get(hit.id, []) if service else []
    before = f" Việc này {given_text(earlier)}." if earlier else ""
    return (hit.id, views.context_html(hit), f"Đã chọn: «{hit.text[:100]}».{before}", "; ".join(hit.agencies),
            "; ".join(hit.cooperating), hit.deadline_date or hit.deadline or "", hit.kind, gr.update(visible=bool(earlier)))


def build(service: Service) -> dict:
    """The tab's widgets and events; returns the widgets other tabs refresh."""
    hits_state = gr.State([])
    chosen = gr.State("")
    with gr.Row():
        query = gr.Textbox(label="Nội dung tìm kiếm", scale=5, placeholder="vd: giai phong mat bang, GPMB, cắt giảm TTHC")
        search_button = gr.Button("Tìm kiếm", variant="primary", scale=1)
    with gr.Row():
        agency_find = gr.Textbox(label="Tìm cơ quan (không dấu được)", placeholder="vd: tai chinh", scale=1)
        agency = gr.Dropdown(label="Cơ quan", choices=[ALL, *service.agency_choices()], value="", scale=2)
        field = gr.Dropdown(label="Lĩnh vực", choices=choices(service.fields()), value="", scale=2)
        kind = gr.Dropdown(label="Loại", choices=choices(list(views.KIND_BY_LABEL)[:3]), value="", scale=1)
    with gr.Row():
        since = gr.Dropdown(label="Từ tháng", choices=choices(service.months()), value="")
        until = gr.Dropdown(label="Đến tháng", choices=choices(service.months()), value="")
        notice = gr.Dropdown(label="Văn bản", choices=[ALL, *service.notice_choices()], value="")
    chips = gr.CheckboxGroup(label="Điều kiện đọc từ câu hỏi (bỏ chọn để không lọc theo)", choices=[], value=[],
                             visible=False, elem_id="search-chips")
    search_status = gr.Markdown(elem_id="search-status")
    results = gr.Dataframe(headers=views.HIT_COLUMNS, interactive=False, wrap=True, label="Kết quả", max_height=640,
                           elem_id="search-results", elem_classes=["table-wrap"], column_widths=views.HIT_WIDTHS)
    hit_status = gr.Markdown(elem_id="hit-status")
    earlier_button = gr.Button("Xem lần giao trước", visible=False, size="sm")
    detail = gr.HTML(label="Văn bản gốc")
    with gr.Accordion("Sửa kết quả đã chọn", open=False):
        fix_lead, fix_coop, fix_deadline, fix_kind, fix_button, unfix_button = tab_register.correction_widgets()
    with gr.Row():
        results_csv, results_xlsx = lazy_downloads("search-download", [hits_state], {
            "Tải kết quả (CSV)": lambda hits: export_hits(service, hits, "csv"),
            "Tải kết quả (Excel)": lambda hits: export_hits(service, hits, "xlsx")})

    inputs = [query, agency, field, kind, since, until, notice]
    outputs = [hits_state, results, search_status, detail, results_csv, results_xlsx]
    def do_search(*values):
        return search(service, *values)

    def show_chips(text):
        return understood(service, text)

    def search_with_chips(kept, *values):
        return search(service, *values, dropped=dropped_chips(service, values[0], kept))

    search_button.click(do_search, inputs, outputs, api_name="do_search").then(show_chips, [query], [chips])  # app_load calls it
    query.submit(do_search, inputs, outputs, api_name="do_search_enter").then(show_chips, [query], [chips])
    chips.input(search_with_chips, [chips, *inputs], outputs)
    agency_find.change(lambda typed: gr.update(choices=[ALL, *matching(service.agency_choices(), typed)]),
                       [agency_find], [agency])

    def on_select(hits, event: gr.SelectData):
        record_id, context, message, *fields, earlier = show_hit(hits, event, service)
        return record_id, context, *fields, earlier, message  # the message last: once shown, the fields are filled

    results.select(on_select, [hits_state], [chosen, detail, fix_lead, fix_coop, fix_deadline, fix_kind, earlier_button,
                                             hit_status])
    earlier_button.click(lambda record_id: tab_register.show_earlier(service, record_id), [chosen], [detail, hit_status])

    def fix(hits, record_id, lead, coop, deadline, kind_value, *values):
        message = tab_register.save_correction(service, hits, record_id, lead, coop, deadline, kind_value)
        return (message, *search(service, *values))

    def unfix(hits, record_id, *values):
        return (tab_register.undo_correction(service, hits, record_id), *search(service, *values))

    fix_button.click(fix, [hits_state, chosen, fix_lead, fix_coop, fix_deadline, fix_kind, *inputs], [hit_status, *outputs])
    unfix_button.click(unfix, [hits_state, chosen, *inputs], [hit_status, *outputs])
    return {"agency": agency, "field": field, "since": since, "until": until, "notice": notice, "agency_find": agency_find}
