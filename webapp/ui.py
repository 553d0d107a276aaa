"""The page: five tabs over one index (one module per tab), the filters' choices refreshed
when the page loads and after every upload, so a new agency, notice or month is found."""
from __future__ import annotations

import gradio as gr

from webapp import tab_export, tab_recurring, tab_register, tab_search, tab_upload
from webapp.errors import log_every_handler
from webapp.common import ALL, NONE_CHOSEN, choices, matching
from webapp.service import Service


def refreshed_choices(service: Service, search_find: str = "", register_find: str = "") -> list:
    """Current choices of every filter (counts recomputed): search agency, field, since, until,
    notice; register agency, alias, canonical, report months; export agency."""
    agencies = service.agency_choices()
    months = choices(service.months())
    picked = [NONE_CHOSEN, *agencies]
    return [gr.update(choices=[ALL, *matching(agencies, search_find)]), gr.update(choices=choices(service.fields())),
            gr.update(choices=months), gr.update(choices=months), gr.update(choices=[ALL, *service.notice_choices()]),
            gr.update(choices=[NONE_CHOSEN, *matching(agencies, register_find)]),
            gr.update(choices=[NONE_CHOSEN, *service.alias_choices()]), gr.update(choices=picked), gr.update(choices=months), gr.update(choices=months),
            gr.update(choices=[ALL, *agencies])]


def build_ui(service: Service) -> gr.Blocks:
    """The page."""
    with gr.Blocks(title="chidao — Sổ theo dõi nhiệm vụ") as demo:
        gr.Markdown("## chidao — Sổ theo dõi nhiệm vụ từ thông báo kết luận")
        with gr.Tabs(overflow_behavior="wrap"):  # every tab visible on a phone too
            with gr.Tab("Tra cứu", id="search"):
                search = tab_search.build(service)
            with gr.Tab("Theo cơ quan", id="agency"):
                agency = tab_register.build(service)
            with gr.Tab("Vấn đề lặp lại", id="recurring") as recurring_tab:
                tab_recurring.build(service, recurring_tab)
            with gr.Tab("Thêm thông báo", id="upload"):
                upload = tab_upload.build(service)
            with gr.Tab("Xuất dữ liệu", id="export"):
                export = tab_export.build(service)
        targets = [search["agency"], search["field"], search["since"], search["until"], search["notice"],
                   agency["agency_pick"], agency["alias"], agency["canonical"], agency["report_since"],
                   agency["report_until"], export["export_agency"]]
        finds = [search["agency_find"], agency["agency_find"]]
        refresh = lambda a="", b="": refreshed_choices(service, a, b)  # noqa: E731
        demo.load(refresh, finds, targets)
        for event in [upload["event"], *agency["changes"]]:
            event.then(refresh, finds, targets)
    log_every_handler(demo)
    return demo
