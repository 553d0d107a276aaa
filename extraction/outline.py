"""The outline of a notice: headings (I., 1., 1.1., a)) and list items (-, +, (1)) nested as a
tree, each unit placed under its innermost open node; the review and task sections; the
trailer (recipients, signature) after "Nơi nhận"."""
from __future__ import annotations

import re
from functools import lru_cache

from extraction.document import Node, NoticeDoc
from extraction.layout import HEADING_TYPES
from extraction.tables import cells, header_map
from extraction.wordlists import lexicon

_HEADING_RANK = {"mdh": 0, "caps": 0, "article": 1, "roman": 2, "num1": 3, "num2": 4, "num3": 5, "num4": 6, "alpha": 7}
HEADINGS = HEADING_TYPES | {"caps"}  # "caps": a section title in capitals ("TỒN TẠI, HẠN CHẾ")
_TRAILER = re.compile(r"^\W*(?:nơi nhận|nơi gửi)\b", re.IGNORECASE)
# After the signature, an appendix opens content again (its task tables are tasks).
_APPENDIX = re.compile(r"^\W*(?:PHỤ LỤC|Phụ lục|DANH MỤC|Danh mục|BIỂU|BẢNG|Bảng)\b")
_FIELD_PREFIX = re.compile(r"^(?:Đối với lĩnh vực|Đối với các|Đối với|Lĩnh vực|Về lĩnh vực|Về việc|Về)\s+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _purpose_heading() -> re.Pattern[str]:
    """A whole heading made of purpose words ("Mục đích, yêu cầu", "Mục tiêu cụ thể"), from the lexicon."""
    words, qualifiers = "|".join(lexicon()["purpose_headings"]), "|".join(lexicon()["purpose_qualifiers"])
    part = rf"(?:{words})(?:\s+(?:{qualifiers}))?"
    return re.compile(rf"{part}(?:(?:\s*,\s*|\s+và\s+){part})*")


def zone_of(heading: str) -> str | None:
    """"purpose" for a plan's purpose heading ("Mục đích, yêu cầu", "Yêu cầu", "Mục tiêu cụ thể"),
    "review" for a heading that opens with a review word ("Đánh giá chung", "Những tồn tại, hạn
    chế"), "task" for one with a task word anywhere ("Nhiệm vụ, giải pháp", "Tổ chức thực hiện"),
    else None."""
    if _purpose_heading().fullmatch(heading.lower().strip(" :.*")):
        return "purpose"  # not "Một số yêu cầu" of a conclusion notice: those are its tasks
    low = re.sub(r"^(?:một số|những|các|về)\s+", "", heading.lower().strip(" :.*"))
    if any(re.match(rf"{re.escape(word)}(?!\w)", low) for word in lexicon()["review_headings"]):
        return "review"
    if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", low) for word in lexicon()["task_headings"]):
        return "task"
    return None


def heading_like(body: str) -> bool:
    """A title rather than a statement: short, and not closed by a full stop or ";"."""
    stripped = body.strip()
    return bool(stripped) and len(stripped) < 300 and not stripped.endswith((".", ";", "./.", "!", "?"))


def _close(stack: list[Node], kind: str) -> None:
    """Pop what a new unit of this kind closes: its own level and everything deeper; a heading
    also closes open list items and more junior headings; a paragraph closes list items."""
    kinds = [node.kind for node in stack]
    if kind in kinds:
        del stack[kinds.index(kind):]
        return
    if kind in HEADINGS:
        rank = _HEADING_RANK[kind]
        while len(stack) > 1 and (stack[-1].kind not in HEADINGS or _HEADING_RANK[stack[-1].kind] >= rank):
            stack.pop()
    elif kind == "para":
        while len(stack) > 1 and stack[-1].kind not in HEADINGS:
            stack.pop()


def build_outline(doc: NoticeDoc) -> NoticeDoc:
    """Place every unit in the tree; set headings' fields and zones; mark the trailer."""
    stack: list[Node] = [doc.root]
    trailer = False
    doc.unit_nodes = []
    for index, unit in enumerate(doc.units):
        body = unit.body(doc.text)
        if _TRAILER.search(body) or (unit.kind == "row" and "nơi nhận" in body.lower()):
            trailer = True
        elif trailer and (_APPENDIX.match(body) or (unit.kind == "row" and header_map(cells(body)))):
            trailer = False
            stack[1:] = []
        if trailer:
            doc.unit_nodes.append(Node("trailer", index, parent=doc.root))
            continue
        if unit.kind == "row":
            doc.unit_nodes.append(stack[-1])
            continue
        kind = "caps" if unit.kind == "para" and heading_like(body) and body.isupper() and zone_of(body) else unit.kind
        _close(stack, kind)
        if kind == "para":
            node = stack[-1]
        else:
            node = Node(kind, index, parent=stack[-1])
            if kind in HEADINGS and heading_like(body) and zone_of(body):
                node.zones.append((unit.start, zone_of(body)))
            if kind in HEADINGS and heading_like(body):
                node.field = _FIELD_PREFIX.sub("", body.strip(" :.")).strip() or None
            stack.append(node)
        doc.unit_nodes.append(node)
    return doc
