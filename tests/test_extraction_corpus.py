"""The extractor on the real notices of corpus/: the hand-made gold (the nine released notices
one by one, the tuning and check halves of tests/gold/split.tsv as a whole), metadata against
SOURCES.tsv, and properties every notice of the corpus must have."""
from __future__ import annotations

import csv
import re
from datetime import date
from functools import lru_cache

import pytest

from bench.gold_eval import Score, score_notice, split
from extraction import extract
from extraction.agencies import is_bare_head, recognizer
from extraction.wordlists import agency_words, lexicon
from tests.conftest import CORPUS

RELEASED = [  # the gold published with the task: each must score at least 0.95 strict
    "000_laichau-tp-ketluan-phien-hop-thang-3-2024", "002_laocai-ubnd-ketluan-cum-cong-nghiep-2026-06",
    "008_vpcp-tb637-ketluan-pttg-benh-vien-co-so-2-2025-11", "010_vpcp-tb653-ykien-chidao-pttg-du-an-dien-hcm-dong-nai-2025-11",
    "012_vptw-tb432-ketluan-tbt-bao-ve-tre-em-2025-11", "014_vpcp-cv11414-cao-toc-ben-luc-long-thanh-2025-11",
    "021_hcm-hdnd-ykien-ketluan-giao-ban-tuan-30-2026-07", "022_laocai-ubnd-cv-chidao-ccn-dam-hong-2026-06",
    "026_quangngai-ubnd-tb393-ketluan-pct-bang-gia-dat-2025-11-partial",
]


@pytest.mark.parametrize("name", RELEASED, ids=lambda n: n[:3])
def test_released_gold_each_at_least_095_strict(name):
    result = score_notice(name)
    assert result.strict >= 0.95, result.misses
    assert result.false_directives <= 0.25 * result.negatives, result.misses


@lru_cache(maxsize=2)
def _half(half: str) -> Score:
    total = Score()
    for name, which in split().items():
        if which == half:
            total += score_notice(name)
    return total


@pytest.mark.parametrize("half, strict, deadline", [("tune", 0.78, 0.70), ("check", 0.64, 0.48)])
def test_halves_hold_their_measured_figures(half, strict, deadline):
    """Floors a little under what the halves measured when this was written (see README)."""
    figures = _half(half).figures()
    assert figures["strict"] >= strict and figures["deadline"] >= deadline, figures
    assert figures["non-dir"] <= 0.15, figures


def test_seed_metadata(seed_notice):
    meta = seed_notice.meta
    assert meta.meeting_date == "2024-03-18" and meta.doc_type == "Thông báo"
    assert meta.chair == "Nguyễn Văn Nghiệp" and meta.signer == "Đào Duy Nam"
    assert meta.number is None  # the seed's header lost its number: null, not guessed
    assert meta.issuer == "Văn phòng HĐND và UBND thành phố"


def _sources() -> list[dict]:
    with open(CORPUS / "SOURCES.tsv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_dates_and_numbers_agree_with_sources():
    checked = 0
    for row in _sources():
        if len(row["date"]) != 10:
            continue
        day = date.fromisoformat(row["date"])
        head = "\n".join((CORPUS / row["file"]).read_text(encoding="utf-8").splitlines()[:15])
        written = re.search(rf", ngày 0?{day.day} tháng 0?{day.month} năm {day.year}", head)
        if not written:
            continue
        meta = extract(CORPUS / row["file"]).meta
        assert row["date"] in (meta.issue_date, meta.meeting_date), row["file"]
        digits = re.search(r"_(?:[a-z]+-)*(?:cv|tb|cd|kh|kl|ct|qd)(\d+)-", row["file"])
        if digits and meta.number:
            assert meta.number.startswith(digits.group(1)), (row["file"], meta.number)
        checked += 1
    assert checked >= 60


@lru_cache(maxsize=1)
def _corpus() -> list:
    return [extract(path) for path in sorted(CORPUS.glob("*.txt"))]


def test_every_corpus_file_extracts_with_valid_spans():
    for notice in _corpus():
        assert notice.records, notice.source
        for record in notice.records:
            assert notice.text[record.span[0]:record.span[1]] == record.text
            for start, end in record.agency_spans:
                assert record.span[0] <= start < end <= record.span[1]


def test_no_agency_name_is_cut_or_glued_to_a_verb_a_date_or_punctuation():
    """Over the whole corpus: a name that is not in the gazetteer never ends on a verb of the
    action lexicon ("Bộ Tài chính xuất"), never holds a date, never ends with punctuation."""
    known = set(recognizer().gazetteer.names.values())
    verbs = sorted(lexicon()["actions"], key=len, reverse=True)
    ends_on_verb = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(v) for v in verbs) + r")$")  # lowercase: not "Cục Chuyển đổi số"
    words = agency_words()
    nouns = sorted(words["generic"] + words["standalone"] + words["group_tails"], key=len, reverse=True)
    ends_on_noun = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in nouns) + r")$", re.IGNORECASE)
    date_like = re.compile(r"\d{1,2}\s*/\s*\d{1,2}|ngày\s+\d|tháng\s+\d|năm\s+\d{4}")
    bad = {name for notice in _corpus() for record in notice.directives for name in record.agencies + record.cooperating
           if name not in known and not is_bare_head(name) and ((ends_on_verb.search(name) and not ends_on_noun.search(name))
                                     or date_like.search(name) or name[-1:] in ",;:.-(")}
    assert not bad, sorted(bad)


def test_most_corpus_directives_name_who_must_act():
    """The gold itself leaves 15% of tasks with nobody named (a plan's tasks before its "Tổ chức
    thực hiện"); the floor is what the corpus measures now (see README), not the 90% target."""
    directives = [record for notice in _corpus() for record in notice.directives]
    named = sum(bool(record.agencies) for record in directives)
    assert named >= 0.7 * len(directives), f"{named} of {len(directives)}"
