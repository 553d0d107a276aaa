"""The web page in a real browser (Debian chromium through Playwright) on a small test index."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

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
    env = {**os.environ, "CHIDAO_INDEX_DIR": str(tmp_path_factory.mktemp("app-index"))}
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
def page(app_url):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.goto(app_url)
        tab.get_by_text("Sổ theo dõi nhiệm vụ").first.wait_for()
        yield tab
        browser.close()


def pick(page, label: str, option: str) -> None:
    """Choose an option of a Gradio dropdown by its label and the start of the option's text."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(option.rstrip(" ("))
    page.locator("[role=option]:visible").filter(has_text=option).first.click()


def cells(page, nth: int = 0) -> str:
    """The text of the nth data table on the visible tab (header and body cells)."""
    grid = page.locator("[role=grid]:visible").nth(nth)
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
    pick(page, "Cơ quan", "Tất cả")


def test_agency_tab_chart_and_table(page):
    page.get_by_role("tab", name="Theo cơ quan").click()
    pick(page, "Chọn cơ quan", "Ban Quản lý dự án (")
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "theo-co-quan.png"), full_page=True)
    page.get_by_role("gridcell").filter(has_text="2025-03").first.wait_for()
    page.locator(".vega-embed, canvas").first.wait_for()
    assert "Giải quyết dứt điểm vướng mắc" in cells(page)
    page.screenshot(path=str(ARTIFACTS / "theo-co-quan.png"), full_page=True)


def test_recurring_tab(page):
    page.get_by_role("tab", name="Vấn đề lặp lại").click()
    page.get_by_text("vấn đề được nêu ở từ hai cuộc họp").wait_for()
    page.get_by_role("gridcell").filter(has_text="291").first.click()
    page.get_by_text("tan-lap-thang-3.txt").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "van-de-lap-lai.png"), full_page=True)


def upload(page, path) -> str:
    page.get_by_role("tab", name="Thêm thông báo").click()
    page.locator("#notice-files input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Thêm vào chỉ mục").click()
    page.get_by_role("gridcell").filter(has_text=path.name).first.wait_for()
    return cells(page)


def test_upload_notice_then_find_it(page, tmp_path):
    notice = tmp_path / "thong-bao-moi.txt"
    notice.write_text(samples.INLINE, encoding="utf-8")
    report = upload(page, notice)
    assert "Đã thêm" in report
    page.screenshot(path=str(ARTIFACTS / "them-thong-bao.png"), full_page=True)
    search(page, "ngan hang thuong mai can doi nguon von")
    assert "Ngân hàng Nhà nước" in cells(page)
    report = upload(page, notice)
    assert "Trùng" in report


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
    page.get_by_role("gridcell").filter(has_text="window.__pwned").first.click()
    page.locator(".context mark").first.wait_for()
    assert "<script>" in page.locator(".context").first.inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".context b").count() == 0


def test_export_tab(page):
    page.get_by_role("tab", name="Xuất dữ liệu").click()
    page.get_by_role("button", name="Chuẩn bị tệp").click()
    page.get_by_role("button", name="Tải Excel").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    page.screenshot(path=str(ARTIFACTS / "xuat-du-lieu.png"), full_page=True)
