"""Walk the notice's units as a tree (I. > 1. > - > +) and give each clause its context:
the agencies named above it, the heading (field) it falls under, the zone (review or tasks)
and any lead-in ("yêu cầu các cơ quan ... thực hiện một số nội dung sau:") it follows."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extraction.agencies import is_agency_start, split_agency_list, subject_length
from extraction.layout import HEADING_TYPES, Unit
from extraction.lexicon import ACTION_PHRASES, ASSIGNING, DOC_NOUNS, ZONE_ASSESSMENT, ZONE_DIRECTIVE

_LEADIN = re.compile(r"(?:yêu cầu|đề nghị|giao|chỉ đạo|nhiệm vụ|giải pháp|thực hiện (?:một số|các|tốt)|như sau)[^:]*:\s*$", re.IGNORECASE)
_SCOPE_TAIL = re.compile(r"\s*,?\s*(?:theo|căn cứ)\s+(?:chức năng|thẩm quyền|nhiệm vụ).*$", re.IGNORECASE)
_FIELD_PREFIX = re.compile(r"^(?:Đối với lĩnh vực|Đối với các|Đối với|Lĩnh vực|Về lĩnh vực|Về)\s+", re.IGNORECASE)


@dataclass
class Scope:
    """One open level of the tree while walking: a heading or an item and what it names."""

    kind: str
    label: str
    agencies: list[str] = field(default_factory=list)
    field: str | None = None
    zone: str | None = None
    leadin: int | None = None  # index into Walk.leadins


@dataclass
class Block:
    """Text to cut into clauses (start/end in the clean text), with the context it inherits."""

    start: int
    end: int
    agencies: list[str]
    field: str | None
    zone: str | None
    section: str
    context: str | None
    leadin: int | None
    unit: Unit


def zone_of(heading: str) -> str | None:
    """'directive' for a tasks heading, 'assessment' for a review/problems heading, else None."""
    low = heading.lower()
    if any(re.search(rf"(?<!\w){w}(?!\w)", low) for w in ZONE_DIRECTIVE):
        return "directive"
    if any(re.search(rf"(?<!\w){w}(?!\w)", low) for w in ZONE_ASSESSMENT):
        return "assessment"
    return None


def agency_prefix(body: str, heading_like: bool = True) -> tuple[list[str], int] | None:
    """(agencies, offset of the tasks) when a body reads "Agency[, Agency]: tasks", is only a
    list of agencies ending with ":", or (heading_like) a heading that is an agency name alone.
    A bare name in a "-" item ending with ";" or "." is a recipient and names no scope."""
    stripped = body.rstrip()
    if stripped.endswith(":") and is_agency_start(stripped):
        names_text = _SCOPE_TAIL.sub("", stripped[:-1])
        if not _names_action(names_text):
            parts = [p for chunk in re.split(r";\s*", names_text) for p in split_agency_list(chunk)]
            return parts, len(body)
    bare = stripped.rstrip(" :.;")
    if (heading_like or not stripped.endswith((";", "."))) and is_agency_start(bare) and len(bare) < 250 and subject_length(bare) >= len(bare) - 1:
        return split_agency_list(bare), len(body)  # "1. Sở Công Thương": a heading naming the agency
    colon = body.find(":")
    if 0 < colon < 250 and is_agency_start(body) and not re.search(r"các\s+(?:Bộ|Sở|tỉnh|thành phố)\s*$", body[:colon]):
        prefix = body[:colon]
        length = subject_length(prefix)
        if length >= len(_SCOPE_TAIL.sub("", prefix).rstrip()) - 1:
            return split_agency_list(_SCOPE_TAIL.sub("", prefix)), colon + 1
    return None


def _names_action(text: str) -> bool:
    """Whether a multi-word action verb appears in text outside a capitalised name."""
    low = f" {text} "
    return any(f" {phrase} " in low or f" {phrase}," in low for phrase in ACTION_PHRASES if " " in phrase)


def _is_heading(unit: Unit, body: str, next_unit: Unit | None) -> bool:
    if unit.kind not in HEADING_TYPES:
        return False
    stripped = body.rstrip()
    child_follows = next_unit is not None and next_unit.kind not in HEADING_TYPES | {"row"} or \
        (next_unit is not None and next_unit.kind in HEADING_TYPES and next_unit.kind != unit.kind)
    if stripped.endswith(":"):
        return True
    if not stripped.endswith((".", ";", "./.")) and len(stripped) < 300:
        return True
    return child_follows and stripped.lower().startswith(DOC_NOUNS) and len(stripped) < 400


def _leadin_addressees(body: str) -> list[str]:
    low = body.lower()
    for word in ASSIGNING:
        found = re.search(rf"(?<!\w){word}\s+", low)
        if found:
            rest = body[found.end():]
            length = subject_length(rest)
            if length:
                return split_agency_list(rest[:length])
    return []


def walk(text: str, units: list[Unit]) -> tuple[list[Block], list[list[str]]]:
    """Blocks of text to cut into clauses, and the addressees of each lead-in met on the way."""
    stack: list[Scope] = []
    blocks: list[Block] = []
    leadins: list[list[str]] = []
    trailer = False
    for index, unit in enumerate(units):
        body = unit.body(text)
        if body.lower().startswith(("nơi nhận", "nơi gửi")):
            trailer = True
        if trailer:
            blocks.append(Block(unit.start, unit.end, [], None, "trailer", "", None, None, unit))
            continue
        if unit.kind not in ("para", "row"):
            _close_scopes(stack, unit.kind)
        next_unit = units[index + 1] if index + 1 < len(units) else None
        scope = Scope(kind=unit.kind, label=unit.marker.rstrip(".)"))
        prefix = agency_prefix(body, unit.kind in HEADING_TYPES) if unit.kind != "row" else None
        subject = subject_length(body) if not prefix and body.rstrip().endswith(":") else 0
        heading = not subject and _is_heading(unit, body, next_unit)
        tasks_from = unit.body_start
        if prefix:
            scope.agencies, offset = prefix
            tasks_from = unit.body_start + offset
        elif subject:  # "X, Y tập trung chỉ đạo ..., trong đó:" names who does the items below
            scope.agencies = split_agency_list(body[:subject])
        elif heading:
            scope.field = _FIELD_PREFIX.sub("", body.rstrip(" :.")).strip() or None
            scope.zone = zone_of(body)
        if unit.kind != "para" and unit.kind != "row":
            stack.append(scope)
        context = _inherit(stack, "field")
        if heading:
            blocks.append(Block(unit.start, unit.end, [], context, "heading", _section(stack), context, None, unit))
            continue
        if not prefix and not subject and _LEADIN.search(body):
            addressees = _leadin_addressees(body)
            leadins.append(addressees)
            owner = stack[-1] if stack and unit.kind == "para" else (stack[-2] if len(stack) > 1 else None)
            target = owner or scope
            target.leadin, target.zone = len(leadins) - 1, "directive"
            if not stack:
                stack.append(Scope(kind="root", label="", zone="directive", leadin=len(leadins) - 1))
            blocks.append(Block(unit.start, unit.end, [], context, "leadin", _section(stack), context, None, unit))
            continue
        blocks.append(Block(
            start=tasks_from, end=unit.end,
            agencies=list(scope.agencies) if scope.agencies else _inherit(stack, "agencies") or [],
            field=context, zone=_inherit(stack, "zone"), section=_section(stack), context=context,
            leadin=_inherit(stack, "leadin"), unit=unit,
        ))
    return blocks, leadins


def _close_scopes(stack: list[Scope], kind: str) -> None:
    """Pop the scopes a new unit of this kind closes. A list item ("-", "+") only closes list
    items above the nearest heading, so a recipients list before "1. Sở X" can never close it;
    a heading closes the open lists, and its own level and deeper."""
    if kind in HEADING_TYPES:
        levels = {s.kind for s in stack}
        while stack and (kind in levels or stack[-1].kind not in HEADING_TYPES | {"root"}):
            popped = stack.pop()
            if popped.kind == kind:
                return
        return
    open_lists = []
    for scope in reversed(stack):
        if scope.kind in HEADING_TYPES | {"root"}:
            break
        open_lists.append(scope.kind)
    if kind in open_lists:
        while stack and stack.pop().kind != kind:
            pass


def _inherit(stack: list[Scope], name: str):  # noqa: ANN202 - any Scope attribute
    for scope in reversed(stack):
        value = getattr(scope, name)
        if value is not None and value != []:
            return value
    return None


def _section(stack: list[Scope]) -> str:
    return ".".join(s.label for s in stack if s.kind in HEADING_TYPES and s.label)
