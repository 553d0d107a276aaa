"""Who must act, by one rule: the nearest enclosing scope that names an addressee wins.

In order: the clause's own subject or assignee; the subject of an earlier clause of the same
unit ("(1) Bộ Y tế chỉ đạo ... . Tập trung hoàn thiện ..."); the unit's lead ("Sở X: ...");
then up the outline, each enclosing heading or item ("4. Giao Ban Pháp chế", "Đối với Bộ Y tế:",
an item whose first clause names its subject) and each lead-in met before the unit
("yêu cầu các cơ quan ... thực hiện một số nội dung sau:"); else nobody."""
from __future__ import annotations

import re

from extraction.document import Clause, Node, NoticeDoc
from extraction.roles import analyse


_TASK_LEADIN = re.compile(r"nhiệm vụ|giải pháp|nội dung|như sau|yêu cầu|đề nghị|chỉ đạo|kết luận|công việc|sau\s*:$", re.IGNORECASE)


_TASKS_AHEAD = re.compile(r"^\W*(?:trong\s+)?(?:thời gian tới|những tháng cuối năm|từ nay đến cuối năm|năm 20\d\d)\s*,", re.IGNORECASE)


def _local(doc: NoticeDoc, clause: Clause) -> list:
    mentions = doc.unit_mentions[clause.unit] if clause.unit < len(doc.unit_mentions) else []
    return [type(m)(m.start - clause.start, m.end - clause.start, m.label, m.names)
            for m in mentions if m.start >= clause.start and m.end <= clause.end]


def read_roles(doc: NoticeDoc) -> NoticeDoc:
    """Each clause's own roles, its mentions, and the scopes its unit opens."""
    seen_body: set[int] = set()
    for clause in doc.clauses:
        if clause.zone == "trailer":
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
                elif clause.part == "lead":  # "Bộ Giáo dục và Đào tạo: ..." as a paragraph
                    clause.node.leadins.append((clause.unit, names))
        elif clause.part == "body":
            first = clause.unit not in seen_body
            seen_body.add(clause.unit)
            own = clause.roles.responsible
            if first and owns_node and own:
                clause.node.subject = own
            if text.rstrip().endswith(":"):
                if own:
                    clause.node.leadins.append((clause.unit, own))
                if own or _TASK_LEADIN.search(text):
                    clause.node.zones.append((clause.end, "task"))
            if _TASKS_AHEAD.match(text):
                clause.node.zones.append((clause.start, "task"))
    return doc


def _from_outline(node: Node, unit: int, owns_node: bool) -> list[str]:
    """Up the tree: in each node, a lead-in met since it opened, else its own addressee or
    subject (a unit's own node gives those through its lead and carried subject instead)."""
    for index, ancestor in enumerate(node.chain()):
        earlier = [names for at, names in ancestor.leadins if at < unit]
        if earlier:
            return earlier[-1]
        own_unit = index == 0 and owns_node
        if ancestor.addressees and not own_unit:
            return ancestor.addressees
        if ancestor.subject and not own_unit:
            return ancestor.subject
    return []


def resolve_scope(doc: NoticeDoc) -> NoticeDoc:
    """Every body clause's responsible agencies, by the nearest scope that names one."""
    carried: dict[int, list[str]] = {}
    leads: dict[int, list[str]] = {}
    for clause in doc.clauses:
        if clause.zone == "trailer":
            continue
        if clause.part == "lead":
            leads[clause.unit] = clause.lead
            continue
        if clause.part == "heading":
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
        clause.cooperating = [c for c in clause.roles.cooperating if c not in clause.agencies]
    return doc
