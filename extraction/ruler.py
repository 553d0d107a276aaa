"""A small entity ruler: token patterns in spaCy's JSON format, matched over token attributes.

Each pattern is a list of token specs such as {"LOWER": "các"}, {"IS_TITLE": true},
{"_": {"head": "B"}}, {"ENT_TYPE": {"IN": ["BODY", "GROUP"]}}, with "OP" one of ?, *, +, !.
A spec's value may be a literal or {"IN": [...]} / {"NOT_IN": [...]}. One addition to spaCy's
format: specs marked "LOOKAHEAD": true close a pattern; they must follow the match but are not
part of it ("Bộ trưởng" before ", Thủ trưởng ..."). Patterns are compiled to
one regular expression each over a string that spells every token's attributes, so matching
costs microseconds a token and no NLP library. Overlapping matches resolve as spaCy's
EntityRuler does: longer first, then earlier.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_TOKEN, _FIELD, _END = "\x1e", "\x1d", "\x1f"
_ANY_FIELDS = f"[^{_END}]*"
_OPS = {None: "", "?": "?", "*": "*", "+": "+"}


@dataclass(frozen=True)
class Match:
    """A pattern's match over tokens [start, end)."""

    label: str
    start: int
    end: int
    priority: int = 0  # higher wins between equal spans


def spell(attributes: list[dict[str, str | bool]], names: tuple[str, ...]) -> tuple[str, list[int]]:
    """The attribute string of a token sequence (only the named attributes) and where each
    token starts in it."""
    parts, starts, offset = [], [], 0
    for token in attributes:
        fields = _FIELD.join(f"{name}={_value(token.get(name))}" for name in names)
        part = f"{_TOKEN}{_FIELD}{fields}{_FIELD}{_END}"
        starts.append(offset)
        parts.append(part)
        offset += len(part)
    return "".join(parts), starts


def _value(value: str | bool | None) -> str:
    if value is True:
        return "1"
    if value is False or value is None:
        return "0"
    return str(value).replace(_FIELD, " ").replace(_END, " ").replace(_TOKEN, " ")


def _condition(name: str, value: object) -> str:
    def alternatives(values: list) -> str:  # noqa: ANN001
        return "(?:" + "|".join(re.escape(_value(v)) for v in values) + ")"

    if isinstance(value, dict):
        if "IN" in value:
            return f"(?={_ANY_FIELDS}{_FIELD}{re.escape(name)}={alternatives(value['IN'])}{_FIELD})"
        if "NOT_IN" in value:
            return f"(?!{_ANY_FIELDS}{_FIELD}{re.escape(name)}={alternatives(value['NOT_IN'])}{_FIELD})"
        raise ValueError(f"unsupported predicate {value!r}")
    return f"(?={_ANY_FIELDS}{_FIELD}{re.escape(name)}={re.escape(_value(value))}{_FIELD})"


def _token_regex(spec: dict) -> str:
    conditions = []
    for name, value in spec.items():
        if name in ("OP", "LOOKAHEAD"):
            continue
        if name == "_":
            conditions += [_condition(f"_{flag}", flag_value) for flag, flag_value in value.items()]
        else:
            conditions.append(_condition(name, value))
    one = f"{_TOKEN}{''.join(conditions)}{_ANY_FIELDS}{_END}"
    op = spec.get("OP")
    if op == "!":
        return f"(?:{_TOKEN}(?!{''.join(conditions)}){_ANY_FIELDS}{_END})"
    if op not in _OPS:
        raise ValueError(f"unsupported OP {op!r}")
    return f"(?:{one}){_OPS[op]}"


def _pattern_regex(specs: list[dict]) -> str:
    body = [spec for spec in specs if not spec.get("LOOKAHEAD")]
    ahead = [spec for spec in specs if spec.get("LOOKAHEAD")]
    regex = "".join(_token_regex(spec) for spec in body)
    return regex + (f"(?={''.join(_token_regex(spec) for spec in ahead)})" if ahead else "")


class TokenRuler:
    """Labelled token patterns, each compiled once."""

    def __init__(self, patterns: list[dict]) -> None:
        self.patterns = [(p["label"], re.compile(_pattern_regex(p["pattern"]))) for p in patterns]
        used = {f"_{flag}" if name == "_" else name for p in patterns for spec in p["pattern"]
                for name, value in spec.items() if name not in ("OP", "LOOKAHEAD") for flag in (value if name == "_" else [None])}
        self.names = tuple(sorted(used))

    def __call__(self, attributes: list[dict[str, str | bool]]) -> list[Match]:
        """Every match of every pattern (at most one per pattern and start token)."""
        text, starts = spell(attributes, self.names)
        found = []
        for label, regex in self.patterns:
            position = 0
            while position < len(text):
                hit = regex.search(text, position)
                if not hit:
                    break
                if hit.end() == hit.start():
                    position = hit.start() + 1
                    continue
                start = bisect_right(starts, hit.start()) - 1
                end = bisect_right(starts, hit.end() - 1)
                found.append(Match(label, start, end))
                position = starts[start + 1] if start + 1 < len(starts) else len(text)
        return found


def resolve(matches: list[Match], keep: list[Match] | None = None) -> list[Match]:
    """Non-overlapping matches, longest first, then earliest, then highest priority; matches in
    keep stay unless a new one overlaps them (spaCy's overwrite_ents)."""
    chosen: list[Match] = []
    taken: set[int] = set()
    for match in sorted(matches, key=lambda m: (-(m.end - m.start), m.start, -m.priority)):
        if not taken.intersection(range(match.start, match.end)):
            chosen.append(match)
            taken.update(range(match.start, match.end))
    for old in keep or []:
        if not taken.intersection(range(old.start, old.end)):
            chosen.append(old)
    return sorted(chosen, key=lambda m: m.start)
