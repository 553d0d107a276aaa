"""Property-based tests of the extractor: random text and mutated real notices never raise,
every record's span lies inside the notice and matches its text, and ids are stable."""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction import extract_text
from tests.conftest import CORPUS

REAL = [(CORPUS / name).read_text(encoding="utf-8") for name in (
    "000_laichau-tp-ketluan-phien-hop-thang-3-2024.txt", "117_ttg-cd219-ung-pho-khac-phuc-mua-lu-trung-bo-2025-11.txt",
    "003_laocai-ubnd-cv5973-khoang-san-2026-06.txt")]
ALPHABET = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạếềểễệốồổỗộớờởỡợứừửữự")
                           + list("0123456789 .,;:-+*•()|/\n\t\r\"'<>&") + ["Sở ", "Phòng ", "UBND ", "Giao ", "I. ", "1. ",
                                                                          "a) ", "- ", "+ ", "trước ngày 30/4/2025", "\f"])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str) -> None:
    notice = extract_text(text)
    for record in notice.records:
        start, end = record.span
        assert 0 <= start <= end <= len(notice.text)
        assert notice.text[start:end] == record.text
        assert record.kind in ("directive", "issue", "assessment", "other")
    again = extract_text(text)
    assert [r.id for r in again.records] == [r.id for r in notice.records]


@SETTINGS
@given(st.lists(ALPHABET, max_size=400).map("".join))
def test_random_text(text):
    check(text)


def mutate(text: str, seed: int, kind: str) -> str:
    rng = random.Random(seed)
    lines = text.splitlines()
    if kind == "shuffle":
        rng.shuffle(lines)
    elif kind == "no-bullets":
        lines = [line.lstrip(" -+•*") for line in lines]
    elif kind == "whitespace":
        lines = [line.replace(" ", rng.choice(["  ", "\t", " \u00a0", ""])) for line in lines]
    elif kind == "punctuation":
        lines = ["".join(c if c not in ".,;:" or rng.random() > 0.3 else rng.choice(".,;: ") for c in line) for line in lines]
    elif kind == "truncate":
        return text[: rng.randrange(len(text))]
    return "\n".join(lines)


@SETTINGS
@given(st.sampled_from(range(len(REAL))), st.integers(0, 10**6),
       st.sampled_from(["shuffle", "no-bullets", "whitespace", "punctuation", "truncate"]))
def test_mutated_real_notices(which, seed, kind):
    check(mutate(REAL[which], seed, kind))
