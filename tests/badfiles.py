"""Bad and awkward input files, made on the fly for the reliability tests."""
from __future__ import annotations

import io
import random
from pathlib import Path

from extraction.legacy import from_unicode
from tests import samples
from tests.conftest import FONT


def _pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def corrupt_pdf(path: Path) -> Path:
    path.write_bytes(_pdf_bytes(samples.AGENCY_DASH)[:400] + b"\x00garbage" * 50)
    return path


def scanned_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 150, 200, style="F")
    path.write_bytes(bytes(pdf.output()))
    return path


def encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf_bytes(samples.AGENCY_DASH))).pages:
        writer.add_page(page)
    writer.encrypt("mat-khau")
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def binary_txt(path: Path) -> Path:
    rng = random.Random(1)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    return path


def huge(path: Path, megabytes: float) -> Path:
    line = (samples.AGENCY_DASH.encode("utf-8") + b"\n")
    with open(path, "wb") as handle:
        for _ in range(int(megabytes * 1048576 / len(line)) + 1):
            handle.write(line)
    return path


def utf16(path: Path) -> Path:
    path.write_bytes(samples.INLINE.encode("utf-16"))
    return path


def legacy(path: Path, encoding: str) -> Path:
    path.write_bytes(from_unicode(samples.AGENCY_DASH, encoding).encode("cp1252"))
    return path


def mixed_endings(path: Path) -> Path:
    lines = samples.AGENCY_DASH.splitlines()
    path.write_bytes("".join(line + ("\r\n", "\r", "\n")[i % 3] for i, line in enumerate(lines)).encode("utf-8"))
    return path


def english(path: Path) -> Path:
    path.write_text(samples.ENGLISH * 3, encoding="utf-8")
    return path


def news(path: Path) -> Path:
    path.write_text(samples.NEWS * 3, encoding="utf-8")
    return path


def html_script(path: Path) -> Path:
    path.write_text("- Phòng Nội vụ: Rà soát hồ sơ <script>alert('x')</script> và <img src=x onerror=alert(1)> cán bộ.\n",
                    encoding="utf-8")
    return path


def nested_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("1. Sở Y tế")
    document.add_paragraph("- Chủ trì kiểm tra an toàn thực phẩm.")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Nội dung"
    table.rows[0].cells[1].text = "Cơ quan chủ trì"
    table.rows[1].cells[0].text = "Rà soát thủ tục hành chính"
    inner = table.rows[1].cells[1].add_table(rows=2, cols=1)
    inner.rows[0].cells[0].text = "Sở Tư pháp"
    inner.rows[1].cells[0].text = "Sở Nội vụ"
    document.save(path)
    return path


def many_items(path: Path, count: int = 2000) -> Path:
    body = "\n".join(f"- Phòng Kinh tế: Rà soát nhiệm vụ số {i} trước ngày 30/6/2025." for i in range(count))
    path.write_text("THÔNG BÁO\nKết luận phiên họp\nII. Nhiệm vụ\n" + body + "\n", encoding="utf-8")
    return path


def good(path: Path) -> Path:
    path.write_text(samples.AGENCY_HEADING, encoding="utf-8")
    return path


# name, maker, what must come out: "error" (one clear line) or "ok" (directives) or "warn" (read, none)
CASES = [
    ("hong.pdf", corrupt_pdf, "error"), ("ban-quet.pdf", scanned_pdf, "error"),
    ("co-mat-khau.pdf", encrypted_pdf, "error"), ("rong.txt", empty, "error"),
    ("nhi-phan.txt", binary_txt, "error"), ("utf16.txt", utf16, "ok"),
    ("tcvn3.txt", lambda p: legacy(p, "tcvn3"), "ok"), ("vni.txt", lambda p: legacy(p, "vni"), "ok"),
    ("dong-hon-hop.txt", mixed_endings, "ok"), ("english.txt", english, "warn"), ("tin-tuc.txt", news, "warn"),
    ("co-script.txt", html_script, "ok"), ("bang-long-nhau.docx", nested_docx, "ok"),
    ("hai-nghin-muc.txt", many_items, "ok"),
]
