"""Search over a real index of corpus/ (SQLite, FAISS, the real model): what it returns, what it
leaves out, and its quality on the check half of the query set."""
from __future__ import annotations

from datetime import date

import pytest

from bench.search_quality import HALVES, evaluate, load
from index.core import _dedupe_key
from index.register import task_status

pytestmark = pytest.mark.slow


def test_nonsense_finds_nothing(corpus_index):
    assert corpus_index.search("xyzqwv!!!", k=10) == []


def test_only_tasks_and_problems_unless_asked(corpus_index):
    hits = corpus_index.search("Ngày 18 tháng 11 năm 2025 Phó Thủ tướng đã đi kiểm tra", k=30)
    assert hits and {h.kind for h in hits} <= {"directive", "issue"}
    asked = corpus_index.search("kết quả đạt được", k=10, kind="assessment")
    assert asked and {h.kind for h in asked} == {"assessment"}


def test_same_text_is_one_hit(corpus_index):
    for query in ("chủ động báo cáo các khó khăn, vướng mắc vượt thẩm quyền", "phòng cháy chữa cháy"):
        keys = [_dedupe_key(h.text) for h in corpus_index.search(query, k=30)]
        assert len(keys) == len(set(keys))


def test_agency_question_returns_that_agencys_tasks(corpus_index):
    for query in ("Sở Y tế được giao những việc gì", "so y te duoc giao nhung viec gi"):
        hits = corpus_index.search(query, k=10)
        assert len(hits) == 10 and all("Sở Y tế" in h.agencies + h.cooperating for h in hits)
        leads = ["Sở Y tế" in h.agencies for h in hits]
        assert leads == sorted(leads, reverse=True)  # what it was given to lead, before what it cooperates on
    chip_removed = corpus_index.search("Sở Y tế được giao những việc gì", k=10, dropped=["agency"])
    assert any("Sở Y tế" not in h.agencies + h.cooperating for h in chip_removed)


def test_a_province_after_the_agency_keeps_that_provinces_notices(corpus_index):
    hits = corpus_index.search("Sở Công Thương Lào Cai được giao gì", k=10)
    assert hits and all("Sở Công Thương" in h.agencies + h.cooperating and "laocai" in h.source for h in hits)
    elsewhere = corpus_index.search("Sở Công Thương được giao gì", k=50)
    assert any("laocai" not in h.source for h in elsewhere)


def test_what_an_agency_leads_and_a_place_no_notice_names(corpus_index):
    hits = corpus_index.search("Sở Y tế chủ trì những việc gì", k=10)
    assert hits and all("Sở Y tế" in h.agencies for h in hits)  # what it leads: the listing, not a ranking
    # the seed notice of Lai Châu city never writes "Lai Châu": the place is not applied, its tasks are found
    hits = corpus_index.search("Phòng Quản lý đô thị thành phố Lai Châu phải làm gì", k=10)
    assert hits and all("Phòng Quản lý đô thị" in h.agencies + h.cooperating for h in hits)
    # a year in the query keeps notices of no known date (154 has no header); months chosen on the page do not
    query = "kiểm điểm đánh giá xếp loại cán bộ công chức năm 2025"
    assert any(h.source.startswith("154_") for h in corpus_index.search(query, k=10))
    assert not any(h.source.startswith("154_") for h in corpus_index.search(query, k=10, since="2025-01", until="2025-12"))
    # a number the query cites: the notices whose title says they carry it out (Hà Nội's KH 308)
    hits = corpus_index.search("thực hiện Nghị quyết 214/NQ-CP thúc đẩy tạo lập dữ liệu", k=10)
    assert hits and all(h.source.startswith("186_") for h in hits)
    # a number no notice has or carries out: searched as words, not a filter that leaves nothing
    assert corpus_index.search("triển khai Nghị quyết 999/NQ-CP về tạo lập dữ liệu", k=10)


def test_notice_number_in_the_query(corpus_index):
    number = corpus_index.store.query("SELECT number FROM notices WHERE number LIKE '%/TB-%' LIMIT 1")[0]["number"]
    hits = corpus_index.search(f"thông báo {number} nhiệm vụ", k=10)
    assert hits and all(h.number == number for h in hits)


def test_status_is_the_registers(corpus_index):
    hits = [h for h in corpus_index.search("hoàn thành trước ngày", k=30) if h.kind == "directive"]
    assert hits
    assert all(h.status == task_status(h.deadline_date, None, date.today()) for h in hits)


def test_check_half_quality(corpus_index):
    """Floors a little under what the check half measured (README); both typings."""
    queries = load(HALVES["check"], corpus_index)
    accented, bare = evaluate(corpus_index, queries, "hybrid", False), evaluate(corpus_index, queries, "hybrid", True)
    assert accented["all"][0] >= 0.40 and bare["all"][0] >= 0.37  # measured 0.425 / 0.411
    assert accented["all"][1] >= 0.42  # measured 0.446
