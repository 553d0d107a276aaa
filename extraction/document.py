"""The notice as it flows through the pipeline: each stage takes a NoticeDoc and fills in more.

Units come from the layout, nodes from the outline (headings and items, nested), clauses from
splitting units; later stages add to the clauses who is named, who must act, the deadline and
the kind. The records built at the end are what chidao stores."""
from __future__ import annotations

from dataclasses import dataclass, field as _field

from extraction.agencies import Mention
from extraction.layout import Unit
from extraction.records import NoticeMeta, Record


@dataclass
class Node:
    """An open level of the outline: the root, a heading or a list item, and what it scopes."""

    kind: str  # "root" or the unit kind (roman, num1, alpha, dash, paren, ...)
    index: int  # index of its unit in NoticeDoc.units (-1 for the root)
    parent: "Node | None" = None
    field: str | None = None  # the heading's subject ("Về công tác GPMB" -> "công tác GPMB")
    zones: list[tuple[int, str]] = _field(default_factory=list)  # (from text offset, "task"/"review"/"purpose")
    addressees: list[str] = _field(default_factory=list)  # named by the unit's lead or heading
    subject: list[str] = _field(default_factory=list)  # its first clause's own agencies
    leadins: list[tuple[int, list[str]]] = _field(default_factory=list)  # (unit index, addressees)
    fields: dict[str, object] = _field(default_factory=dict)  # "Cơ quan chủ trì: X" items: lead, cooperating, deadline

    def zone_at(self, offset: int) -> str | None:
        """The section (task or review) text at this offset falls in, nearest change first."""
        for node in self.chain():
            changes = [zone for at, zone in node.zones if at <= offset]
            if changes:
                return changes[-1]
        return None

    def chain(self) -> list["Node"]:
        """This node and its ancestors, innermost first."""
        nodes, node = [], self
        while node is not None:
            nodes.append(node)
            node = node.parent
        return nodes


@dataclass
class Roles:
    """What a clause itself says about who acts: read from its words and mentions."""

    responsible: list[str] = _field(default_factory=list)  # names as written
    cooperating: list[str] = _field(default_factory=list)
    action: str | None = None
    assigned: bool = False  # "Giao / Đề nghị / Yêu cầu X ..." or "X + verb" at its start
    by_verb: bool = False  # named by "giao / yêu cầu / đề nghị", not only as a subject
    predicate: int = 0  # offset in the clause where what is to be done starts
    verb_first: bool = False  # the predicate opens with an action verb or adverb
    speaker: bool = False  # the clause's subject announces ("Chủ tịch UBND tỉnh kết luận ...")


@dataclass
class Clause:
    """One clause of the notice (a sentence or ";" piece of a unit's body)."""

    start: int
    end: int
    unit: int  # index into NoticeDoc.units
    node: Node
    part: str = "body"  # "body", "lead" (the "X:" before an item's tasks) or "heading"
    lead: list[str] = _field(default_factory=list)  # the names a lead gives
    zone: str | None = None  # "preamble", "trailer", "task", "review", "purpose" or None
    mentions: list[Mention] = _field(default_factory=list)
    roles: Roles = _field(default_factory=Roles)
    agencies: list[str] = _field(default_factory=list)
    agency_spans: list[tuple[int, int]] = _field(default_factory=list)
    cooperating: list[str] = _field(default_factory=list)
    deadline: str | None = None
    deadline_date: str | None = None
    recurrence: str | None = None
    kind: str = "other"
    row: dict | None = None  # a task-table row: lead, cooperating, deadline cells


@dataclass
class NoticeDoc:
    """Everything known about one notice so far."""

    raw: str
    source: str
    text: str = ""
    units: list[Unit] = _field(default_factory=list)
    meta: NoticeMeta = _field(default_factory=NoticeMeta)
    notice_id: str = ""
    root: Node = _field(default_factory=lambda: Node("root", -1))
    unit_nodes: list[Node] = _field(default_factory=list)  # the innermost node of each unit
    unit_mentions: list[list[Mention]] = _field(default_factory=list)  # agencies named in each unit
    home: str | None = None  # the province or city the notice is about ("Sơn La"), for a bare "Tỉnh"
    partner: str | None = None  # the province a working visit was with: its unnamed tasks are its own
    aliases: dict[str, str] = _field(default_factory=dict)  # short forms the notice defines ("Cục DLQGVN")
    roles_named: dict[str, str] = _field(default_factory=dict)  # "chủ đầu tư" -> the body given that role in brackets
    recipients: list[str] = _field(default_factory=list)  # "Kính gửi: ..." / "... điện: - X;": unnamed tasks are theirs
    recipient_units: set[int] = _field(default_factory=set)
    full_names: dict[str, str] = _field(default_factory=dict)  # "Văn phòng" -> the notice's "Văn phòng ..."
    clauses: list[Clause] = _field(default_factory=list)
    records: list[Record] = _field(default_factory=list)
    warnings: list[str] = _field(default_factory=list)

    def clause_text(self, clause: Clause) -> str:
        """The text of a clause."""
        return self.text[clause.start:clause.end]
