"""The extractor on the real notices of corpus/: the seed against its gold, metadata against
SOURCES.tsv, and a sample of directives of other layouts."""
from __future__ import annotations

import csv
import re
from datetime import date

import pytest

from bench.gold_eval import load_gold, score
from extraction import extract
from tests.conftest import CORPUS


def test_seed_matches_gold(seed_notice):
    gold, negatives = load_gold(CORPUS / "gold" / "000_laichau-tp-ketluan-phien-hop-thang-3-2024.jsonl")
    result = score(seed_notice, gold, negatives)
    assert len(gold) == 49 and len(negatives) == 12
    assert result.strict == 49, result.misses
    assert result.false_directives == 0, result.misses
    assert result.deadlines == result.deadlines_gold
    assert result.actions >= 47, result.misses


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


@pytest.mark.parametrize("name, phrase, agencies", [
    ("104_vpcp-tb634-ketluan-ttg-thanh-hoa-2025-11.txt", "Về dự án đầu tư xây dựng công trình nạo vét", ["Bộ Xây dựng"]),
    ("117_ttg-cd219-ung-pho-khac-phuc-mua-lu-trung-bo-2025-11.txt", "Huy động lực lượng quân đội",
     ["Bí thư tỉnh ủy, thành ủy", "Chủ tịch UBND các tỉnh, thành phố"]),
    ("117_ttg-cd219-ung-pho-khac-phuc-mua-lu-trung-bo-2025-11.txt", "Chủ trì, phối hợp với các Bộ, cơ quan có liên quan tổng hợp",
     ["Bộ Nông nghiệp và Môi trường"]),
    ("117_ttg-cd219-ung-pho-khac-phuc-mua-lu-trung-bo-2025-11.txt", "Bộ trưởng Bộ Tài chính chỉ đạo", ["Bộ Tài chính"]),
])
def test_sample_directives_of_other_layouts(name, phrase, agencies):
    notice = extract(CORPUS / name)
    found = [r for r in notice.records if phrase in r.text]
    assert found and found[0].kind == "directive"
    assert found[0].agencies == agencies


def test_every_corpus_file_extracts_with_valid_spans():
    for path in sorted(CORPUS.glob("*.txt")):
        notice = extract(path)
        assert notice.records, path.name
        for record in notice.records:
            assert notice.text[record.span[0]:record.span[1]] == record.text


@pytest.mark.parametrize("gold_path", sorted((CORPUS.parent / "tests" / "gold").glob("*.jsonl")), ids=lambda p: p.name[:20])
def test_notices_annotated_for_chidao(gold_path):
    """Notices of other layouts annotated by hand for this project (tests/gold/)."""
    gold, negatives = load_gold(gold_path)
    result = score(extract(CORPUS / gold_path.name.replace(".jsonl", ".txt")), gold, negatives)
    assert result.strict >= 0.9 * len(gold), result.misses
    assert result.actions >= 0.85 * len(gold), result.misses
    assert result.false_directives == 0, result.misses
    assert result.deadlines == result.deadlines_gold, result.misses
