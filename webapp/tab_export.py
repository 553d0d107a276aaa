"""The "Xuất dữ liệu" tab: every task, or one agency's register, as CSV and Excel."""
from __future__ import annotations

import gradio as gr

from index import register
from webapp.common import ALL
from webapp.service import Service


def export(service: Service, name: str) -> tuple[str, str]:
    """(CSV path, Excel path) of an agency's register, or of every task when no agency is chosen."""
    tasks = register.agency_tasks(service.index, name) if name else register.all_tasks(service.index)
    rows = register.export_rows(tasks)
    stem = f"so-nhiem-vu-{name}" if name else "tat-ca-nhiem-vu"
    return service.export(rows, stem, "csv"), service.export(rows, stem, "xlsx")


def build(service: Service) -> dict:
    gr.Markdown("Xuất toàn bộ nhiệm vụ trong chỉ mục, hoặc sổ nhiệm vụ của một cơ quan (có cột «Đã sửa» cho các "
                "nhiệm vụ đã được sửa). Kết quả tra cứu hiện tại tải ở thẻ *Tra cứu*.")
    export_agency = gr.Dropdown(label="Cơ quan (để trống: tất cả nhiệm vụ)", choices=[ALL, *service.agency_choices()],
                                value="")
    export_button = gr.Button("Chuẩn bị tệp")
    with gr.Row():
        export_csv = gr.DownloadButton("Tải CSV", visible=False)
        export_xlsx = gr.DownloadButton("Tải Excel", visible=False)

    def run(name):
        csv_path, xlsx_path = export(service, name)
        return gr.update(value=csv_path, visible=True), gr.update(value=xlsx_path, visible=True)

    export_button.click(run, [export_agency], [export_csv, export_xlsx])
    return {"export_agency": export_agency}
