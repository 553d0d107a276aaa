"""The page's handlers called as plain functions (no browser) on a small real index of its own:
done-marks on the selected task only, corrections and merged names, deleting a notice, the
register's filters and order, the printable reports, uploads and exports."""
from __future__ import annotations

import csv
import inspect
import threading
from datetime import date
from pathlib import Path

import gradio as gr
import pytest

from extraction import extract_text
from index import Index, corrections, register
from extraction.log import LOG_NAME
from index.recurring import given_text
from tests.samples import INLINE, MONTHS
from webapp import service as service_module
from webapp import tab_export, tab_register, tab_search, tab_upload, views
from webapp.common import fold, matching
from webapp.errors import logged
from webapp.service import Service, hits_rows, is_field
from webapp.ui import build_ui

pytestmark = pytest.mark.slow
AS_OF = date(2025, 5, 2)  # the March task (deadline 30/4/2025) is overdue


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    index = Index(tmp_path_factory.mktemp("handlers-index"))
    index.add_notices([extract_text(raw, f"tan-lap-thang-{m}.txt") for m, raw in MONTHS.items()])
    return Service(index)


def test_mark_done_acts_on_the_selected_task_only_and_names_it(service):
    ban = tab_register.show(service, "Ban Quản lý dự án", as_of=AS_OF)
    thue = tab_register.show(service, "Chi cục Thuế", as_of=AS_OF)
    chosen = tab_register.choose(service, ban.tasks, 0)[0]
    assert chosen == ban.tasks[0].record_id
    # the agency was switched: the list shown is Chi cục Thuế's, the chosen id is not in it
    assert tab_register.mark_done(service, thue.tasks, chosen, "", "") == tab_register.NOTHING
    assert not any(t.done_on for t in register.all_tasks(service.index))
    message = tab_register.mark_done(service, ban.tasks, chosen, "29/4/2025", "đã bàn giao mặt bằng")
    assert "29/04/2025" in message and ban.tasks[0].text[:40] in message and "đã bàn giao mặt bằng" in message
    done = [t for t in register.all_tasks(service.index) if t.done_on]
    assert [(t.record_id, t.done_on, t.note) for t in done] == [(chosen, "2025-04-29", "đã bàn giao mặt bằng")]
    again = tab_register.show(service, "Ban Quản lý dự án", as_of=AS_OF)
    assert "đã bàn giao mặt bằng" in again.table.data.to_string()  # the note is shown in the register
    assert "Ghi chú: đã bàn giao" in tab_register.choose(service, again.tasks,
                                                          [t.record_id for t in again.tasks].index(chosen))[1]
    assert "Ngày hoàn thành không hợp lệ" in tab_register.mark_done(service, ban.tasks, chosen, "31/2/2025", "")
    assert "Đã bỏ đánh dấu" in tab_register.unmark_done(service, ban.tasks, chosen)
    assert not any(t.done_on for t in register.all_tasks(service.index))


def test_done_date_defaults_to_today(service):
    ban = tab_register.show(service, "Ban Quản lý dự án", as_of=AS_OF)
    tab_register.mark_done(service, ban.tasks, ban.tasks[0].record_id, "", "")
    assert [t.done_on for t in register.all_tasks(service.index) if t.done_on] == [date.today().isoformat()]
    tab_register.unmark_done(service, ban.tasks, ban.tasks[0].record_id)


def test_register_overdue_first_filters_and_notice_label(service):
    shown = tab_register.show(service, "Ban Quản lý dự án", as_of=AS_OF)
    assert shown.tasks[0].status == "overdue" and shown.tasks[0].deadline_date == "2025-04-30"
    assert list(shown.table.data.columns) == views.TASK_COLUMNS and "Mã" not in views.TASK_COLUMNS
    first = shown.table.data.iloc[0]
    assert first["Trạng thái"] == "quá hạn" and first["Hạn"] == "30/04/2025"
    assert first["Văn bản"].startswith("Số 30/TB-VP") and "tan-lap" not in first["Văn bản"]
    only = tab_register.show(service, "Ban Quản lý dự án", ["quá hạn"], as_of=AS_OF)
    assert [t.status for t in only.tasks] == ["overdue"]
    ranged = tab_register.show(service, "Ban Quản lý dự án", [], "1/4/2025", "30/4/2025", as_of=AS_OF)
    assert [t.deadline_date for t in ranged.tasks] == ["2025-04-30"]
    assert tab_register.show(service, "Ban Quản lý dự án", [], "1/5/2025", "", as_of=AS_OF).tasks == []
    context = tab_register.choose(service, shown.tasks, 0)[2]
    assert "<mark>" in context and "Giải quyết dứt điểm" in context and "Số 30/TB-VP" in context


def test_corrections_shown_exported_survive_reindexing_and_undo(service, tmp_path):
    ban = tab_register.show(service, "Ban Quản lý dự án", as_of=AS_OF)
    task = ban.tasks[0]
    message = tab_register.save_correction(service, ban.tasks, task.record_id, "Ban Quản lý dự án; Phòng Tài chính",
                                           "UBND xã Tân Lập", "15/5/2025", "directive")
    assert "Đã sửa" in message and "thời hạn" in message
    fixed = register.agency_tasks(service.index, "Phòng Tài chính", as_of=AS_OF)
    assert [t.text for t in fixed] == [task.text] and fixed[0].corrected and fixed[0].deadline_date == "2025-05-15"
    assert fixed[0].status == "open" and fixed[0].cooperating == ["UBND xã Tân Lập"]
    assert register.agency_tasks(service.index, "UBND xã Tân Lập", as_of=AS_OF)[0].role == "coop"
    assert "đã sửa" in tab_register.show(service, "Phòng Tài chính", as_of=AS_OF).table.data.iloc[0]["Trạng thái"]
    rows = register.export_rows(fixed)
    assert rows[1][rows[0].index("Đã sửa")] == "đã sửa" and rows[1][rows[0].index("Loại")] == "Nhiệm vụ"
    # re-extracting the notice (new record ids possible) keeps the correction
    service.index.remove(task.notice_id)
    service.index.add_notice(extract_text(MONTHS[3], "tan-lap-thang-3-lai.txt"))
    again = register.agency_tasks(service.index, "Phòng Tài chính", as_of=AS_OF)
    assert [t.text for t in again] == [task.text] and again[0].corrected
    # search shows it corrected too
    hits = service.search("giải phóng mặt bằng đường tỉnh 291", agency="Phòng Tài chính")
    assert hits and hits[0].text == task.text and hits[0].corrected
    table = views.hits_frame(hits)
    assert "đã sửa" in table.iloc[0]["Trạng thái"] and "Điểm" not in table.columns
    exported = hits_rows(hits)
    assert exported[1][exported[0].index("Đã sửa")] == "đã sửa"
    for _ in range(3):
        assert tab_register.undo_correction(service, again, again[0].record_id).startswith("Đã hoàn tác")
    assert tab_register.undo_correction(service, again, again[0].record_id) == "Nhiệm vụ này chưa được sửa."
    assert register.agency_tasks(service.index, "Phòng Tài chính") == []
    assert not register.agency_tasks(service.index, "Ban Quản lý dự án")[-1].corrected


def test_kind_correction_moves_a_record_out_of_the_register(service):
    ban = tab_register.show(service, "Chi cục Thuế", as_of=AS_OF)
    task = ban.tasks[0]
    tab_register.save_correction(service, ban.tasks, task.record_id, "; ".join(task.agencies), "", "", "issue")
    assert task.text not in [t.text for t in register.agency_tasks(service.index, "Chi cục Thuế")]
    assert "Chưa lưu" in tab_register.save_correction(service, ban.tasks, task.record_id, "", "", "mai", "directive")
    tab_register.undo_correction(service, ban.tasks, task.record_id)
    assert task.text in [t.text for t in register.agency_tasks(service.index, "Chi cục Thuế")]


def test_merge_agency_names_and_undo(service):
    before = dict((a, lead) for a, lead, _ in register.agencies(service.index))
    assert "Đã gộp" in tab_register.merge(service, "Hạt Kiểm lâm", "Ban Quản lý dự án")
    after = dict((a, lead) for a, lead, _ in register.agencies(service.index))
    assert "Hạt Kiểm lâm" not in after and after["Ban Quản lý dự án"] == before["Ban Quản lý dự án"] + 1
    assert "Hạt Kiểm lâm" not in [c[1] for c in service.agency_choices()]  # the cached counts followed
    assert any("rừng" in t.text for t in register.agency_tasks(service.index, "Ban Quản lý dự án"))
    assert any("rừng" in h.text for h in service.search("phòng cháy rừng", agency="Ban Quản lý dự án"))
    assert ("Hạt Kiểm lâm (đã gộp vào Ban Quản lý dự án)", "Hạt Kiểm lâm") in service.alias_choices()
    assert "Chưa gộp" in tab_register.merge(service, "Ban Quản lý dự án", "Ban Quản lý dự án")
    assert "Đã tách" in tab_register.unmerge(service, "Hạt Kiểm lâm")
    assert dict((a, lead) for a, lead, _ in register.agencies(service.index)) == before
    assert "Hạt Kiểm lâm" in [c[1] for c in service.agency_choices()]


def test_delete_notice_and_restore(service):
    shown = tab_register.show(service, "Phòng Giáo dục và Đào tạo", as_of=AS_OF)
    assert shown.tasks
    record_id = shown.tasks[0].record_id
    assert "xác nhận" in tab_register.delete_notice(service, shown.tasks, record_id, False)
    assert "Đã xóa văn bản Số 20/TB-VP" in tab_register.delete_notice(service, shown.tasks, record_id, True)
    assert register.agency_tasks(service.index, "Phòng Giáo dục và Đào tạo") == []
    assert "Đã khôi phục" in tab_register.restore_notice(service)
    assert register.agency_tasks(service.index, "Phòng Giáo dục và Đào tạo")
    assert tab_register.restore_notice(service) == "Không có văn bản nào vừa xóa."


def test_printable_report_and_overdue_this_week(service):
    document, path = tab_register.report(service, "Ban Quản lý dự án", "2025-01", "2025-03", as_of=AS_OF)
    assert "@page { size: A4" in document and "<html lang='vi'>" in document
    assert "Ban Quản lý dự án" in document and "Từ tháng 2025-01 đến tháng 2025-03" in document
    assert document.index("quá hạn</td>") < document.index("không có hạn</td>")  # overdue first
    assert "Số 30/TB-VP" in document and path.endswith(".html")
    week, _ = tab_register.overdue_week(service, "", as_of=date(2025, 4, 28))  # Monday 28/4 - Sunday 4/5
    assert "tuần 28/04 – 04/05/2025" in week and "Giải quyết dứt điểm" in week
    assert "Đẩy nhanh tiến độ" not in week  # no deadline
    assert [t.deadline_date for t in register.overdue_this_week(service.index, date(2025, 4, 1))] == []
    hostile = register.report_html([], "<script>x</script>")
    assert "<script>x" not in hostile


def test_search_handler_labels_exports_in_vietnamese(service):
    written = set(service.exports.iterdir())
    hits, table, message, _, csv_button, _ = tab_search.search(service, "nợ thuế doanh nghiệp", kind_label="Nhiệm vụ")
    assert hits and "kết quả cho «nợ thuế doanh nghiệp»" in message and "Mã" not in table.columns
    assert csv_button["visible"] and set(service.exports.iterdir()) == written  # files are written on click only
    with open(tab_search.export_hits(service, hits, "csv"), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][rows[0].index("Loại")] == "Nhiệm vụ" and "directive" not in {cell for row in rows for cell in row}
    assert tab_search.search(service, "  ")[2] == "Hãy nhập nội dung cần tìm."


def test_agency_choices_all_current_and_accent_insensitive(service):
    agencies = service.agency_choices()
    assert len(agencies) == len(register.agencies(service.index))
    assert [c[1] for c in matching(agencies, "chi cuc thue")] == ["Chi cục Thuế"]
    assert [c[1] for c in matching(agencies, "kiem lam")] == ["Hạt Kiểm lâm"]
    assert fold("Đường tỉnh") == "duong tinh"


def test_fields_are_not_section_headings():
    for heading in ("TỔ CHỨC THỰC HIỆN", "Mục đích", "Yêu cầu", "Ủy ban nhân dân cấp xã", "II. NHIỆM VỤ", "Sở Tài chính",
                    "Giao Ban Pháp chế", "Để làm tốt các nhiệm vụ sắp tới, đề nghị", "Các Bộ: Tài chính, Y tế khẩn trương", "Thuế tỉnh"):
        assert not is_field(heading), heading
    for field in ("Công tác giải phóng mặt bằng", "Về đầu tư công", "Lĩnh vực giáo dục và đào tạo", "thu, chi ngân sách",
                  "Hợp tác quốc tế"):
        assert is_field(field), field


def test_upload_keeps_only_added_files_and_says_when_none_chosen(service, tmp_path):
    message, report, _, _ = tab_upload.upload(service, [])
    assert message.startswith("Chưa chọn tệp nào") and report.empty
    before = set(service.uploads.iterdir())
    new = tmp_path / "moi.txt"
    new.write_text(INLINE, encoding="utf-8")
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage")
    message, report, _, directives = tab_upload.upload(service, [str(new), str(new), str(broken)])
    assert list(report["Kết quả"]) == ["Đã thêm", "Trùng, bỏ qua", "Lỗi"] and not directives.empty
    assert "1 đã thêm" in message and "lần tải lên số" in message
    assert len(set(service.uploads.iterdir()) - before) == 1


def test_exports_are_pruned(service, monkeypatch):
    monkeypatch.setattr(service_module, "EXPORTS_KEPT", 4)
    for _ in range(10):
        tab_export.export(service, "Chi cục Thuế", "xlsx")
    assert len(list(service.exports.iterdir())) <= 4
    assert service.exports.name.startswith("chidao-export-")


def test_corrections_table_lives_apart_in_the_same_file(service):
    tables = {r["name"] for r in service.index.store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"corrections", "agency_aliases"} <= tables
    assert corrections.text_key("  Đẩy nhanh  tiến độ. ") == "đẩy nhanh tiến độ"
    assert corrections.parse_date("30/6/2025") == "2025-06-30" and corrections.parse_date("31/2/2025") is None


def test_chart_time_axis_is_even():
    rows = views.time_axis({("2025-01", "Chủ trì"): 2, ("2025-04", "Chủ trì"): 1, ("không rõ", "Chủ trì"): 1},
                           ["Chủ trì", "Phối hợp"])
    assert rows == [("2025-01", "Chủ trì", 2), ("2025-02", "Chủ trì", 0), ("2025-03", "Chủ trì", 0),
                    ("2025-04", "Chủ trì", 1), ("không rõ", "Chủ trì", 1)]
    years = views.time_axis({("2012-03", "Chủ trì"): 1, ("2022-01", "Chủ trì"): 2}, ["Chủ trì"])
    assert [r[0] for r in years] == [str(y) for y in range(2012, 2023)] and years[-1] == ("2022", "Chủ trì", 2)


def test_api_names_kept_for_clients(service):
    from webapp.ui import build_ui

    names = {fn.api_name for fn in build_ui(service).fns.values()}
    assert {"do_search", "do_upload"} <= names  # bench/app_load.py and tests/test_crash.py call them


def test_query_chips_filter_and_can_be_removed(service):
    query = "Chi cục Thuế thu hồi nợ thuế"
    chips = tab_search.understood(service, query)
    assert chips["choices"] == ["Cơ quan: Chi cục Thuế"] and chips["value"] == chips["choices"] and chips["visible"]
    filtered = tab_search.search(service, query)[0]
    assert filtered and all("Chi cục Thuế" in h.agencies + h.cooperating for h in filtered)
    dropped = tab_search.dropped_chips(service, query, [])
    assert dropped == ["agency"]
    unfiltered = tab_search.search(service, query, dropped=dropped)[0]
    assert any("Chi cục Thuế" not in h.agencies + h.cooperating for h in unfiltered)
    assert tab_search.understood(service, "nợ thuế")["visible"] is False


def test_a_task_given_before_says_when_and_opens_the_earlier_record_in_one_click(service):
    shown = tab_register.show(service, "Ban Quản lý dự án", as_of=AS_OF)
    row = next(i for i, t in enumerate(shown.tasks) if t.text.startswith("Giải quyết dứt điểm vướng mắc giải phóng"))
    assert shown.table.data.iloc[row]["Đã giao trước"].startswith("đã giao ngày 25/01/2025 (TB số ")
    chosen = tab_register.choose(service, shown.tasks, row)
    assert "đã giao ngày 25/01/2025" in chosen[1] and chosen[-1]["visible"]
    context, message = tab_register.show_earlier(service, chosen[0])
    assert "<mark>" in context and "25/01/2025" in context and "Lần giao trước" in message and "291" in message
    first = tab_register.choose(service, shown.tasks, next(i for i, t in enumerate(shown.tasks) if t.notice_date == "2025-01-25"))
    assert not first[-1]["visible"] and "chưa được giao" in tab_register.show_earlier(service, first[0])[1]
    hits, table, *_ = tab_search.search(service, "giải phóng mặt bằng đường tỉnh 291")
    given = service.given_before([h.id for h in hits])
    at = next(i for i, h in enumerate(hits) if h.id in given)
    said = given_text(given[hits[at].id])
    assert table.iloc[at]["Đã giao trước"] == said and " ngày " in said and "(TB số " in said
    assert not any(table.iloc[i]["Đã giao trước"] for i, h in enumerate(hits) if h.id not in given)
    picked = tab_search.show_hit(hits, at, service)
    assert said in picked[2] and picked[-1]["visible"]
    assert tab_register.show_earlier(service, picked[0])[0] == views.earlier_html(service.index, given[hits[at].id][0])


def test_a_failing_handler_is_logged_and_shown_in_one_line(service, monkeypatch):
    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("chỉ mục hỏng giữa chừng")

    monkeypatch.setattr(service, "search", broken)
    with pytest.raises(gr.Error) as shown:
        logged(tab_search.search)(service, "giải phóng mặt bằng")
    assert "RuntimeError" in str(shown.value) and "chidao.log" in str(shown.value)
    written = (service.index.path / LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" in written and "chỉ mục hỏng giữa chừng" in written


def test_every_plain_handler_of_the_page_is_logged(service):
    demo = build_ui(service)
    plain = [f.fn for f in demo.fns.values() if f.fn is not None and not inspect.isgeneratorfunction(getattr(f.fn, "__wrapped__", f.fn))]
    assert plain and all(hasattr(fn, "__wrapped__") for fn in plain)


def test_exports_from_many_clerks_at_once_do_not_collide(service):
    failures: list[BaseException] = []

    def clerk() -> None:
        try:
            for _ in range(30):
                assert Path(service.export([["a", "b"]], "ket-qua", "csv")).exists()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=clerk) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    service.export([["a", "b"]], "ket-qua", "csv")  # alone again: the next export prunes to the limit
    assert len(list(service.exports.iterdir())) <= service_module.EXPORTS_KEPT
