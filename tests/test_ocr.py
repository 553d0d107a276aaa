"""Scanned PDFs: a notice rendered to an image-only PDF (no text layer) is read back by Tesseract's
Vietnamese model and gives the directives, with their agencies, that its text gives."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from extraction import ReadError, extract, extract_text
from extraction import readers
from tests.conftest import CORPUS

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SEED = CORPUS / "000_laichau-tp-ketluan-phien-hop-thang-3-2024.txt"
DPI = 200
needs_tesseract = pytest.mark.skipif(not readers.tesseract_ready(),
                                     reason="tesseract-ocr-vie is not installed (tools/test installs it)")


def _lines(count: int) -> list[str]:
    """The seed notice's first non-blank lines."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[:count]


def _pages(lines: list[str], dpi: int = DPI) -> list:
    """A4 page images (white, black 12 pt DejaVu Sans) holding the lines, wrapped."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    font = ImageFont.truetype(str(FONT), size=int(12 * dpi / 72))
    step = int(font.size * 1.5)
    margin = int(0.8 * dpi)
    wrapped = [part for line in lines for part in textwrap.wrap(line, 78) or [""]]
    pages, y, page = [], height, None
    for part in wrapped:
        if y + step > height - margin:
            page = Image.new("L", (width, height), 255)
            pages.append(page)
            y = margin
        ImageDraw.Draw(page).text((margin, y), part, font=font, fill=0)
        y += step
    return pages


def _scan(path: Path, lines: list[str]) -> Path:
    pages = _pages(lines)
    pages[0].save(path, format="PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    return path


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_garbage_and_empty_layers_are_told_apart():
    assert readers.page_needs_ocr("")
    assert readers.page_needs_ocr("  12  \n 3 ")
    assert readers.page_needs_ocr("\ue001\ue002\ue003 " * 40 + "abc")
    assert readers.page_needs_ocr("(cid:12)(cid:40)(cid:3) " * 30)
    assert not readers.page_needs_ocr("Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan "
                                      "rà soát, báo cáo UBND tỉnh trước ngày 30/6/2025.")


def test_without_tesseract_the_error_tells_the_admin(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "tesseract_ready", lambda: False)
    path = _scan(tmp_path / "quet.pdf", _lines(6))
    with pytest.raises(ReadError, match="quet.pdf.*lớp chữ.*tesseract-ocr-vie"):
        extract(path)


@pytest.mark.slow
@needs_tesseract
def test_scanned_notice_is_read_by_ocr(tmp_path):
    lines = _lines(60)
    path = _scan(tmp_path / "ban-quet.pdf", lines)
    from pypdf import PdfReader

    assert not "".join(page.extract_text() or "" for page in PdfReader(path).pages).strip()  # no text layer
    scanned = extract(path)
    direct = extract_text("\n".join(lines), source="direct.txt")
    assert scanned.ocr and not direct.ocr
    assert any("đọc bằng OCR" in w for w in scanned.warnings)
    assert len(direct.directives) >= 5
    # the directives' words come back
    wanted = [w for r in direct.directives for w in _words(r.text)]
    got = set(_words(" ".join(r.text for r in scanned.directives)))
    recovered = sum(w in got for w in wanted) / len(wanted)
    assert recovered >= 0.8, recovered
    assert len(scanned.directives) >= 0.8 * len(direct.directives)
    # and the agencies named as responsible
    direct_agencies = {a for r in direct.directives for a in r.agencies}
    scanned_agencies = {a for r in scanned.directives for a in r.agencies}
    assert len(direct_agencies & scanned_agencies) >= 0.8 * len(direct_agencies), (direct_agencies, scanned_agencies)
    assert scanned.meta.meeting_date == direct.meta.meeting_date == "2024-03-18"


@pytest.mark.slow
@needs_tesseract
def test_pdf_with_one_scanned_page(tmp_path):
    """A text page and a scanned page: only the scan is read by OCR, both give directives."""
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    text_pdf = FPDF()
    text_pdf.add_page()
    text_pdf.add_font("DejaVu", fname=str(FONT))
    text_pdf.set_font("DejaVu", size=11)
    text_pdf.multi_cell(0, 6, "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp ngày 5/3/2025\n"
                              "1. Giao Sở Tài chính chủ trì rà soát nguồn vốn đầu tư công, báo cáo UBND tỉnh.")
    (tmp_path / "text.pdf").write_bytes(bytes(text_pdf.output()))
    _scan(tmp_path / "scan.pdf", ["2. Giao Sở Y tế kiểm tra an toàn thực phẩm trên địa bàn tỉnh.",
                                  "3. Giao Sở Nội vụ hướng dẫn sắp xếp đơn vị hành chính cấp xã."])
    writer = PdfWriter()
    for part in ("text.pdf", "scan.pdf"):
        for page in PdfReader(tmp_path / part).pages:
            writer.add_page(page)
    path = tmp_path / "hai-trang.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    notice = extract(path)
    assert notice.ocr and any("trang 2" in w for w in notice.warnings)
    agencies = {a for r in notice.directives for a in r.agencies}
    assert {"Sở Tài chính", "Sở Y tế", "Sở Nội vụ"} <= agencies, agencies


@pytest.mark.slow
@needs_tesseract
def test_pdf_whose_text_layer_is_garbage(tmp_path):
    """A page whose text layer is glyph codes (symbols, not words) over an image of the text is
    read by OCR, not taken as it is."""
    from fpdf import FPDF

    image = tmp_path / "page.png"
    _pages(["1. Giao Sở Y tế kiểm tra an toàn thực phẩm trên địa bàn tỉnh."])[0].save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=0, y=0, w=210, h=297)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=8)
    pdf.set_text_color(255, 255, 255)
    pdf.set_y(200)  # below the drawn text, not over it
    pdf.multi_cell(0, 4, "◆▲ab■● ▼cd◇□○ " * 40)
    path = tmp_path / "rac.pdf"
    pdf.output(str(path))
    from pypdf import PdfReader

    layer = PdfReader(path).pages[0].extract_text()
    assert sum(c.isalpha() for c in layer) >= 20 and readers.page_needs_ocr(layer)  # letters, but no words
    notice = extract(path)
    assert notice.ocr
    assert any(r.agencies == ["Sở Y tế"] and "an toàn thực phẩm" in r.text for r in notice.directives)


@pytest.mark.slow
@needs_tesseract
def test_records_of_a_scan_are_marked_read_by_ocr_in_the_index(tmp_path):
    from index import Index
    from webapp import views

    scan = extract(_scan(tmp_path / "quet.pdf", ["THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh",
                                                   "1. Giao Sở Y tế kiểm tra an toàn thực phẩm trên địa bàn tỉnh."]))
    typed = extract_text("THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
                         "1. Giao Sở Nội vụ hướng dẫn sắp xếp đơn vị hành chính cấp xã.\n", source="go.txt")
    index = Index(tmp_path / "index")
    index.add_notices([scan, typed])
    reopened = Index(tmp_path / "index")  # the mark is stored, not kept in memory
    food = next(h for h in reopened.search("an toàn thực phẩm", k=5) if "thực phẩm" in h.text)
    units = next(h for h in reopened.search("sắp xếp đơn vị hành chính", k=5) if "đơn vị hành chính" in h.text)
    assert food.ocr and not units.ocr
    assert "đọc bằng OCR" in views.context_html(food) and "đọc bằng OCR" not in views.context_html(units)
    assert "đọc bằng OCR" in views.record_context_html(reopened, food.id, [])
