"""The web page in a real browser (Debian chromium through Playwright) on a small test index."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from playwright.sync_api import expect

from tests import samples
from tests.conftest import ROOT, SEED

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("small-corpus")
    (corpus / SEED.name).write_bytes(SEED.read_bytes())
    for month, raw in samples.MONTHS.items():
        (corpus / f"tan-lap-thang-{month}.txt").write_text(raw, encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "CHIDAO_INDEX_DIR": str(tmp_path_factory.mktemp("app-index")), "CHIDAO_MAX_FILE_MB": "1"}
    log = open(tmp_path_factory.mktemp("log") / "app.log", "w")
    process = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--corpus", str(corpus)], cwd=ROOT,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(open(log.name).read())
            time.sleep(1)
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def open_page(browser, app_url, width: int = 1366, height: int = 768, locale: str = "en-US"):
    """A fresh page (fresh filters, choices loaded now) at a window size."""
    tab = browser.new_page(viewport={"width": width, "height": height}, locale=locale)
    tab.goto(app_url)
    tab.get_by_text("Sổ theo dõi nhiệm vụ").first.wait_for()
    return tab


@pytest.fixture
def page(browser, app_url):
    tab = open_page(browser, app_url, 1400, 1000)
    yield tab
    tab.close()


def pick(page, label: str, option: str) -> None:
    """Choose an option of a Gradio dropdown by its label and the start of the option's text."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(option.rstrip(" ("))
    page.locator("[role=option]:visible").filter(has_text=option).first.click()


def cells(page, nth: int = 0, within: str = "") -> str:
    """The text of the nth data table on the visible tab (header and body cells)."""
    grid = page.locator(f"{within} [role=grid]:visible".strip()).nth(nth)
    grid.wait_for()
    return "\n".join(grid.get_by_role("gridcell").all_inner_texts())


def search(page, text: str) -> None:
    page.get_by_role("tab", name="Tra cứu").click()
    page.get_by_label("Nội dung tìm kiếm").fill(text)
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_text(f"kết quả cho «{text}»").first.wait_for()


def test_search_without_diacritics_and_open_context(page):
    search(page, "giai phong mat bang")
    assert "giải phóng mặt bằng" in cells(page).lower()
    page.get_by_role("gridcell").filter(has_text="giải phóng mặt bằng").first.click()
    page.locator(".context mark").first.wait_for()
    assert "giải phóng mặt bằng" in page.locator(".context mark").first.inner_text().lower()
    page.screenshot(path=str(ARTIFACTS / "tra-cuu.png"), full_page=True)


def test_filter_by_agency(page):
    page.get_by_role("tab", name="Tra cứu").click()
    pick(page, "Cơ quan", "Chi cục Thuế (")
    search(page, "thuế")
    text = cells(page)
    assert "Chi cục Thuế" in text and "Ban Quản lý dự án" not in text


def test_agency_typed_without_tone_marks(page):
    page.get_by_role("tab", name="Theo cơ quan").click()
    page.get_by_label("Tìm cơ quan (gõ có dấu hoặc không dấu)").fill("chi cuc thue")
    box = page.get_by_label("Chọn cơ quan", exact=True)
    box.click()
    option = page.locator("[role=option]:visible").filter(has_text="Chi cục Thuế (")
    option.first.wait_for()
    assert page.locator("[role=option]:visible").filter(has_text="Ban Quản lý dự án").count() == 0
    option.first.click()
    page.get_by_text("Chi cục Thuế: ").first.wait_for()


def test_agency_tab_chart_and_table(page):
    page.get_by_role("tab", name="Theo cơ quan").click()
    pick(page, "Chọn cơ quan", "Ban Quản lý dự án (")
    page.get_by_role("gridcell").filter(has_text="Giải quyết dứt điểm vướng mắc").first.wait_for()
    page.locator(".vega-embed, canvas").first.wait_for()
    text = cells(page, within="#register-table")
    assert "Số 30/TB-VP" in text and "tan-lap-thang-3.txt" not in text  # the notice, not a file name
    assert text.index("quá hạn") < text.index("không có hạn")  # overdue first
    page.screenshot(path=str(ARTIFACTS / "theo-co-quan.png"), full_page=True)


def choose_task(page, agency: str, text: str) -> None:
    page.get_by_role("tab", name="Theo cơ quan").click()
    pick(page, "Chọn cơ quan", f"{agency} (")
    page.get_by_role("gridcell").filter(has_text=text).first.click()
    page.locator("#task-status").get_by_text("Đã chọn").wait_for()


def status_says(page, text: str, where: str = "#task-status") -> str:
    """Wait until a status line shows text; a timeout says what it showed instead."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.locator(where).get_by_text(text).first.wait_for()
    except PlaywrightTimeout:
        raise AssertionError(f"{where} never said {text!r}; it says {page.locator(where).inner_text()!r}") from None
    return page.locator(where).inner_text()


def test_done_mark_acts_on_the_selected_task_only(page):
    choose_task(page, "Ban Quản lý dự án", "Giải quyết dứt điểm vướng mắc")
    pick(page, "Chọn cơ quan", "Chi cục Thuế (")  # the list changed: the selection is cleared
    page.get_by_role("gridcell").filter(has_text="cưỡng chế nợ thuế").first.wait_for()
    page.get_by_role("button", name="Đánh dấu đã hoàn thành").click()
    status_says(page, "Hãy chọn một nhiệm vụ")
    assert "đã xong" not in cells(page, within="#register-table")
    page.get_by_role("gridcell").filter(has_text="cưỡng chế nợ thuế").first.click()
    page.get_by_label("Ngày hoàn thành").fill("29/4/2025")
    page.get_by_label("Ghi chú khi hoàn thành").fill("đã gửi báo cáo")
    page.get_by_role("button", name="Đánh dấu đã hoàn thành").click()
    message = status_says(page, "Đã đánh dấu hoàn thành")
    assert "29/04/2025" in message and "cưỡng chế nợ thuế" in message and "đã gửi báo cáo" in message
    page.get_by_role("gridcell").filter(has_text="Ghi chú: đã gửi báo cáo").first.wait_for()  # the note is shown
    page.get_by_role("button", name="Bỏ đánh dấu hoàn thành").click()
    status_says(page, "Đã bỏ đánh dấu hoàn thành")
    page.get_by_role("gridcell").filter(has_text="Ghi chú: đã gửi báo cáo").first.wait_for(state="detached")
    pick(page, "Chọn cơ quan", "Ban Quản lý dự án (")
    assert "đã xong" not in cells(page, within="#register-table")


def test_correct_a_task_on_the_page_and_undo(page):
    choose_task(page, "Hạt Kiểm lâm", "Tăng cường tuần tra")
    page.get_by_text("Sửa nhiệm vụ đã chọn").click()
    deadline = page.get_by_label("Thời hạn (vd 30/6/2025; để trống: không có hạn)").first
    deadline.fill("15/6/2025")
    expect(deadline).to_have_value("15/6/2025")
    page.get_by_role("button", name="Lưu sửa").first.click()
    status_says(page, "Đã sửa thời hạn")
    page.get_by_role("gridcell").filter(has_text="đã sửa").first.wait_for()
    assert "15/06/2025" in cells(page, within="#register-table")
    page.get_by_role("button", name="Hoàn tác sửa").first.click()
    status_says(page, "Đã hoàn tác")
    page.get_by_role("gridcell").filter(has_text="đã sửa").first.wait_for(state="detached")


def test_register_filter_by_status_and_printable_report(page):
    page.get_by_role("tab", name="Theo cơ quan").click()
    pick(page, "Chọn cơ quan", "Ban Quản lý dự án (")
    page.get_by_role("gridcell").filter(has_text="Giải quyết dứt điểm").first.wait_for()
    page.get_by_label("quá hạn", exact=True).check()
    page.locator("#register-table").get_by_role("gridcell").filter(has_text="không có hạn").first.wait_for(state="detached")
    statuses = page.locator("#register-table [role=row]").evaluate_all(
        "rows => rows.slice(1).map(r => r.querySelector('[role=gridcell]')?.innerText || '')")
    assert statuses and all(s.startswith("quá hạn") for s in statuses if s.strip()), statuses
    page.get_by_text("Báo cáo in được").click()
    page.get_by_role("button", name="Lập báo cáo theo cơ quan và kỳ").click()
    frame = page.frame_locator("#report-iframe")
    frame.get_by_text("Báo cáo tình hình thực hiện nhiệm vụ").wait_for()
    assert "Ban Quản lý dự án" in frame.locator("body").inner_text()
    page.get_by_role("button", name="Tải báo cáo (HTML)").wait_for()
    page.get_by_role("button", name="Quá hạn tuần này").click()
    frame.get_by_text("Nhiệm vụ quá hạn và đến hạn trong tuần").wait_for()


def test_search_and_register_download_written_on_click(page):
    search(page, "giai phong mat bang")
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải kết quả (Excel)").click()
    assert download.value.suggested_filename.startswith("ket-qua-tra-cuu") and download.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải kết quả (CSV)").click()
    assert "giải phóng mặt bằng" in open(download.value.path(), encoding="utf-8-sig").read().lower()
    page.get_by_role("tab", name="Theo cơ quan").click()
    pick(page, "Chọn cơ quan", "Ban Quản lý dự án (")
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải sổ nhiệm vụ (CSV)").click()
    assert "Ban Quản lý dự án" in open(download.value.path(), encoding="utf-8-sig").read()


def test_recurring_tab(page):
    page.get_by_role("tab", name="Vấn đề lặp lại").click()
    page.get_by_text("vấn đề được nêu ở từ hai cuộc họp").wait_for()
    page.get_by_role("gridcell").filter(has_text="291").first.click()
    page.get_by_text("tan-lap-thang-3.txt").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "van-de-lap-lai.png"), full_page=True)


def upload(page, *paths) -> str:
    """Upload files and wait for this upload's own report (not an earlier one's)."""
    page.get_by_role("tab", name="Thêm thông báo").click()
    message = page.locator("#upload-message")
    before = message.inner_text()
    page.locator("#notice-files input[type=file]").set_input_files([str(p) for p in paths])
    page.get_by_role("button", name="Thêm vào chỉ mục").click()
    number = lambda text: (re.findall(r"lần tải lên số (\d+)", text) or ["0"])[-1]  # noqa: E731
    page.wait_for_function("([el, old]) => { const m = el.innerText.match(/lần tải lên số (\\d+)/g); "
                           "return m && m[m.length - 1] !== 'lần tải lên số ' + old; }",
                           arg=[message.element_handle(), number(before)])
    assert all(p.name in message.inner_text() for p in paths)
    return message.inner_text() + "\n" + cells(page, within="#upload-report")


def test_upload_notice_then_find_it_everywhere(page, browser, app_url, tmp_path):
    notice = tmp_path / "thong-bao-moi.txt"
    notice.write_text(samples.INLINE, encoding="utf-8")
    report = upload(page, notice)
    assert "Đã thêm" in report
    page.screenshot(path=str(ARTIFACTS / "them-thong-bao.png"), full_page=True)
    search(page, "ngan hang thuong mai can doi nguon von")
    assert "Ngân hàng Nhà nước" in cells(page)
    page.get_by_role("tab", name="Theo cơ quan").click()
    pick(page, "Chọn cơ quan", "Ngân hàng Nhà nước")  # the choices were refreshed after the upload
    other = open_page(browser, app_url)  # another clerk, or a reloaded page, finds it too
    other.get_by_role("tab", name="Theo cơ quan").click()
    pick(other, "Chọn cơ quan", "Ngân hàng Nhà nước")
    other.close()
    report = upload(page, notice)
    assert "Trùng" in report


def test_upload_with_no_file_says_so(page):
    page.get_by_role("tab", name="Thêm thông báo").click()
    page.get_by_role("button", name="Thêm vào chỉ mục").click()
    page.get_by_text("Chưa chọn tệp nào").wait_for()


def test_broken_file_gets_a_message(page, tmp_path):
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage that is not a pdf")
    report = upload(page, broken)
    assert "Lỗi" in report and "hong.pdf" in report and "Traceback" not in page.content()


def test_script_in_a_notice_is_shown_as_text(page, tmp_path):
    hostile = tmp_path / "co-script.txt"
    hostile.write_text("- Phòng Nội vụ: Rà soát hồ sơ <script>window.__pwned = 1</script> <b>đậm</b> cán bộ kỹ thuật.\n",
                       encoding="utf-8")
    upload(page, hostile)
    search(page, "ra soat ho so can bo ky thuat")
    page.locator("#search-results").get_by_role("gridcell").filter(has_text="<script>").first.click()
    page.locator(".context mark").first.wait_for()
    assert "<script>" in page.locator(".context").first.inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".context b").count() == 0


def test_export_tab(page):
    page.get_by_role("tab", name="Xuất dữ liệu").click()
    for label, suffix in (("Tải CSV", ".csv"), ("Tải Excel", ".xlsx")):
        with page.expect_download() as download:
            page.get_by_role("button", name=label, exact=True).click()
        assert download.value.suggested_filename.endswith(suffix)
    header = Path(download.value.path()).read_bytes()[:4]
    assert header == b"PK\x03\x04"  # a real Excel (zip) file, written on the click
    page.screenshot(path=str(ARTIFACTS / "xuat-du-lieu.png"), full_page=True)


@pytest.mark.parametrize("locale", ["en-US", "vi-VN"])
def test_gradio_strings_in_vietnamese(browser, app_url, locale):
    tab = open_page(browser, app_url, locale=locale)
    tab.get_by_role("tab", name="Thêm thông báo").click()
    tab.get_by_text("Kéo thả tệp vào đây").first.wait_for()
    box = tab.locator("#notice-files").inner_text()
    assert "Drop File Here" not in box and "Click to Upload" not in box and "hoặc" in box
    tab.close()


def test_table_menu_in_vietnamese(page):
    search(page, "giai phong mat bang")
    header = page.locator("#search-results [role=columnheader]").first
    header.hover()
    header.locator("button[aria-label='Open cell menu']").click()
    menu = page.get_by_role("menu").first
    menu.get_by_text("Sắp xếp tăng dần").wait_for()
    assert "Sort ascending" not in menu.inner_text() and "Sắp xếp giảm dần" in menu.inner_text()


@pytest.mark.parametrize("width,height,name", [(1366, 768, "1366x768"), (390, 844, "390px")])
def test_layout_without_hash_or_score_columns(browser, app_url, width, height, name):
    tab = open_page(browser, app_url, width, height)
    search(tab, "giai phong mat bang")
    headers = tab.locator("#search-results [role=columnheader]").all_inner_texts()
    assert not {"Mã", "Điểm"} & {h.strip() for h in headers}
    tab.screenshot(path=str(ARTIFACTS / f"tra-cuu-{name}.png"), full_page=True)
    # every tab reachable without the overflow menu
    for label in ("Theo cơ quan", "Vấn đề lặp lại", "Thêm thông báo", "Xuất dữ liệu"):
        assert tab.get_by_role("tab", name=label).is_visible(), label
    tab.get_by_role("tab", name="Theo cơ quan").click()
    pick(tab, "Chọn cơ quan", "Ban Quản lý dự án (")
    tab.get_by_role("gridcell").filter(has_text="Giải quyết dứt điểm").first.wait_for()
    # a header is never one letter per line: at most two lines high
    heights = tab.locator("#register-table [role=columnheader]").evaluate_all("els => els.map(e => e.offsetHeight)")
    assert max(heights) < 70, heights
    tab.screenshot(path=str(ARTIFACTS / f"theo-co-quan-{name}.png"), full_page=True)
    tab.close()


def test_port_in_use_is_one_vietnamese_line(app_url):
    port = app_url.rsplit(":", 1)[1]
    result = subprocess.run([sys.executable, "app.py", "--port", port, "--no-build"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "CHIDAO_INDEX_DIR": str(ROOT / "no-such-index")})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and f"cổng {port} đang được dùng" in result.stderr


def test_merge_two_agency_names_on_the_page_and_undo(page):
    page.get_by_role("tab", name="Theo cơ quan").click()
    page.get_by_text("Gộp hai tên của một cơ quan").click()
    pick(page, "Tên cần gộp", "Hạt Kiểm lâm (")
    pick(page, "Gộp vào tên", "Ban Quản lý chợ (")
    page.get_by_role("button", name="Gộp tên").click()
    status_says(page, "Đã gộp «Hạt Kiểm lâm» vào «Ban Quản lý chợ»")
    pick(page, "Chọn cơ quan", "Ban Quản lý chợ (")
    page.locator("#register-table").get_by_role("gridcell").filter(has_text="Tăng cường tuần tra").first.wait_for()
    page.get_by_role("button", name="Bỏ gộp").click()
    status_says(page, "Đã tách «Hạt Kiểm lâm»")
    page.locator("#register-table").get_by_role("gridcell").filter(has_text="Tăng cường tuần tra").first.wait_for(
        state="detached")


def test_delete_a_notice_on_the_page_and_restore(page):
    choose_task(page, "Phòng Giáo dục và Đào tạo", "bếp ăn bán trú")
    page.get_by_text("Sửa nhiệm vụ đã chọn").click()
    page.get_by_role("button", name="Xóa văn bản").click()
    status_says(page, "Hãy đánh dấu ô xác nhận")
    page.get_by_label("Tôi muốn xóa cả văn bản chứa nhiệm vụ này khỏi chỉ mục").check()
    page.get_by_role("button", name="Xóa văn bản").click()
    status_says(page, "Đã xóa văn bản Số 20/TB-VP")
    page.locator("#register-table").get_by_role("gridcell").filter(has_text="bếp ăn bán trú").first.wait_for(
        state="detached")
    page.get_by_role("button", name="Khôi phục văn bản vừa xóa").click()
    status_says(page, "Đã khôi phục văn bản")
    page.locator("#register-table").get_by_role("gridcell").filter(has_text="bếp ăn bán trú").first.wait_for()


def test_too_large_file_is_refused_in_vietnamese(page, tmp_path):
    big = tmp_path / "qua-lon.txt"
    big.write_text("- Phòng Nội vụ: Rà soát hồ sơ cán bộ.\n" * 40000, encoding="utf-8")  # about 1.6 MB, limit 1 MB
    page.get_by_role("tab", name="Thêm thông báo").click()
    page.locator("#notice-files input[type=file]").set_input_files(str(big))
    page.get_by_text("Tệp vượt quá dung lượng cho phép").first.wait_for()
    assert "exceed the maximum" not in page.locator("body").inner_text()


def test_correct_a_search_result_and_undo(page):
    search(page, "phong chay chua chay cho trung tam")
    page.locator("#search-results").get_by_role("gridcell").filter(has_text="chợ trung tâm").first.click()
    status_says(page, "Đã chọn", "#hit-status")
    page.get_by_text("Sửa kết quả đã chọn").click()
    # the fields mount when the accordion opens: wait until they hold the chosen task before typing
    expect(page.get_by_label("Cơ quan chủ trì (cách nhau bằng ;)").first).to_have_value("Ban Quản lý chợ")
    cooperating = page.get_by_label("Cơ quan phối hợp (cách nhau bằng ;)").first
    cooperating.fill("Công an huyện")
    expect(cooperating).to_have_value("Công an huyện")
    page.get_by_role("button", name="Lưu sửa").first.click()
    status_says(page, "Đã sửa cơ quan phối hợp", "#hit-status")
    row = page.locator("#search-results [role=row]").filter(has_text="chợ trung tâm").first
    row.get_by_role("gridcell").filter(has_text="đã sửa").wait_for()
    assert "Công an huyện" in row.inner_text()
    page.get_by_role("button", name="Hoàn tác sửa").first.click()
    status_says(page, "Đã hoàn tác", "#hit-status")
    page.locator("#search-results").get_by_role("gridcell").filter(has_text="Công an huyện").first.wait_for(state="detached")
