"""chidao's web page: a Vietnamese Gradio app for the clerks who follow up meeting tasks.

    python app.py [--host 127.0.0.1] [--port 7860] [--index-dir data] [--corpus corpus]

The first run builds the index from corpus/ (with a progress bar); later runs reuse it. Set
CHIDAO_USER and CHIDAO_PASSWORD to require a login when the page is exposed beyond this machine."""
from __future__ import annotations

import argparse
import html
import os
import sys
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import gradio as gr  # noqa: E402
import pandas as pd  # noqa: E402

from index import Index, register  # noqa: E402
from webapp import views  # noqa: E402
from webapp.service import Service, hits_rows  # noqa: E402

ROOT = Path(__file__).resolve().parent
ALL = ("Tất cả", "")
NONE_CHOSEN = ("— chọn cơ quan —", "")  # Gradio pre-selects the first choice: keep it neutral
CSS = """
.context mark { background: #ffe58f; padding: 0 2px; }
.context { white-space: pre-wrap; line-height: 1.5; border-left: 3px solid #d0d7de; padding-left: 10px; }
table.meta th { text-align: left; padding-right: 12px; color: #57606a; }
"""
SANS = ["system-ui", "Segoe UI", "Arial", "DejaVu Sans", "sans-serif"]
THEME = gr.themes.Default(font=SANS, font_mono=SANS)  # a sans font in tables too: tone marks stay in place


def _choices(values: list[str]) -> list[tuple[str, str]]:
    return [ALL, *[(v, v) for v in values]]


def _selected_row(event: gr.SelectData) -> int:
    """The row of a table cell the clerk clicked."""
    return event.index[0] if isinstance(event.index, (list, tuple)) else event.index


def build_ui(service: Service) -> gr.Blocks:
    """The page: five tabs over one index."""
    with gr.Blocks(title="chidao — Sổ theo dõi nhiệm vụ") as demo:
        gr.Markdown("## chidao — Sổ theo dõi nhiệm vụ từ thông báo kết luận")
        hits_state = gr.State([])
        tasks_state = gr.State([])
        groups_state = gr.State([])
        chosen_task = gr.State("")
        with gr.Tabs():
            with gr.Tab("Tra cứu", id="search"):
                with gr.Row():
                    query = gr.Textbox(label="Nội dung tìm kiếm", scale=5,
                                       placeholder="vd: giai phong mat bang, GPMB, cắt giảm TTHC")
                    search_button = gr.Button("Tìm kiếm", variant="primary", scale=1)
                with gr.Row():
                    agency = gr.Dropdown(label="Cơ quan", choices=[ALL, *service.agency_choices()], value="")
                    field = gr.Dropdown(label="Lĩnh vực", choices=_choices(service.fields()), value="")
                    kind = gr.Dropdown(label="Loại", choices=_choices(list(views.KIND_BY_LABEL)[:3]), value="")
                with gr.Row():
                    since = gr.Dropdown(label="Từ tháng", choices=_choices(service.months()), value="")
                    until = gr.Dropdown(label="Đến tháng", choices=_choices(service.months()), value="")
                    notice = gr.Dropdown(label="Văn bản", choices=_choices(service.sources()), value="")
                search_status = gr.Markdown()
                results = gr.Dataframe(headers=views.HIT_COLUMNS, interactive=False, wrap=True, label="Kết quả",
                                       column_widths=["34%", "13%", "9%", "7%", "8%", "7%", "6%", "9%", "5%", "2%"])
                detail = gr.HTML(label="Văn bản gốc")
                with gr.Row():
                    results_csv = gr.DownloadButton("Tải kết quả (CSV)", visible=False)
                    results_xlsx = gr.DownloadButton("Tải kết quả (Excel)", visible=False)
            with gr.Tab("Theo cơ quan", id="agency"):
                agency_pick = gr.Dropdown(label="Chọn cơ quan", choices=[NONE_CHOSEN, *service.agency_choices()], value="")
                agency_chart = gr.BarPlot(x="Tháng", y="Số nhiệm vụ", color="Vai trò", label="Nhiệm vụ theo tháng",
                                          x_title="Tháng", y_title="Số nhiệm vụ")
                agency_tasks = gr.Dataframe(headers=views.TASK_COLUMNS, interactive=False, wrap=True,
                                            label="Nhiệm vụ (đỏ: quá hạn, vàng: sắp đến hạn)",
                                            column_widths=["7%", "7%", "40%", "7%", "10%", "8%", "8%", "9%", "4%"])
                with gr.Row():
                    done_note = gr.Textbox(label="Ghi chú khi hoàn thành", scale=3)
                    done_button = gr.Button("Đánh dấu đã hoàn thành", scale=1)
                task_status = gr.Markdown()
                with gr.Row():
                    agency_csv = gr.DownloadButton("Tải sổ nhiệm vụ (CSV)", visible=False)
                    agency_xlsx = gr.DownloadButton("Tải sổ nhiệm vụ (Excel)", visible=False)
            with gr.Tab("Vấn đề lặp lại", id="recurring") as recurring_tab:
                groups_status = gr.Markdown()
                groups_table = gr.Dataframe(headers=views.GROUP_COLUMNS, interactive=False, wrap=True,
                                            label="Vấn đề nêu lại qua nhiều cuộc họp (chọn một dòng để xem)",
                                            column_widths=["7%", "9%", "9%", "18%", "15%", "42%"])
                group_chart = gr.BarPlot(x="Tháng", y="Số lần nêu", label="Các tháng vấn đề được nêu",
                                         x_title="Tháng", y_title="Số lần nêu")
                group_members = gr.Dataframe(headers=views.MEMBER_COLUMNS, interactive=False, wrap=True,
                                             label="Các lần được nêu", column_widths=["9%", "9%", "45%", "14%", "10%", "13%"])
            with gr.Tab("Thêm thông báo", id="upload"):
                files = gr.File(label="Chọn tệp thông báo (PDF, DOCX, TXT; chọn được nhiều tệp)",
                                file_count="multiple", type="filepath", elem_id="notice-files")
                upload_button = gr.Button("Thêm vào chỉ mục", variant="primary")
                upload_report = gr.Dataframe(headers=["Tệp", "Kết quả", "Ghi chú"], interactive=False, wrap=True,
                                             label="Kết quả xử lý")
                upload_meta = gr.Dataframe(headers=["Tệp", "Loại", "Số", "Ngày ban hành", "Ngày họp", "Cơ quan ban hành",
                                                    "Người chủ trì", "Người ký"], interactive=False, wrap=True,
                                           label="Thông tin văn bản")
                upload_directives = gr.Dataframe(headers=["Tệp", "Cơ quan chủ trì", "Hành động", "Thời hạn", "Nội dung"],
                                                 interactive=False, wrap=True, label="Nhiệm vụ trích xuất được")
            with gr.Tab("Xuất dữ liệu", id="export"):
                gr.Markdown("Xuất toàn bộ nhiệm vụ trong chỉ mục, hoặc sổ nhiệm vụ của một cơ quan. Kết quả tra cứu "
                            "hiện tại tải ở thẻ *Tra cứu*.")
                export_agency = gr.Dropdown(label="Cơ quan (để trống: tất cả nhiệm vụ)",
                                            choices=[ALL, *service.agency_choices()], value="")
                export_button = gr.Button("Chuẩn bị tệp")
                with gr.Row():
                    export_csv = gr.DownloadButton("Tải CSV", visible=False)
                    export_xlsx = gr.DownloadButton("Tải Excel", visible=False)

        # -- Tra cứu ------------------------------------------------------------------------
        def do_search(text, agency_value, field_value, kind_label, since_value, until_value, notice_value):
            if not (text or "").strip():
                return [], views.hits_table([]), "Hãy nhập nội dung cần tìm.", "", gr.update(visible=False), gr.update(visible=False)
            hits = service.search(text, agency=agency_value, field=field_value, kind=views.KIND_BY_LABEL.get(kind_label or ""),
                                  since=since_value, until=until_value, notice=notice_value)
            rows = hits_rows(hits)
            quoted = html.escape(text.strip()[:80])
            message = f"Tìm thấy {len(hits)} kết quả cho «{quoted}»." if hits else f"Không tìm thấy kết quả cho «{quoted}»."
            return (hits, views.hits_table(hits), message, "",
                    gr.update(value=service.export(rows, "ket-qua-tra-cuu", "csv"), visible=bool(hits)),
                    gr.update(value=service.export(rows, "ket-qua-tra-cuu", "xlsx"), visible=bool(hits)))

        search_inputs = [query, agency, field, kind, since, until, notice]
        search_outputs = [hits_state, results, search_status, detail, results_csv, results_xlsx]
        search_button.click(do_search, search_inputs, search_outputs)
        query.submit(do_search, search_inputs, search_outputs)

        def show_hit(hits, event: gr.SelectData):
            row = _selected_row(event)
            return views.context_html(hits[row]) if hits and row < len(hits) else ""

        results.select(show_hit, [hits_state], [detail])

        # -- Theo cơ quan --------------------------------------------------------------------
        def show_agency(name):
            if not name:
                return [], views.monthly_counts([]), views.tasks_table([]), gr.update(visible=False), gr.update(visible=False)
            tasks = register.agency_tasks(service.index, name)
            rows = register.export_rows(tasks)
            return (tasks, views.monthly_counts(tasks), views.styled_tasks(tasks),
                    gr.update(value=service.export(rows, f"so-nhiem-vu-{name}", "csv"), visible=True),
                    gr.update(value=service.export(rows, f"so-nhiem-vu-{name}", "xlsx"), visible=True))

        agency_outputs = [tasks_state, agency_chart, agency_tasks, agency_csv, agency_xlsx]
        agency_pick.change(show_agency, [agency_pick], agency_outputs)

        def choose_task(tasks, event: gr.SelectData):
            row = _selected_row(event)
            if not tasks or row >= len(tasks):
                return "", ""
            return tasks[row].record_id, f"Đã chọn: {tasks[row].text[:120]}"

        agency_tasks.select(choose_task, [tasks_state], [chosen_task, task_status])

        def mark_done(record_id, note, name):
            if not record_id:
                return ("Hãy chọn một nhiệm vụ trong bảng trước.", *show_agency(name))
            register.mark_done(service.index, record_id, note=note or None)
            return ("Đã đánh dấu hoàn thành.", *show_agency(name))

        done_button.click(mark_done, [chosen_task, done_note, agency_pick], [task_status, *agency_outputs])

        # -- Vấn đề lặp lại ------------------------------------------------------------------
        def show_groups():
            groups = service.groups()
            return groups, views.groups_table(groups), f"{len(groups)} vấn đề được nêu ở từ hai cuộc họp trở lên."

        recurring_tab.select(show_groups, None, [groups_state, groups_table, groups_status])

        def show_group(groups, event: gr.SelectData):
            row = _selected_row(event)
            if not groups or row >= len(groups):
                return views.group_months(groups[0]) if groups else None, None
            return views.group_months(groups[row]), views.group_members(groups[row])

        groups_table.select(show_group, [groups_state], [group_chart, group_members])

        # -- Thêm thông báo ------------------------------------------------------------------
        def do_upload(paths):
            if not paths:
                return (pd.DataFrame(columns=["Tệp", "Kết quả", "Ghi chú"]), None, None, *refreshed())
            outcomes = service.upload(list(paths))
            labels = {"added": "Đã thêm", "duplicate": "Trùng, bỏ qua", "error": "Lỗi"}
            report = pd.DataFrame([[o.name, labels[o.status], "; ".join([o.message, *o.warnings])] for o in outcomes],
                                  columns=["Tệp", "Kết quả", "Ghi chú"])
            notices = [o for o in outcomes if o.notice is not None]
            meta = pd.DataFrame([[o.name, o.notice.meta.doc_type, o.notice.meta.number, o.notice.meta.issue_date,
                                  o.notice.meta.meeting_date, o.notice.meta.issuer, o.notice.meta.chair, o.notice.meta.signer]
                                 for o in notices], columns=["Tệp", "Loại", "Số", "Ngày ban hành", "Ngày họp",
                                                             "Cơ quan ban hành", "Người chủ trì", "Người ký"])
            directives = pd.DataFrame([[o.name, ", ".join(r.agencies), r.action or "", r.deadline or "", r.text]
                                       for o in notices for r in o.notice.directives],
                                      columns=["Tệp", "Cơ quan chủ trì", "Hành động", "Thời hạn", "Nội dung"])
            return (report, meta, directives, *refreshed())

        def refreshed():
            agencies = service.agency_choices()
            months = _choices(service.months())
            return (gr.update(choices=[ALL, *agencies]), gr.update(choices=[NONE_CHOSEN, *agencies]),
                    gr.update(choices=[ALL, *agencies]),
                    gr.update(choices=months), gr.update(choices=months), gr.update(choices=_choices(service.sources())),
                    gr.update(choices=_choices(service.fields())))

        upload_button.click(do_upload, [files], [upload_report, upload_meta, upload_directives, agency, agency_pick,
                                                 export_agency, since, until, notice, field])

        # -- Xuất dữ liệu --------------------------------------------------------------------
        def do_export(name):
            tasks = register.agency_tasks(service.index, name) if name else register.all_tasks(service.index)
            rows = register.export_rows(tasks)
            stem = f"so-nhiem-vu-{name}" if name else "tat-ca-nhiem-vu"
            return (gr.update(value=service.export(rows, stem, "csv"), visible=True),
                    gr.update(value=service.export(rows, stem, "xlsx"), visible=True))

        export_button.click(do_export, [export_agency], [export_csv, export_xlsx])
    return demo


def _progress(done: int, total: int, name: str) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    sys.stderr.write(f"\rĐang lập chỉ mục [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:40}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def open_index(directory: str | None, corpus: Path, build: bool) -> Index:
    """Open the index; on first run build it from the corpus folder."""
    index = Index(directory)
    if index.repair_note:
        print(f"Chỉ mục: {index.repair_note}", file=sys.stderr)
    if build and index.stats()["notices"] == 0 and corpus.is_dir():
        files = sorted(p for p in corpus.iterdir() if p.suffix.lower() in (".txt", ".pdf", ".docx"))
        print(f"Lần chạy đầu: lập chỉ mục {len(files)} văn bản từ {corpus} (chỉ làm một lần)...", file=sys.stderr)
        results = index.add_many(files, progress=_progress)
        for result in results:
            if result.status == "error":
                print(f"  lỗi: {result.message}", file=sys.stderr)
    index.search("khởi động", k=1)  # load the model and build the keyword index before the first clerk
    return index


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, open (or build) the index and serve the page."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default=os.environ.get("CHIDAO_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CHIDAO_PORT", 7860)))
    parser.add_argument("--index-dir", default=None, help="thư mục chỉ mục (mặc định data/ hoặc CHIDAO_INDEX_DIR)")
    parser.add_argument("--corpus", default=str(ROOT / "corpus"), help="thư mục văn bản lập chỉ mục lần đầu")
    parser.add_argument("--no-build", action="store_true", help="không tự lập chỉ mục khi chỉ mục trống")
    args = parser.parse_args(argv)
    index = open_index(args.index_dir, Path(args.corpus), not args.no_build)
    service = Service(index)
    user, password = os.environ.get("CHIDAO_USER"), os.environ.get("CHIDAO_PASSWORD")
    demo = build_ui(service)
    demo.queue(default_concurrency_limit=int(os.environ.get("CHIDAO_CONCURRENCY", 8)))
    print(f"chidao đang phục vụ tại http://{args.host}:{args.port}", file=sys.stderr)
    demo.launch(server_name=args.host, server_port=args.port, auth=(user, password) if user and password else None,
                max_file_size=f"{int(os.environ.get('CHIDAO_MAX_FILE_MB', 20))}mb", theme=THEME, css=CSS,
                show_error=False, quiet=True, footer_links=[])


if __name__ == "__main__":
    main()
