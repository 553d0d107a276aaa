"""The "Xuất dữ liệu" tab: every task, or one agency's register, as CSV and Excel."""
from __future__ import annotations

import gradio as gr

from index import register
from webapp.common import ALL
from webapp.downloads import lazy_downloads
from webapp.service import Service


def export(service: Service, name: str, fmt: str) -> str:
    """Path of an agency's register, or of every task when no agency is chosen, as fmt ("csv" or
    "xlsx"), written now."""
    tasks = register.agency_tasks(service.index, name) if name else register.all_tasks(service.index)
    stem = f"so-nhiem-vu-{name}" if name else "tat-ca-nhiem-vu"
    return service.export(register.export_rows(tasks), stem, fmt)


def build(service: Service) -> dict:
    gr.Markdown("Xuất toàn bộ nhiệm vụ trong chỉ mục, hoặc sổ nhiệm vụ của một cơ quan (có cột «Đã sửa» cho các "
                "nhiệm vụ đã được sửa). Kết quả tra cứu hiện tại tải ở thẻ *Tra cứu*.")
    export_agency = gr.Dropdown(label="Cơ quan (để trống: tất cả nhiệm vụ)", choices=[ALL, *service.agency_choices()],
                                value="")
    with gr.Row():
        lazy_downloads("export-download", [export_agency], {
            f"Tải {label}": lambda name, fmt=fmt: export(service, name, fmt)
            for label, fmt in (("CSV", "csv"), ("Excel", "xlsx"))}, visible=True)
    return {"export_agency": export_agency}
