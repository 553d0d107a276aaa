"""Who must act, by one rule: the nearest enclosing scope that names an addressee wins.

In order: the clause's own subject or assignee; the subject of an earlier clause of the same
unit ("(1) Bộ Y tế chỉ đạo ... . Tập trung hoàn thiện ..."); the unit's lead ("Sở X: ...");
then up the outline, each enclosing heading or item ("4. Giao Ban Pháp chế", "Đối với Bộ Y tế:",
an item whose first clause names its subject) and each lead-in met before the unit
("yêu cầu các cơ quan ... thực hiện một số nội dung sau:"); else nobody."""
from __future__ import annotations

import re
from collections import Counter

from extraction.agencies import is_place
from extraction.document import Clause, Node, NoticeDoc
from extraction.roles import analyse, find_action


_TASK_LEADIN = re.compile(r"nhiệm vụ|giải pháp|nội dung|như sau|yêu cầu|đề nghị|chỉ đạo|kết luận|công việc|sau\s*:$", re.IGNORECASE)
# A lead-in to the problems that remain ("Bên cạnh kết quả đạt được, vẫn còn một số tồn tại, hạn chế
# như sau:"), not to tasks ("Để khắc phục những tồn tại, hạn chế trên, cần tập trung các giải pháp sau:")
_PROBLEM_NOUNS = r"tồn tại|hạn chế|khó khăn|vướng mắc|bất cập|yếu kém"
_PROBLEMS_LEADIN = re.compile(rf"(?<!\w)(?:{_PROBLEM_NOUNS}|nguyên nhân)(?!\w)", re.IGNORECASE)
# "... một số tồn tại, hạn chế cần khắc phục như sau:" names the problems, it asks no remedy of its own
_PROBLEMS_TO_FIX = re.compile(rf"(?:{_PROBLEM_NOUNS})\s+(?:cần|phải)(?:\s+(?:được|sớm))?"
                              r"\s+(?:khắc phục|tháo gỡ|giải quyết)", re.IGNORECASE)
_REMEDY = re.compile(r"(?<!\w)(?:nhiệm vụ|giải pháp|đề nghị|yêu cầu|chỉ đạo|khắc phục|tháo gỡ|tập trung|cần|phải)(?!\w)", re.IGNORECASE)


_TASKS_AHEAD = re.compile(r"^\W*(?:trong\s+)?(?:thời gian tới|những tháng cuối năm|từ nay đến cuối năm|năm 20\d\d)\s*,", re.IGNORECASE)


def _local(doc: NoticeDoc, clause: Clause) -> list:
    mentions = doc.unit_mentions[clause.unit] if clause.unit < len(doc.unit_mentions) else []
    return [m.shifted(clause.start) for m in mentions if m.start >= clause.start and m.end <= clause.end]


_FIELD_ITEMS = [  # a plan's "field list" under a task: "- Cơ quan chủ trì: X", "- Thời gian thực hiện: ..."
    ("lead", re.compile(r"^\W*(?:(?:Cơ quan|Đơn vị|Cơ quan, đơn vị)\s+(?:chủ trì|thực hiện|chịu trách nhiệm|được giao)"
                        r"(?:\s+tham mưu)?(?:\s+thực hiện)?|Chủ trì|Trách nhiệm thực hiện)\s*:\s*(?P<value>.+)$", re.IGNORECASE)),
    ("cooperating", re.compile(r"^\W*(?:(?:Cơ quan|Đơn vị|Cơ quan, đơn vị)\s+phối hợp(?:\s+thực hiện)?|Phối hợp)\s*:\s*(?P<value>.+)$",
                               re.IGNORECASE)),
    ("deadline", re.compile(r"^\W*(?:Thời gian|Thời hạn|Tiến độ)(?:\s+(?:thực hiện|hoàn thành))?\s*:\s*(?P<value>.+)$", re.IGNORECASE)),
]
_FIELD_LABEL = re.compile(r"^\W*(?:Cơ quan|Đơn vị|Trách nhiệm)\s+(?:thực hiện|chủ trì)\s*:?\s*$", re.IGNORECASE)


_ITEM_KINDS = ("dash", "plus", "star", "bullet")


def _is_field(body: str) -> bool:
    """Whether a unit is a field item ("Đơn vị chủ trì: X.", "Thời gian thực hiện: ...") or a field label."""
    return bool(_FIELD_LABEL.match(body)) or any(pattern.match(body.strip()) for _, pattern in _FIELD_ITEMS)


def _is_item(doc: NoticeDoc, unit: int) -> bool:
    """Whether a unit opens a list item ("- ...", "+ ...")."""
    return doc.units[unit].kind in _ITEM_KINDS and doc.unit_nodes[unit].index == unit


def _items_before(doc: NoticeDoc, unit: int, fields: set[int]) -> list[int]:
    """The run of sibling list items a block of field items follows, back to the block before
    it or the heading: [] when the unit before the block is no list item."""
    item = unit - 1
    while item >= 0 and item in fields:
        item -= 1
    if item < 0 or not _is_item(doc, item):
        return []
    parent, kind = doc.unit_nodes[item].parent, doc.units[item].kind
    run = []
    for index in range(item, -1, -1):
        if index in fields or doc.unit_nodes[index] is parent:
            break
        if _is_item(doc, index) and doc.unit_nodes[index].parent is parent and doc.units[index].kind == kind:
            run.append(index)
    return run[::-1]


def _blocks_per_heading(doc: NoticeDoc, fields: set[int]) -> Counter[int]:
    """id(heading) -> how many field blocks follow a run of its list items."""
    return Counter(id(doc.unit_nodes[run[0]].parent) for start in fields
                   if start - 1 not in fields and (run := _items_before(doc, start, fields)))


def _field_owners(doc: NoticeDoc, unit: int, fields: set[int], blocks: Counter[int]) -> list[Node]:
    """The tasks a field item describes. Under a heading whose items come in runs, each run
    followed by its own field block ("- A. - B. Đơn vị thực hiện: X. - C. Đơn vị chủ trì: Y."),
    the items of the run before it; else the heading above it, past a "Cơ quan thực hiện:" label
    (its items share the fields). blocks: _blocks_per_heading."""
    run = _items_before(doc, unit, fields)
    if run and blocks[id(doc.unit_nodes[run[0]].parent)] > 1:
        return [doc.unit_nodes[item] for item in run]
    node = doc.unit_nodes[unit]
    node = node.parent if node.index == unit and node.parent is not None else node
    while node.parent is not None and node.index >= 0 and _FIELD_LABEL.match(doc.units[node.index].body(doc.text)):
        node = node.parent
    return [node]


def _lead_and_partners(value: str, mentions: list, offset: int) -> dict[str, list[str]]:
    """A lead field that names both ("Cơ quan thực hiện: Sở Y tế chủ trì, phối hợp với các sở,
    ban, ngành ..."): who leads, and who cooperates; empty when it only names who leads."""
    roles = analyse(value, [m.shifted(offset) for m in mentions])
    return {"lead": roles.responsible, "cooperating": roles.cooperating} if roles.responsible and roles.cooperating else {}


def read_fields(doc: NoticeDoc) -> set[int]:
    """Set the fields of the tasks described by field items; the units that are field items."""
    units: set[int] = set()
    fields = {index for index, unit in enumerate(doc.units) if _is_field(unit.body(doc.text))}
    blocks = _blocks_per_heading(doc, fields)
    for index, unit in enumerate(doc.units):
        body = unit.body(doc.text)
        for piece in re.finditer(r"[^;]+", body):  # "Đơn vị chủ trì: X; Đơn vị phối hợp: Y."
            for name, pattern in _FIELD_ITEMS:
                found = pattern.match(piece.group(0).strip())
                if not found:
                    continue
                value = found.group("value").strip(" .;")
                shared: dict[str, list[str]] = {}
                if name != "deadline":
                    start = unit.body_start + piece.start() + piece.group(0).index(found.group("value"))
                    end = start + len(found.group("value"))
                    mentions = [m for m in doc.unit_mentions[index] if start <= m.start < end]
                    shared = _lead_and_partners(doc.text[start:end], mentions, start) if name == "lead" else {}
                    value = shared.pop("lead", None) or [n for m in mentions for n in m.names] or [value]
                for owner in _field_owners(doc, index, fields, blocks):
                    owner.fields[name] = value
                    for field_name, names in shared.items():
                        owner.fields.setdefault(field_name, names)
                units.add(index)
                break
        if _FIELD_LABEL.match(body):
            units.add(index)
    return units


def read_roles(doc: NoticeDoc) -> NoticeDoc:
    """Each clause's own roles, its mentions, and the scopes its unit opens. A heading that is
    a task ("4. Phối hợp kiểm tra ...") with its own field list becomes a task clause."""
    seen_body: set[int] = set()
    field_units = read_fields(doc)
    for clause in doc.clauses:
        if clause.part == "heading" and clause.node.index == clause.unit and clause.node.fields.get("lead") \
                and find_action(doc.clause_text(clause))[1]:
            clause.part = "body"
        if clause.zone == "trailer":
            continue
        if clause.unit in field_units or clause.unit in doc.recipient_units:
            clause.part = "field"
            continue
        clause.mentions = _local(doc, clause)
        text = doc.clause_text(clause)
        clause.roles = analyse(text, clause.mentions) if clause.part != "row" else clause.roles
        owns_node = clause.node.index == clause.unit
        if clause.part in ("lead", "heading"):
            if clause.part == "lead" or (clause.roles.responsible and not clause.roles.speaker):
                names = clause.lead or clause.roles.responsible
                if owns_node:
                    clause.node.addressees = names
                elif clause.part == "lead" and not (all(map(is_place, names)) and clause.node.subject):
                    # "Bộ Giáo dục và Đào tạo: ..." as a paragraph; not the places an item's subject
                    # singles out ("1. Chủ tịch UBND các tỉnh ..., trong đó trọng tâm là các tỉnh: / Đắk Lắk, Gia Lai:")
                    clause.node.leadins.append((clause.unit, names))
        elif clause.part == "body":
            first = clause.unit not in seen_body
            seen_body.add(clause.unit)
            own = clause.roles.responsible
            if first and owns_node and own:
                clause.node.subject = own
            if text.rstrip().endswith(":"):
                if own and (clause.roles.by_verb or clause.roles.verb_first):  # not "Tham dự có X:"
                    clause.node.leadins.append((clause.unit, own))
                if not own and _PROBLEMS_LEADIN.search(text) and not _REMEDY.search(_PROBLEMS_TO_FIX.sub("", text)):
                    clause.node.zones.append((clause.end, "review"))
                elif own or _TASK_LEADIN.search(text):
                    clause.node.zones.append((clause.end, "task"))
            if _TASKS_AHEAD.match(text):
                clause.node.zones.append((clause.start, "task"))
    return doc


def _names_someone(node: Node, children: dict[int, list[Node]]) -> bool:
    if node.addressees or node.subject or node.fields.get("lead"):
        return True
    return any(_names_someone(child, children) for child in children.get(id(node), []))


def _drop_introductions(doc: NoticeDoc) -> None:
    """A lead-in before sections most of which name their own addressees ("yêu cầu các cơ
    quan ... thực hiện: 1. ... - Phòng X: ...") only introduces them: it names no one for the
    sections that name nobody."""
    children: dict[int, list[Node]] = {}
    for index, node in enumerate(doc.unit_nodes):
        if node.index == index and node.parent is not None:
            children.setdefault(id(node.parent), []).append(node)
    for node in {id(n): n for n in doc.unit_nodes}.values():
        kept = []
        for at, names in node.leadins:
            after = [child for child in children.get(id(node), []) if child.index > at]
            addressed = sum(_names_someone(child, children) for child in after)
            if len(after) < 2 or addressed * 2 <= len(after):
                kept.append((at, names))
        node.leadins = kept


def _from_outline(node: Node, unit: int, owns_node: bool) -> list[str]:
    """Up the tree: in each node, a lead-in met since it opened, else its own addressee or
    subject (a unit's own node gives those through its lead and carried subject instead)."""
    for index, ancestor in enumerate(node.chain()):
        if ancestor.fields.get("lead"):
            return ancestor.fields["lead"]
        earlier = [names for at, names in ancestor.leadins if at < unit]
        if earlier:
            return earlier[-1]
        own_unit = index == 0 and owns_node
        if ancestor.addressees and not own_unit:
            return ancestor.addressees
        if ancestor.subject and not own_unit:
            return ancestor.subject
    return []


def _field_value(node: Node, name: str):  # noqa: ANN202 - a field's value
    """The nearest field of this name up the tree (a plan's "Cơ quan phối hợp: ...")."""
    for ancestor in node.chain():
        if name in ancestor.fields:
            return ancestor.fields[name]
    return None


def partners(clause: Clause) -> list[str]:
    """Who cooperates on a clause's task, besides its responsible agencies: those its own words
    name ("phối hợp với ..."), else the nearest "Cơ quan phối hợp: ..." field above it."""
    return [c for c in clause.roles.cooperating if c not in clause.agencies] \
        or [c for c in _field_value(clause.node, "cooperating") or [] if c not in clause.agencies]


def resolve_scope(doc: NoticeDoc) -> NoticeDoc:
    """Every body clause's responsible agencies, by the nearest scope that names one."""
    _drop_introductions(doc)
    carried: dict[int, list[str]] = {}
    leads: dict[int, list[str]] = {}
    for clause in doc.clauses:
        if clause.zone == "trailer":
            continue
        if clause.part == "lead":
            leads[clause.unit] = clause.lead
            continue
        if clause.part in ("heading", "field"):
            continue
        own = clause.roles.responsible
        owns_node = clause.node.index == clause.unit
        if own:
            carried[clause.unit] = own
            clause.agencies = own
        elif clause.part == "row" and clause.row and clause.row.get("lead"):
            clause.agencies = clause.row["lead"]
        else:
            clause.agencies = carried.get(clause.unit) or leads.get(clause.unit) \
                or _from_outline(clause.node, clause.unit, owns_node)
            if not clause.agencies and doc.recipients:
                clause.agencies = list(doc.recipients)  # a letter's tasks that name nobody are its addressees'
            if not clause.agencies and doc.partner and clause.node.zone_at(clause.start) == "task":
                clause.agencies = [doc.partner]  # "làm việc với tỉnh X": "2. Cần đánh giá kỹ ..." is the province's
        clause.cooperating = partners(clause)
    return doc
