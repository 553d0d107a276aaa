"""Layout: turn extracted text (lines broken at every visual line, page furniture) into logical
units — headings, list items, paragraphs, table rows — each with its span in the clean text.

Pure functions: text in, units out. The clean text is the units' lines joined by "\n".
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extraction.textnorm import UPPER, nfc

_UPPER = rf"[{UPPER}\"“'(\[]"
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("row", re.compile(r"(\|)\s*")),
    ("article", re.compile(rf"((?:Điều|Phần|Mục|Chương)\s+(?:\d+|[IVX]+|thứ\s+\w+)[.:]?)\s+(?={_UPPER})")),
    ("roman", re.compile(rf"([IVX]{{1,5}}[.)])\s*(?={_UPPER})")),
    ("num", re.compile(rf"(\d{{1,2}}(?:\.\d{{1,2}}){{1,3}}\.?|\d{{1,2}}[.)])\s*(?={_UPPER})")),  # num1 .. num4 by depth
    ("alpha", re.compile(rf"([a-zđ][).])\s+(?={_UPPER})")),
    ("paren", re.compile(rf"(\((?:\d{{1,2}}|[a-zđ]|[ivx]{{1,4}})\))\s*(?={_UPPER})")),
    ("dash", re.compile(rf"([-–—])\s*(?={_UPPER})")),
    ("plus", re.compile(r"(\+)\s*(?=\S)")),
    ("star", re.compile(r"(\*)\s*(?=\S)")),
    ("bullet", re.compile(r"([•·●○■□▪►➢✓❖\uf0b7\uf0a7\uf0d8])\s*(?=\S)")),
]
HEADING_TYPES = {"mdh", "article", "roman", "num1", "num2", "num3", "num4", "alpha"}  # mdh: a "## title" line
_TERMINAL = tuple(".;:!?…")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$", re.IGNORECASE)
_RULE = re.compile(r"^[-_=*.|:\s]{3,}$")
_MARKUP = [  # markdown left by converters: headings, emphasis, line breaks in table cells
    (re.compile(r"^#{1,6}\s+"), ""),
    (re.compile(r"<br\s*/?>", re.IGNORECASE), " "),
    (re.compile(r"\*\*|__"), ""),
    (re.compile(r"(?<![\w*(])\*(?=\S)|(?<=\S)\*(?![\w*)])"), ""),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1"),
]

# An item that already holds a finished sentence or ";" piece is a statement, not a title: a long
# line of it that ends on an ordinary word ("... Báo cáo Thủ tướng" / "Chính phủ kết quả ...") goes on.
_STATEMENT = re.compile(r"[.;] +\w|;$")


def strip_markup(line: str) -> str:
    """A line without markdown decoration ("### 1. **Về** ..." -> "1. Về ...")."""
    for pattern, replacement in _MARKUP:
        line = pattern.sub(replacement, line)
    return line


@dataclass
class Unit:
    """One logical line of the notice: a heading, a list item, a paragraph or a table row."""

    kind: str  # a MARKERS name or "para"
    marker: str
    start: int  # span of the whole unit in the clean text
    end: int
    body_start: int  # where the text after the marker starts

    def body(self, text: str) -> str:
        """The unit's text without its marker."""
        return text[self.body_start:self.end]


def match_marker(line: str) -> tuple[str, str, int] | None:
    """(kind, marker, body offset) when the line starts with a list or heading marker."""
    for kind, pattern in MARKERS:
        found = pattern.match(line)
        if found:
            if kind == "num":
                kind = f"num{min(4, found.group(1).rstrip('.').count('.') + 1)}"
            return kind, found.group(1), found.end()
    return None


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _page_furniture(pages: list[list[str]]) -> set[str]:
    """Lines repeated at the top or bottom of most pages (running headers and footers)."""
    if len(pages) < 3:
        return set()
    edges = Counter()
    for lines in pages:
        content = [line for line in lines if line]
        edges.update({*content[:1], *content[-1:]})
    return {line for line, n in edges.items() if n >= max(3, len(pages) // 2)}


def _logical_lines(raw: str) -> list[tuple[str, bool]]:
    """Physical lines, stripped, with page furniture dropped; each flagged 'after a hard break'."""
    pages = [[_clean_line(line) for line in page.splitlines()]
             for page in raw.replace("\r\n", "\n").replace("\r", "\n").split("\f")]
    furniture = _page_furniture(pages)
    lines = [line for page in pages for line in page]
    nonblank = [line for line in lines if line and line != _RULE_LINE]
    blank_is_wrap = len(lines) - len(nonblank) >= 0.6 * len(nonblank)
    # A text with a paragraph a line (long lines): every line break ends a unit.
    line_per_paragraph = sum(len(line) > 160 for line in nonblank) >= max(3, 0.2 * len(nonblank))
    out: list[tuple[str, bool]] = []
    hard = True
    for line in lines:
        if not line:
            hard = hard or not blank_is_wrap
            continue
        if _PAGE_NUMBER.match(line) or line in furniture:
            continue
        if line == _RULE_LINE:
            hard = True
            continue
        if line.startswith(_HEADING_LINE):
            hard = True
        out.append((line, hard or line_per_paragraph))
        hard = False
    return out


_RULE_LINE = "\x00rule"
# Words that open a new paragraph even after a line without a full stop (a title above it).
_PARAGRAPH_OPENER = re.compile(r"(?:Ngày\s+\d|Căn cứ\s|Thực hiện\s|Kính gửi|Sau khi\s|Trong (?:các )?ngày\s+\d|Chiều ngày|Sáng ngày"
                               r"|Trong (?:quý|tháng|năm|\d+ tháng)\s"
                               rf"|[{UPPER}][{UPPER}\s]{{3,80}}\s+điện\s*:)")  # a dispatch's "CHỦ TỊCH UBND TỈNH điện:"
# A heading broken across lines: its first line ends on a word that cannot end a phrase.
_OPEN_END = re.compile(r"(?:\b(?:của|và|với|các|những|cho|tại|trong|về|theo|để|là|được|đã|có|thuộc|từ|đến|trên|"
                       r"Văn phòng|Ban|Sở|Bộ|Ủy ban|Uỷ ban|UBND|HĐND|Chủ tịch|Đảng ủy|Đảng uỷ|Giao|Đối với|Yêu cầu|"
                       r"Thủ tướng|Bộ trưởng|Giám đốc|Trưởng Ban|Bí thư)|[,\-–])$")  # a title needs its body: "... Thủ tướng" / "Chính phủ"


_HEADING_LINE = "\x00h"


def _clean_line(line: str) -> str:
    line = nfc(line).strip()
    if _RULE.match(line) or re.fullmatch(r"[|\s]+", line):
        return _RULE_LINE
    heading = _HEADING_LINE if re.match(r"#{1,6}\s", line) else ""
    return heading + strip_markup(line).strip()


def _wrap_width(lines: list[tuple[str, bool]]) -> int:
    """The width a hard-wrapped text breaks its lines at (90th percentile of line lengths)."""
    lengths = sorted(len(line) for line, _ in lines)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def _continues(current: str, current_kind: str, last_line: str, line: str, width: int, body: int = 0) -> bool:
    """Whether a physical line continues the logical unit being built. A heading goes on when
    its line ends on a word that cannot end a phrase, or a long line splits a name
    ("... của tỉnh Điện" / "Biên vào ...")."""
    first = line[0]
    if first.islower() or first in ",;)]%":
        return True
    if current.endswith(_TERMINAL) or current.endswith("./.") or _PARAGRAPH_OPENER.match(line):
        return False
    if _is_caps(current) != _is_caps(line):
        return False
    if current_kind in HEADING_TYPES and first.isupper():
        name_split = last_line.split()[-1].istitle() and line.split()[0].istitle()
        long_line = len(last_line) >= min(40, 0.55 * width)
        return bool(_OPEN_END.search(current)) or (long_line and (name_split or bool(_STATEMENT.search(current, body))))
    return True


def segment(raw: str) -> tuple[str, list[Unit]]:
    """Clean text and its units from raw extracted text."""
    built: list[tuple[str, str, int]] = []  # (kind, line text, body offset)
    lines = _logical_lines(raw)
    width = _wrap_width(lines)
    last_line = ""
    for line, hard in lines:
        markdown_heading = line.startswith(_HEADING_LINE)
        line = line.removeprefix(_HEADING_LINE)
        if not line:
            continue
        marker = match_marker(line) or (("mdh", "", 0) if markdown_heading else None) \
            or (("row", "", 0) if line.count(" | ") >= 2 else None)  # "TT | Nội dung | Cơ quan chủ trì"
        hard = hard or markdown_heading
        previous, last_line = last_line, line
        if built and not hard and marker is None and built[-1][0] != "row" \
                and _continues(built[-1][1], built[-1][0], previous, line, width, built[-1][2]):
            kind, text, body = built[-1]
            sep = "" if text.endswith("-") and not text.endswith(" -") else " "
            built[-1] = (kind, text + sep + line, body)
            continue
        if marker:
            kind, mark, body = marker
            built.append((kind, line, body))
        else:
            built.append(("para", line, 0))
    units: list[Unit] = []
    parts: list[str] = []
    offset = 0
    for kind, text, body in built:
        text = re.sub(r" {2,}", " ", text).rstrip()
        mark = text[:body].strip() if body else ""
        body_start = offset + (len(text) - len(text[body:].lstrip()) if body else 0)
        units.append(Unit(kind=kind, marker=mark, start=offset, end=offset + len(text), body_start=body_start))
        parts.append(text)
        offset += len(text) + 1
    return "\n".join(parts), units
