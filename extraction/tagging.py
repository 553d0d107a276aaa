"""Tag one clause: who must act (agencies as written in the clause), who cooperates, the action
verb, and its kind (directive, issue, assessment, other). Pure functions over strings."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extraction.agencies import is_agency_start, split_agency_list, subject_length
from extraction.lexicon import (ACTION_PHRASES, ADVERBS, ASSESSMENT_MARKERS, ASSIGNING, CONNECTORS,
                                PREAMBLE, PROBLEM_WORDS)

_ACTIONS_LONGEST = sorted(ACTION_PHRASES, key=len, reverse=True)
_ADVERBS_LONGEST = sorted(ADVERBS, key=len, reverse=True)
_COOPERATE = re.compile(r"(?:phối hợp(?:\s+chặt chẽ)?|cùng)\s+(?:với\s+)?(?=\S)|với sự phối hợp của\s+|phối hợp với\s+", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:cần|phải|có trách nhiệm)\s+(?:được\s+)?(?:\w+\s+){0,2}")


@dataclass
class ClauseTags:
    """What one clause says about who does what."""

    agencies_raw: list[str] = field(default_factory=list)
    cooperating_raw: list[str] = field(default_factory=list)
    action: str | None = None
    inline: bool = False  # the clause names its own responsible agencies
    starts_with_action: bool = False


def _starts(text: str, phrases: list[str] | tuple[str, ...]) -> str | None:
    low = text.lower()
    for phrase in phrases:
        if low.startswith(phrase) and (len(low) == len(phrase) or not low[len(phrase)].isalnum()):
            return phrase
    return None


_TOPIC = re.compile(r"^(?:Về|Đối với|Riêng)\s[^:]{3,400}?:\s*(?=\S)")
_CLOSING = re.compile(r"trân trọng thông báo|thông báo (?:để|tới|đến)|xin thông báo", re.IGNORECASE)
_ASSIGNING_INSIDE = re.compile(r"(?<=\w )(?:giao|yêu cầu|đề nghị)\s+(?=\S)")
# "theo chức năng, nhiệm vụ, thẩm quyền", "trên cơ sở chức năng, nhiệm vụ được giao" before the verb
_SCOPE_PHRASE = re.compile(r"^(?:theo|trên cơ sở|căn cứ)\s+(?:đúng\s+)?(?:chức năng|nhiệm vụ|thẩm quyền|quyền hạn|phạm vi)"
                           r"(?:[,\s]+(?:và\s+)?(?:chức năng|nhiệm vụ|thẩm quyền|quyền hạn|phạm vi quản lý|được giao|của mình))*[\s,]*",
                           re.IGNORECASE)
_NOT_VERBS = {"theo", "về", "để", "trong", "có", "là", "từ", "tại", "với", "qua", "sau", "trước", "đến", "do", "vì"}


def strip_connectors(text: str) -> str:
    """Drop "Đồng thời,", "Trong đó," and a topic ("Về dự án X: ...") from the front of a clause."""
    topic = _TOPIC.match(text)
    if topic:
        text = text[topic.end():]
    found = _starts(text, CONNECTORS)
    return text[len(found):].lstrip(" ,") if found else text


@lru_cache(maxsize=1)
def _pos_tag():  # noqa: ANN202 - underthesea function
    from underthesea import pos_tag

    return pos_tag


def find_action(predicate: str) -> tuple[str | None, bool]:
    """The action verb that opens a predicate, skipping adverbs ("Khẩn trương tham mưu" ->
    "tham mưu"); and whether the predicate opens with a verb at all."""
    text = _SCOPE_PHRASE.sub("", predicate.strip(" ,:-"))
    skipped: str | None = None
    for _ in range(4):
        adverb = _starts(text, _ADVERBS_LONGEST)
        if not adverb:
            break
        skipped = skipped or adverb.strip(" ,")
        text = text[len(adverb):].lstrip(" ,")
    action = _starts(text, _ACTIONS_LONGEST)
    if action:
        return action, True
    first = re.match(r"\w+(?:\s+\w+)?", text)
    if first and text[:1].isupper():
        tagged = _pos_tag()(first.group(0))
        if tagged and tagged[0][1] == "V" and tagged[0][0].lower() not in _NOT_VERBS:
            return tagged[0][0].lower(), True
    if skipped and skipped in ACTION_PHRASES:
        return skipped, True
    return None, False


def cooperating_in(text: str) -> list[str]:
    """Agencies named after "phối hợp với", "cùng với", "với sự phối hợp của"."""
    names: list[str] = []
    for found in _COOPERATE.finditer(text):
        rest = text[found.end():]
        length = subject_length(rest)
        if length:
            names.extend(split_agency_list(rest[:length]))
    return names


def tag_clause(text: str, inherited: bool) -> ClauseTags:
    """Tags of one clause; inherited says whether the layout already names its agencies."""
    body = strip_connectors(text)
    tags = ClauseTags(cooperating_raw=cooperating_in(body))
    assigning = _starts(body, ASSIGNING)
    if assigning:
        rest = body[len(assigning):].lstrip(" ,:")
        length = subject_length(rest)
        if length:
            tags.agencies_raw = split_agency_list(rest[:length])
            tags.inline = True
            tags.action, tags.starts_with_action = find_action(rest[length:])
            tags.starts_with_action = True
            return tags
    for found in _ASSIGNING_INSIDE.finditer(body):  # "..., Chủ tịch UBND tỉnh giao Sở X chủ trì ..."
        rest = body[found.end():]
        length = subject_length(rest)
        action, is_verb = find_action(rest[length:]) if length else (None, False)
        if is_verb:
            tags.agencies_raw = split_agency_list(rest[:length])
            tags.inline, tags.action, tags.starts_with_action = True, action, True
            return tags
    length = subject_length(body)
    if length:
        action, is_verb = find_action(body[length:])
        if is_verb:
            tags.agencies_raw = split_agency_list(body[:length])
            tags.inline = True
            tags.action, tags.starts_with_action = action, True
            return tags
    tags.action, tags.starts_with_action = find_action(body)
    return tags


def _has(text: str, words: tuple[str, ...]) -> bool:
    low = f" {text.lower()} "
    return any(re.search(rf"(?<!\w){re.escape(w.strip())}(?!\w)", low) if w.strip().isalpha() or " " in w.strip()
               else w in low for w in words)


def classify(text: str, tags: ClauseTags, zone: str | None, inherited: bool) -> str:
    """The kind of a clause: "directive", "issue", "assessment" or "other".

    zone is "assessment" inside a review/problems section, "directive" after a lead-in or under a
    tasks heading, None elsewhere; inherited says the clause sits under a named agency."""
    body = strip_connectors(text).strip()
    low = body.lower()
    if (body.endswith(":") and not tags.inline) or (body.isupper() and len(body) < 300) or _CLOSING.search(body):
        return "other"
    if tags.inline and tags.starts_with_action:
        return "directive"
    descriptive = low.startswith(("đã ", "được ", "vẫn ", "còn ")) or bool(re.match(r"^[\d.,]+\s", low))
    problem = _has(body, PROBLEM_WORDS)
    if zone == "assessment":
        return "issue" if problem else "assessment"
    preamble = _starts(body, PREAMBLE)
    if preamble and not inherited and (preamble.strip() not in ACTION_PHRASES or re.match(
            r"thực hiện\s+(?:công văn|kế hoạch|quyết định|chỉ thị|nghị quyết|thông báo|kết luận|ý kiến|chỉ đạo)",
            body, re.IGNORECASE)):
        return "other"
    if tags.starts_with_action and not descriptive:
        return "directive"
    if not descriptive and (zone == "directive" or inherited) and _MODAL.search(low):
        return "directive"
    if problem and not tags.starts_with_action:
        return "issue"
    if descriptive or _has(body, ASSESSMENT_MARKERS):
        return "assessment"
    if inherited and zone == "directive" and is_agency_start(body) is False and len(body) > 30:
        return "directive"
    return "other"
