"""Read a notice file (PDF with a text layer, DOCX, TXT) into text. I/O lives here alone.

The format is decided by the file's content, not its name. Every failure is a ReadError whose
message names the file and the problem in Vietnamese, fit to show a clerk as it is.
"""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from extraction import legacy

DEFAULT_MAX_MB = 20.0


class ReadError(Exception):
    """A file that cannot be read as a notice; str() is one line naming the file."""


@dataclass
class RawDocument:
    """The text of a file and what was noticed while reading it."""

    text: str
    fmt: str
    warnings: list[str] = field(default_factory=list)


def max_bytes() -> int:
    """The upload/ingest size limit: CHIDAO_MAX_FILE_MB megabytes (default 20)."""
    return int(float(os.environ.get("CHIDAO_MAX_FILE_MB", DEFAULT_MAX_MB)) * 1024 * 1024)


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
    text = "\n\f\n".join(pages)
    if sum(c.isalpha() for c in text) < 20:
        raise ReadError(f"{name}: PDF không có lớp chữ (có thể là bản quét); cần bản PDF có chữ "
                        "hoặc nhận dạng chữ (OCR) trước")
    return RawDocument(text=text, fmt="pdf")


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
