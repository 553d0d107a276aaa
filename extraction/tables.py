"""Task tables: a row is a task; columns such as nội dung, cơ quan chủ trì, cơ quan phối hợp,
thời hạn, sản phẩm. Rows arrive as "| a | b | c |" lines (DOCX tables and text tables alike)."""
from __future__ import annotations

import re

from extraction.agencies import find_agencies
from extraction.deadlines import is_time
from extraction.document import NoticeDoc
from extraction.roles import find_action
from extraction.textnorm import fold
from extraction.wordlists import agency_words

_COLUMNS = {
    "lead": ("chu tri", "co quan thuc hien", "don vi thuc hien", "co quan, don vi chu tri", "trach nhiem", "don vi chu tri",
             "co quan chu tri", "phu trach", "co quan xu ly", "don vi xu ly", "tiep nhan, xu ly", "co quan tiep nhan",
             "giao cho", "co quan duoc giao", "don vi duoc giao", "nguoi thuc hien", "can bo thuc hien",
             "nguoi phu trach", "can bo phu trach"),
    "cooperating": ("phoi hop",),
    "deadline": ("thoi han", "thoi gian", "tien do"),
    "content": ("noi dung", "nhiem vu", "ten nhiem vu", "cong viec", "hoat dong", "giai phap", "thong tin de xuat",
                "de xuat", "kien nghi", "van de"),
    "product": ("san pham", "ket qua"),
    "number": ("stt", "tt", "so tt"),
}
_LETTERHEAD = re.compile(r"CỘNG H[OÒ]À XÃ HỘI|Độc lập - Tự do|Nơi nhận|KT\.|TM\.|TL\.|Số:|\bngày\s+\d*\s*tháng", re.IGNORECASE)


def cells(line: str) -> list[str]:
    """The cells of a "| a | b |" line."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


def header_map(row: list[str]) -> dict[str, int] | None:
    """Column roles when the row is a header row (it names a content or agency column). Each
    role goes to the cell that names it earliest ("Thông tin đề xuất" over "Tỉnh kiến nghị")."""
    best: dict[str, tuple[int, int]] = {}  # role -> (position of its name in the cell, cell index)
    taken: set[int] = set()
    for index, cell in enumerate(row):
        key = fold(cell)
        if len(key) >= 60:
            continue
        for role, names in _COLUMNS.items():
            positions = [f" {key}".find(f" {n}") for n in names if f" {n}" in f" {key}"]
            if positions and (role not in best or min(positions) < best[role][0]):
                best[role] = (min(positions), index)
    roles: dict[str, int] = {}
    for role, (_, index) in sorted(best.items(), key=lambda item: item[1]):
        if index not in taken:
            roles[role] = index
            taken.add(index)
    return roles if ("content" in roles or "lead" in roles) and len(roles) >= 2 else None


def agency_cell(cell: str) -> list[str]:
    """The agencies a table cell names; failing those, the people it lists."""
    return [name for mention in find_agencies(cell) for name in mention.names] or people_cell(cell)


def people_cell(cell: str) -> list[str]:
    """The people a cell lists name after name ("Đỗ Mạnh Cường Vũ Việt Linh"): every word
    capitalised, a new name at each family name; [] for anything else."""
    words = cell.split()
    if not 2 <= len(words) <= 40 or not all(word[:1].isupper() or word.istitle() for word in words[:1]):
        return []
    if sum(word[:1].isupper() for word in words) < 0.8 * len(words):
        return []
    surnames = set(agency_words()["surnames"])
    names: list[list[str]] = []
    for word in words:
        if word in surnames and (not names or len(names[-1]) >= 2):
            names.append([word])
        elif names:
            names[-1].append(word)
        else:
            return []
    return [" ".join(name) for name in names if 2 <= len(name) <= 5]


def is_letterhead(row: list[str]) -> bool:
    """A header or signature block laid out as a table (issuer | motto, recipients | signer)."""
    return any(_LETTERHEAD.search(cell) for cell in row) or all(c.isupper() for c in row if c)


def read_row(row: list[str], roles: dict[str, int] | None) -> dict | None:
    """The task a row holds (content, lead, cooperating, deadline), using the header's roles
    when known, else guessing by cell shape; None for a row that holds no task."""
    def get(role: str) -> str:
        index = roles.get(role) if roles else None
        return row[index] if index is not None and index < len(row) else ""

    if roles:
        content = get("content")
        if not content or header_map(row):
            return None
        return {"content": content, "lead": agency_cell(get("lead")), "cooperating": agency_cell(get("cooperating")),
                "deadline": get("deadline") or None}
    texts = [c for c in row if c and not re.fullmatch(r"[\d.,\s%-]+", c)]
    agency_cells = [c for c in texts if len(c) < 300 and agency_cell(c) and len(agency_cell(c)[0]) > 0.6 * len(c)]
    others = [c for c in texts if c not in agency_cells]
    if not others:
        return None
    content = max(others, key=len)
    deadline = next((c for c in others if c != content and is_time(c) and len(c) < 60), None)
    return {"content": content, "lead": agency_cell(agency_cells[0]) if agency_cells else [],
            "cooperating": agency_cell(agency_cells[1]) if len(agency_cells) > 1 else [], "deadline": deadline}


def read_tables(doc: NoticeDoc) -> NoticeDoc:
    """Each table row's task: its cells by the last header row seen, its action."""
    header: dict[str, int] | None = None
    width = 0
    for clause in doc.clauses:
        if clause.part != "row":
            continue
        row = cells(doc.clause_text(clause))
        if header_map(row):
            header, width = header_map(row), len(row)
            continue
        if len(row) < width and len(raw := doc.clause_text(clause).strip().split("|")) == width:
            row = [cell.strip() for cell in raw]  # "| a | b |" under "TT | A | B | Ghi chú": empty first and last cells
        if is_letterhead(row):
            continue
        task = read_row(row, header)
        if task is None or len(task["content"]) < 8:
            continue
        clause.row = task
        clause.roles.action, clause.roles.verb_first = find_action(task["content"])
        clause.roles.cooperating = task["cooperating"]
    return doc
