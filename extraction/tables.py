"""Task tables: a row is a task; columns such as nội dung, cơ quan chủ trì, cơ quan phối hợp,
thời hạn, sản phẩm. Rows arrive as "| a | b | c |" lines (DOCX tables and text tables alike)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.agencies import is_agency_start, split_agency_list
from extraction.textnorm import fold

_COLUMNS = {
    "lead": ("chu tri", "co quan thuc hien", "don vi thuc hien", "co quan, don vi chu tri", "trach nhiem", "don vi chu tri"),
    "cooperating": ("phoi hop",),
    "deadline": ("thoi han", "thoi gian", "tien do"),
    "content": ("noi dung", "nhiem vu", "ten nhiem vu", "cong viec", "hoat dong", "giai phap"),
    "product": ("san pham", "ket qua"),
    "number": ("stt", "tt", "so tt"),
}


@dataclass
class Row:
    """One table row read as a task."""

    content: str
    lead: list[str]
    cooperating: list[str]
    deadline: str | None


def cells(line: str) -> list[str]:
    """The cells of a "| a | b |" line."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


def header_map(row: list[str]) -> dict[str, int] | None:
    """Column roles when the row is a header row (it names a content or agency column)."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = fold(cell)
        for role, names in _COLUMNS.items():
            if role not in roles and any(key == n or key.startswith(n) or f" {n}" in f" {key}" for n in names) and len(key) < 60:
                roles[role] = index
                break
    return roles if ("content" in roles or "lead" in roles) and len(roles) >= 2 else None


def _agency_cell(cell: str) -> list[str]:
    parts = [p.strip(" -;.") for p in re.split(r"[;\n]|\s-\s|^-", cell) if p.strip(" -;.")]
    return [name for part in parts if is_agency_start(part) for name in split_agency_list(part)]


_LETTERHEAD = re.compile(r"CỘNG H[OÒ]À XÃ HỘI|Độc lập - Tự do|Nơi nhận|KT\.|TM\.|TL\.|Số:|\bngày\s+\d*\s*tháng", re.IGNORECASE)


def is_letterhead(row: list[str]) -> bool:
    """A header or signature block laid out as a table (issuer | motto, recipients | signer)."""
    return any(_LETTERHEAD.search(cell) for cell in row) or all(c.isupper() for c in row if c)


def read_row(row: list[str], roles: dict[str, int] | None) -> Row | None:
    """The task a row holds, using header roles when known, else guessing by cell shape."""
    def get(role: str) -> str:
        index = roles.get(role) if roles else None
        return row[index] if index is not None and index < len(row) else ""

    if roles:
        content, lead, coop, deadline = get("content"), get("lead"), get("cooperating"), get("deadline")
        if not content or header_map(row):
            return None
        return Row(content, _agency_cell(lead), _agency_cell(coop), deadline or None)
    texts = [c for c in row if c and not re.fullmatch(r"[\d.,\s%-]+", c)]
    if not texts:
        return None
    agency_cells = [c for c in texts if _agency_cell(c) and len(c) < 300]
    others = [c for c in texts if c not in agency_cells]
    if not others:
        return None
    content = max(others, key=len)
    deadline = next((c for c in others if c != content and re.search(r"\d{4}|tháng|quý|thường xuyên|hằng năm", c) and len(c) < 60), None)
    lead = _agency_cell(agency_cells[0]) if agency_cells else []
    coop = _agency_cell(agency_cells[1]) if len(agency_cells) > 1 else []
    return Row(content, lead, coop, deadline)
