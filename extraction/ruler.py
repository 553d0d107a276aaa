"""A small entity ruler: token patterns in spaCy's JSON format, matched over token attributes.

Each pattern is a list of token specs such as {"LOWER": "các"}, {"IS_TITLE": true},
{"_": {"head": "B"}}, {"ENT_TYPE": {"IN": ["BODY", "GROUP"]}}, with "OP" one of ?, *, +, !.
A spec's value may be a literal or {"IN": [...]} / {"NOT_IN": [...]}. One addition to spaCy's
format: specs marked "LOOKAHEAD": true close a pattern; they must follow the match but are not
part of it ("Bộ trưởng" before ", Thủ trưởng ...").

Matching needs no NLP library: every token is spelled as one character per flag attribute
(the Schema gives each value a character) followed by its text fields, and each pattern is
compiled to one regular expression over that spelling, so a spec is a character class at a
fixed position. Overlapping matches resolve as spaCy's EntityRuler does: longer first, then
earlier."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_TOKEN, _FIELD, _END = "\x1e", "\x1d", "\x1f"
_SAFE = str.maketrans({_FIELD: " ", _END: " ", _TOKEN: " "})
_OPS = {None: "", "?": "?", "*": "*", "+": "+"}


@dataclass(frozen=True)
class Match:
    """A pattern's match over tokens [start, end)."""

    label: str
    start: int
    end: int
    priority: int = 0  # higher wins between equal spans


class Schema:
    """The token attributes patterns may test: flags (each value spelled as one character) and
    text fields (LOWER, ORTH, ...), in a fixed order."""

    def __init__(self, flags: dict[str, tuple[str, ...]], fields: tuple[str, ...]) -> None:
        self.flags = list(flags)
        self.codes = {name: {value: chr(0x41 + i) for i, value in enumerate(values)} for name, values in flags.items()}
        self.fields = fields
        self._names = (*self.flags, *fields)
        self._spelled: dict[tuple, str] = {}  # a token's attribute values -> its spelling (words repeat)

    def _spell_token(self, token: dict[str, str]) -> str:
        values = tuple(token[name] for name in self._names)
        part = self._spelled.get(values)
        if part is None:
            if len(self._spelled) > 500_000:
                self._spelled.clear()
            part = self._spelled[values] = (_TOKEN + "".join(self.codes[name][token[name]] for name in self.flags)
                                            + "".join(_FIELD + token[name].translate(_SAFE) for name in self.fields) + _END)
        return part

    def spell(self, tokens: list[dict[str, str]]) -> tuple[str, list[int]]:
        """The spelling of a token sequence and where each token starts in it."""
        parts = [self._spell_token(token) for token in tokens]
        starts, offset = [], 0
        for part in parts:
            starts.append(offset)
            offset += len(part)
        return "".join(parts), starts

    def _value_code(self, name: str, value: object) -> str:
        value = {True: "1", False: "0"}.get(value, value) if isinstance(value, bool) else value
        try:
            return self.codes[name][value]
        except KeyError:
            raise ValueError(f"{name} has no value {value!r}") from None

    def _flag_class(self, name: str, value: object) -> str:
        if isinstance(value, dict):
            wanted = value.get("IN", value.get("NOT_IN"))
            codes = "".join(self._value_code(name, v) for v in wanted)
            return f"[{'^' if 'NOT_IN' in value else ''}{re.escape(codes)}]"
        return re.escape(self._value_code(name, value))

    def _field_regex(self, value: object) -> str:
        if isinstance(value, dict):
            wanted = "|".join(re.escape(v) for v in value.get("IN", value.get("NOT_IN")))
            return f"(?:{wanted})" if "IN" in value else f"(?!(?:{wanted}){_FIELD}|(?:{wanted}){_END})[^{_FIELD}{_END}]*"
        return re.escape(str(value))

    def token_regex(self, spec: dict) -> str:
        """One token spec as a regular expression over a token's spelling."""
        wanted: dict[str, object] = {}
        for name, value in spec.items():
            if name in ("OP", "LOOKAHEAD"):
                continue
            if name == "_":
                wanted.update({f"_{flag}": flag_value for flag, flag_value in value.items()})
            else:
                wanted[name] = value
        unknown = set(wanted) - set(self.flags) - set(self.fields)
        if unknown:
            raise ValueError(f"unknown token attributes {sorted(unknown)}")
        flags = "".join(self._flag_class(name, wanted[name]) if name in wanted else "." for name in self.flags)
        fields = "".join(_FIELD + (self._field_regex(wanted[name]) if name in wanted else f"[^{_FIELD}{_END}]*")
                         for name in self.fields)
        one = f"{_TOKEN}{flags}{fields}{_END}"
        op = spec.get("OP")
        if op not in _OPS:
            raise ValueError(f"unsupported OP {op!r}")
        return f"(?:{one}){_OPS[op]}"

    def pattern_regex(self, specs: list[dict]) -> str:
        """A whole pattern; LOOKAHEAD specs become a lookahead after it."""
        body = "".join(self.token_regex(spec) for spec in specs if not spec.get("LOOKAHEAD"))
        ahead = "".join(self.token_regex(spec) for spec in specs if spec.get("LOOKAHEAD"))
        return body + (f"(?={ahead})" if ahead else "")


class TokenRuler:
    """Labelled token patterns over one Schema, each compiled once."""

    def __init__(self, patterns: list[dict], schema: Schema) -> None:
        self.schema = schema
        self.patterns = [(p["label"], re.compile(schema.pattern_regex(p["pattern"]))) for p in patterns]

    def __call__(self, tokens: list[dict[str, str]]) -> list[Match]:
        """Every match of every pattern (at most one per pattern and start token)."""
        text, starts = self.schema.spell(tokens)
        found = []
        for label, regex in self.patterns:
            position = 0
            while position < len(text):
                hit = regex.search(text, position)
                if not hit:
                    break
                start = bisect_right(starts, hit.start()) - 1
                if hit.end() > hit.start():
                    found.append(Match(label, start, bisect_right(starts, hit.end() - 1)))
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
