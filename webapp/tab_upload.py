"""The "Thêm thông báo" tab: upload notices, see what was read and extracted."""
from __future__ import annotations

import gradio as gr
import pandas as pd

from webapp.service import Service

REPORT_COLUMNS = ["Tệp", "Kết quả", "Ghi chú"]
META_COLUMNS = ["Tệp", "Loại", "Số", "Ngày ban hành", "Ngày họp", "Cơ quan ban hành", "Người chủ trì", "Người ký"]
DIRECTIVE_COLUMNS = ["Tệp", "Cơ quan chủ trì", "Hành động", "Thời hạn", "Nội dung"]
LABELS = {"added": "Đã thêm", "duplicate": "Trùng, bỏ qua", "error": "Lỗi"}


def upload(service: Service, paths: list[str] | None) -> tuple[str, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(message, report, metadata, directives) of uploading the files."""
    if not paths:
        empty = pd.DataFrame(columns=REPORT_COLUMNS)
        return ("Chưa chọn tệp nào: bấm vào ô phía trên hoặc kéo thả tệp vào đó, rồi bấm «Thêm vào chỉ mục».",
                empty, pd.DataFrame(columns=META_COLUMNS), pd.DataFrame(columns=DIRECTIVE_COLUMNS))
    outcomes = service.upload(list(paths))
    report = pd.DataFrame([[o.name, LABELS[o.status], "; ".join([o.message, *o.warnings])] for o in outcomes],
                          columns=REPORT_COLUMNS)
    notices = [o for o in outcomes if o.notice is not None]
    meta = pd.DataFrame([[o.name, o.notice.meta.doc_type, o.notice.meta.number, o.notice.meta.issue_date,
                          o.notice.meta.meeting_date, o.notice.meta.issuer, o.notice.meta.chair, o.notice.meta.signer]
                         for o in notices], columns=META_COLUMNS)
    directives = pd.DataFrame([[o.name, ", ".join(r.agencies), r.action or "", r.deadline or "", r.text]
                               for o in notices for r in o.notice.directives], columns=DIRECTIVE_COLUMNS)
    counts = {label: sum(LABELS[o.status] == label for o in outcomes) for label in LABELS.values()}
    names = ", ".join(o.name for o in outcomes)
    message = (f"Kết quả lần tải lên số {service.next_upload_number()} ({names}): " + ", ".join(f"{n} {label.lower()}" for label, n in counts.items() if n)
               + ".")
    return message, report, meta, directives


def build(service: Service) -> dict:
    files = gr.File(label="Chọn tệp thông báo (PDF, DOCX, TXT; chọn được nhiều tệp)", file_count="multiple",
                    type="filepath", elem_id="notice-files")
    upload_button = gr.Button("Thêm vào chỉ mục", variant="primary")
    message = gr.Markdown(elem_id="upload-message")
    report = gr.Dataframe(headers=REPORT_COLUMNS, interactive=False, wrap=True, label="Kết quả xử lý",
                          elem_id="upload-report", elem_classes=["table-wrap"])
    meta = gr.Dataframe(headers=META_COLUMNS, interactive=False, wrap=True, label="Thông tin văn bản",
                        elem_classes=["table-wrap"])
    directives = gr.Dataframe(headers=DIRECTIVE_COLUMNS, interactive=False, wrap=True, label="Nhiệm vụ trích xuất được",
                              elem_classes=["table-wrap"], column_widths=[150, 170, 110, 120, 520])
    def do_upload(paths):
        return upload(service, paths)

    event = upload_button.click(do_upload, [files], [message, report, meta, directives], api_name="do_upload")
    return {"event": event}
