"""Pure parts of the extractor: deadlines, agency names, normalisation, layout."""
from __future__ import annotations

from datetime import date

import pytest

from extraction.agencies import registry, split_agency_list, subject_length
from extraction.deadlines import find_deadline, resolve
from extraction.layout import segment
from extraction.legacy import detect, from_unicode, to_unicode
from extraction.textnorm import fold, normalize_tones

REF = date(2024, 3, 18)


@pytest.mark.parametrize("text, phrase, resolved", [
    ("hoàn thành trước ngày 30/4/2024.", "trước ngày 30/4/2024", date(2024, 4, 30)),
    ("báo cáo UBND tỉnh trong tháng 12/2025", "trong tháng 12/2025", date(2025, 12, 31)),
    ("hoàn thành trong quý II năm 2024", "trong quý II năm 2024", date(2024, 6, 30)),
    ("xong trước ngày 15/5", "trước ngày 15/5", date(2024, 5, 15)),
    ("chậm nhất ngày 20 tháng 11 năm 2025", "chậm nhất ngày 20 tháng 11 năm 2025", date(2025, 11, 20)),
    ("cắt tỉa cây xanh trước mùa mưa bão.", "trước mùa mưa bão", None),
    ("báo cáo trong 07 ngày làm việc", "trong 07 ngày làm việc", date(2024, 3, 25)),
])
def test_deadlines(text, phrase, resolved):
    found = find_deadline(text)
    assert found and found[0] == phrase
    assert resolve(found[0], REF) == resolved


def test_no_deadline_in_plain_text():
    assert find_deadline("trước mắt cần tập trung nguồn lực, bình đẳng trước pháp luật") is None


@pytest.mark.parametrize("written, canonical", [
    ("Phòng TC-KH thành phố", "Phòng Tài chính - Kế hoạch"),
    ("Phòng Tài chính-Kế hoạch", "Phòng Tài chính - Kế hoạch"),
    ("phòng tài nguyên và môi trường", "Phòng Tài nguyên và Môi trường"),
    ("Phòng TN&MT", "Phòng Tài nguyên và Môi trường"),
    ("Phòng LĐ-TB&XH", "Phòng Lao động - Thương binh và Xã hội"),
    ("Phòng GD&ĐT", "Phòng Giáo dục và Đào tạo"),
    ("Phòng Văn hoá và Thông tin", "Phòng Văn hóa và Thông tin"),
    ("BQLDA", "Ban Quản lý dự án"),
    ("Văn phòng HĐND và UBND", "Văn phòng HĐND-UBND"),
    ("Chủ tịch Ủy ban nhân dân các xã, phường", "Chủ tịch UBND các xã, phường"),
    ("Ủy ban nhân dân tỉnh Thanh Hoá", "UBND tỉnh Thanh Hóa"),
    ("Bộ trưởng Bộ Tài chính", "Bộ Tài chính"),
    ("Trung tâm phát triển quỹ đất", "Trung tâm Phát triển quỹ đất"),
    ("Sở Du lịch", "Sở Du lịch"),  # not in the registry: kept, normalised
])
def test_agency_canonical_names(written, canonical):
    assert registry().canonical(written) == canonical


def test_agency_lists_and_subjects():
    assert split_agency_list("Bộ trưởng các Bộ: Quốc phòng, Công an, Nông nghiệp và Môi trường") == [
        "Bộ Quốc phòng", "Bộ Công an", "Bộ Nông nghiệp và Môi trường"]
    assert split_agency_list("Phòng Văn hóa và Thông tin, Trung tâm Văn hóa Thể thao và Truyền thông") == [
        "Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa Thể thao và Truyền thông"]
    text = "Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính"
    assert text[:subject_length(text)] == "Sở Kế hoạch và Đầu tư"
    assert subject_length("Ban hành kế hoạch thực hiện") == 0


def test_normalisation():
    assert normalize_tones("hoà thuỷ khoẻ quý") == "hòa thủy khỏe quý"
    assert fold("Giải phóng mặt bằng Đường") == "giai phong mat bang duong"


def test_legacy_round_trip_and_detection():
    text = "Thông báo kết luận về việc đẩy nhanh tiến độ giải phóng mặt bằng"
    for encoding in ("tcvn3", "vni"):
        encoded = from_unicode(text, encoding)
        assert detect(encoded) == encoding and to_unicode(encoded, encoding) == text
    assert detect(text) is None


def test_layout_keeps_list_structure_and_joins_wrapped_lines():
    raw = "1. Lĩnh vực đất đai\n\n- Phòng Kinh tế: Hướng dẫn Nhân dân\n\nchuyển đổi cây trồng.\n\n+ Rà soát diện tích.\n"
    text, units = segment(raw)
    assert [u.kind for u in units] == ["num", "dash", "plus"]
    assert "Hướng dẫn Nhân dân chuyển đổi cây trồng." in text
