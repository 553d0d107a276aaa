"""Query understanding: agencies, times, notice numbers and problem words read out of a query."""
from __future__ import annotations

import pytest

from index.query import parse_query

NAMES = ("Sở Tài chính", "Sở Y tế", "UBND tỉnh Đồng Nai", "Sở Tài chính - Kế hoạch", "Bộ Xây dựng", "Sở Xây dựng")


def _chips(query: str, names: tuple[str, ...] = NAMES) -> dict[str, str]:
    return parse_query(query, names).filters()


@pytest.mark.parametrize("query, agency", [
    ("Sở Tài chính được giao những việc gì", "Sở Tài chính"),
    ("so tai chinh duoc giao nhung viec gi", "Sở Tài chính"),
    ("Ủy ban nhân dân tỉnh Đồng Nai chỉ đạo gì về GPMB", "UBND tỉnh Đồng Nai"),
    ("ubnd tinh dong nai giai phong mat bang", "UBND tỉnh Đồng Nai"),
    ("Sở TCKH lập dự toán", "Sở Tài chính - Kế hoạch"),
    ("sở xây dựng kiểm tra công trình", "Sở Xây dựng"),
    ("Sở TC bố trí vốn đầu tư hạ tầng", "Sở Tài chính"),  # the usual short forms of the departments
    ("so xd kiem tra cong trinh", "Sở Xây dựng"),
])
def test_agency_in_the_query(query, agency):
    assert _chips(query)["agency"] == agency


def test_no_agency_in_a_topic_query():
    assert "agency" not in _chips("hỗ trợ người dân khôi phục sản xuất sau lũ")


def test_agency_words_leave_the_searched_text():
    parsed = parse_query("Sở Xây dựng kiểm tra chất lượng công trình", NAMES)
    assert parsed.text == "kiểm tra chất lượng công trình"
    assert not parsed.generic
    assert parse_query("Sở Y tế được giao những việc gì?", NAMES).generic
    assert parse_query("Sở Y tế chủ trì những việc gì", NAMES).generic


@pytest.mark.parametrize("query, since, until", [
    ("nhiệm vụ tháng 3/2024", "2024-03", "2024-03"),
    ("nhiệm vụ tháng 11 năm 2025", "2025-11", "2025-11"),
    ("kết luận quý II năm 2025", "2025-04", "2025-06"),
    ("kết luận quý IV/2025", "2025-10", "2025-12"),
    ("các việc năm 2025", "2025-01", "2025-12"),
])
def test_time_in_the_query(query, since, until):
    chips = _chips(query)
    assert (chips["since"], chips["until"]) == (since, until)


def test_a_bare_head_or_a_collective_noun_is_no_agency_chip():
    names = NAMES + ("Ban Chỉ đạo", "Chính quyền", "UBND các xã, phường")
    assert "agency" not in _chips("khen thưởng Ban Chỉ đạo công trình giao thông trọng điểm", names)
    assert "agency" not in _chips("vướng mắc cấp xã khi vận hành chính quyền hai cấp", names)
    assert _chips("UBND các xã, phường được giao gì", names)["agency"] == "UBND các xã, phường"


def test_notice_number_and_problem_words():
    chips = _chips("thông báo 215/TB-UBND")
    assert chips["notice"] == "215/TB-UBND"
    assert _chips("những tồn tại, hạn chế trong giải ngân")["kind"] == "issue"
    assert "kind" not in _chips("đẩy nhanh giải ngân vốn đầu tư công")


def test_a_removed_chip_is_not_a_filter():
    parsed = parse_query("Sở Y tế tháng 3/2024", NAMES)
    assert set(parsed.filters({"agency"})) == {"since", "until"}
    assert [chip.label for chip in parsed.chips] == ["Từ: tháng 3/2024", "Đến: tháng 3/2024", "Cơ quan: Sở Y tế"]


@pytest.mark.parametrize("query, agency, place", [
    ("Sở Tư pháp Bắc Ninh chủ trì những việc gì", "Sở Tư pháp", "Bắc Ninh"),
    ("so tu phap tinh bac ninh", "Sở Tư pháp", "Bắc Ninh"),
    ("Sở Nội vụ TP.HCM được giao gì", "Sở Nội vụ", "Hồ Chí Minh"),
    ("UBND tỉnh Đồng Nai chỉ đạo gì", "UBND tỉnh Đồng Nai", None),  # the place is the agency's own
    ("Công an Hà Nội làm gì về ô nhiễm không khí", "Công an thành phố", "Hà Nội"),  # a city's police
    ("thanh tra lao cai duoc giao gi", "Thanh tra tỉnh", "Lào Cai"),
])
def test_a_place_after_the_agency_limits_it_to_that_province(query, agency, place):
    chips = _chips(query, NAMES + ("Sở Tư pháp", "Sở Nội vụ", "Công an thành phố", "Công an tỉnh", "Thanh tra tỉnh"))
    assert chips["agency"] == agency
    assert chips.get("place") == place
    assert parse_query("Sở Nội vụ TP.HCM được giao gì", NAMES + ("Sở Nội vụ",)).generic


def test_a_gazetteer_variant_finds_its_canonical_name():
    names = NAMES + ("Ngân hàng Nhà nước Việt Nam", "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam")
    assert _chips("Ngân hàng Nhà nước được giao những gì", names)["agency"] == "Ngân hàng Nhà nước Việt Nam"
    assert _chips("PVN được giao việc gì", names)["agency"] == "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam"
    assert "agency" not in _chips("Sở được giao việc gì", names)  # a bare head noun is no agency
