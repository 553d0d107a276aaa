"""Read a notice file (PDF, DOCX, TXT) into text. I/O lives here alone.

A PDF page without a usable text layer (a scan, or a layer of garbage) is rendered
(pypdfium2) and read by Tesseract's Vietnamese model (`tesseract ... -l vie`, the Debian
packages tesseract-ocr and tesseract-ocr-vie); such a document says so in ocr_pages and a warning.

The format is decided by the file's content, not its name. Every failure is a ReadError whose
message names the file and the problem in Vietnamese, fit to show a clerk as it is.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from extraction import legacy, settings


class ReadError(Exception):
    """A file that cannot be read as a notice; str() is one line naming the file."""


@dataclass
class RawDocument:
    """The text of a file and what was noticed while reading it."""

    text: str
    fmt: str
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages read by OCR


def max_bytes() -> int:
    """The upload/ingest size limit: CHIDAO_MAX_FILE_MB megabytes (default 20)."""
    return int(settings.number("CHIDAO_MAX_FILE_MB") * 1024 * 1024)


def sniff(head: bytes) -> str:
    """'pdf', 'docx' or 'text' from the first bytes of a file."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    return "text"


def read_document(path: str | Path, data: bytes | None = None) -> RawDocument:
    """Read a file (or its bytes, already loaded) into text; raises ReadError on bad input."""
    path = Path(path)
    name = path.name
    if data is None:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ReadError(f"{name}: không mở được tệp ({exc.strerror or exc})") from None
        if size > max_bytes():
            raise ReadError(f"{name}: tệp quá lớn ({size / 1048576:.1f} MB, giới hạn "
                            f"{max_bytes() / 1048576:.0f} MB)")
        data = path.read_bytes()
    elif len(data) > max_bytes():
        raise ReadError(f"{name}: tệp quá lớn ({len(data) / 1048576:.1f} MB, giới hạn "
                        f"{max_bytes() / 1048576:.0f} MB)")
    if not data.strip():
        raise ReadError(f"{name}: tệp rỗng")
    fmt = sniff(data[:8])
    readers = {"pdf": _read_pdf, "docx": _read_docx, "text": _read_text}
    doc = readers[fmt](data, name)
    if not doc.text.strip():
        raise ReadError(f"{name}: tệp không có nội dung chữ")
    return doc


OCR_DPI = 300
OCR_TIMEOUT_S = 120  # one page
_NO_OCR = ("máy chủ chưa cài Tesseract để nhận dạng chữ (OCR); quản trị viên cần cài gói "
           "tesseract-ocr và tesseract-ocr-vie (apt-get install tesseract-ocr tesseract-ocr-vie)")
_PUNCT = set(".,;:()[]{}\"'!?-–—/%&+*=<>|…“”‘’•§#@_°")


def page_needs_ocr(text: str) -> bool:
    """Whether a page's text layer is missing or garbage: too few letters, or mostly glyph codes
    ("(cid:12)", private-use or replacement characters, symbols) rather than words."""
    if sum(c.isalpha() for c in text) < 20:
        return True
    if legacy.detect(text):
        return False  # a TCVN3/VNI font: the layer is converted, not read again
    chars = [c for c in text if not c.isspace()]
    odd = sum(not (c.isalnum() or c in _PUNCT) or 0xE000 <= ord(c) <= 0xF8FF for c in chars)
    cids = len(re.findall(r"\(cid:\d+\)", text))
    return odd > len(chars) * 0.15 or cids * 8 > len(chars) * 0.3


def tesseract_ready() -> bool:
    """Whether the tesseract command and its Vietnamese model are installed."""
    if not shutil.which("tesseract"):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in (langs.stdout + langs.stderr).split()


def _ocr_image(png: bytes) -> str:
    """One page image read by `tesseract - - -l vie` (stdin to stdout)."""
    result = subprocess.run(["tesseract", "-", "-", "-l", "vie", "--psm", "3"], input=png,
                            capture_output=True, timeout=OCR_TIMEOUT_S)
    if result.returncode:
        raise OSError(result.stderr.decode("utf-8", "replace").strip()[-200:])
    text = result.stdout.decode("utf-8", "replace").replace("\f", "")
    # Tesseract parts its blocks with blank lines wherever it sees a gap, mid-sentence too; the
    # lines alone read like a PDF text layer, whose broken lines layout.py rejoins
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def _ocr_pages(data: bytes, numbers: list[int]) -> dict[int, str]:
    """The pages (0-based numbers) rendered at OCR_DPI and read by Tesseract."""
    import pypdfium2 as pdfium

    out: dict[int, str] = {}
    pdf = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            page = pdf[number]
            image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
            page.close()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            out[number] = _ocr_image(buffer.getvalue())
    finally:
        pdf.close()
    return out


def _read_pdf(data: bytes, name: str) -> RawDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(f"{name}: PDF được bảo vệ bằng mật khẩu, không đọc được")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError,
            IndexError, RecursionError, NotImplementedError) as exc:
        raise ReadError(f"{name}: PDF hỏng hoặc không đọc được ({type(exc).__name__})") from None
    warnings: list[str] = []
    for i, page in enumerate(pages):
        encoding = legacy.detect(page) if sum(c.isalpha() for c in page) >= 20 else None
        if encoding:
            pages[i] = legacy.to_unicode(page, encoding)
            if not warnings:
                warnings.append(f"{name}: PDF dùng phông chữ mã cũ {encoding.upper()}, đã chuyển sang Unicode")
    scanned = [i for i, page in enumerate(pages) if page_needs_ocr(page)]
    ocr_pages: list[int] = []
    if scanned:
        if not tesseract_ready():
            if len(scanned) == len(pages) or sum(c.isalpha() for c in "".join(pages)) < 20:
                raise ReadError(f"{name}: PDF không có lớp chữ (có thể là bản quét); {_NO_OCR}")
            warnings.append(f"{name}: {len(scanned)} trang không có lớp chữ đọc được, đã bỏ qua; {_NO_OCR}")
            for i in scanned:
                pages[i] = ""
        else:
            try:
                read = _ocr_pages(data, scanned)
            except Exception as exc:  # pdfium and tesseract fail in many ways on odd files
                raise ReadError(f"{name}: không nhận dạng được chữ (OCR) trong PDF ({type(exc).__name__})") from None
            for i, page_text in read.items():
                pages[i] = page_text
            ocr_pages = [i + 1 for i in scanned if sum(c.isalpha() for c in pages[i]) >= 20]
            if ocr_pages:
                listed = "trang " + ", ".join(map(str, ocr_pages)) if len(ocr_pages) < len(pages) else "mọi trang"
                warnings.append(f"{name}: đọc bằng OCR (nhận dạng chữ từ ảnh quét, {listed}); "
                                "hãy đối chiếu với bản gốc")
    text = "\n\f\n".join(pages)
    if sum(c.isalpha() for c in text) < 20:
        raise ReadError(f"{name}: PDF không có lớp chữ (có thể là bản quét) và nhận dạng chữ (OCR) "
                        "không đọc được nội dung")
    return RawDocument(text=text, fmt="pdf", warnings=warnings, ocr_pages=ocr_pages)


def _read_docx(data: bytes, name: str) -> RawDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"{name}: không phải tệp DOCX hợp lệ ({type(exc).__name__})") from None
    except Exception as exc:  # python-docx raises many kinds on foreign zips
        raise ReadError(f"{name}: không phải tệp DOCX hợp lệ ({type(exc).__name__})") from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if text and child.find(".//{*}numPr") is not None and not text[:1] in "-+•":
                text = "- " + text
            lines.append(text)
        elif tag == "tbl":
            lines.extend(_table_rows(Table(child, document)))
    return RawDocument(text="\n".join(lines), fmt="docx")


def _cell_text(cell) -> str:  # noqa: ANN001 - python-docx cell
    parts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
    for nested in cell.tables:
        parts.extend(row.replace("|", ";").strip(" ;") for row in _table_rows(nested))
    return "; ".join(parts).replace("|", "/").replace("\n", " ")


def _table_rows(table) -> list[str]:  # noqa: ANN001 - python-docx table
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
        if any(cells):
            rows.append("| " + " | ".join(cells) + " |")
    return rows


def _read_text(data: bytes, name: str) -> RawDocument:
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    else:
        control = sum(b < 9 or 13 < b < 32 for b in data[:65536])
        if b"\x00" in data[:65536] or control > len(data[:65536]) * 0.01:
            raise ReadError(f"{name}: không phải văn bản (tệp nhị phân)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            if legacy.detect(text) is None:
                text = data.decode("cp1258", errors="replace")
                if sum(c in "\ufffd" for c in text) > len(text) * 0.01:
                    raise ReadError(f"{name}: không nhận ra bảng mã của tệp; hãy lưu lại dạng UTF-8")
                warnings.append(f"{name}: tệp dùng bảng mã Windows-1258, đã chuyển sang Unicode")
    encoding = legacy.detect(text)
    if encoding:
        text = legacy.to_unicode(text, encoding)
        warnings.append(f"{name}: tệp dùng bảng mã cũ {encoding.upper()}, đã chuyển sang Unicode")
    return RawDocument(text=text, fmt="text", warnings=warnings)
