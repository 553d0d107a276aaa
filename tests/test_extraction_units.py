"""Pure parts of the extractor: deadlines, the agency recognizer and its data files, roles,
normalisation, layout, the token ruler."""
from __future__ import annotations

from datetime import date

import pytest

from extraction.agencies import AgencyRecognizer, canonical, find_agencies
from extraction.clauses import sentence_spans
from extraction.deadlines import find_deadline, recurrence, resolve
from extraction.layout import segment
from extraction.legacy import detect, from_unicode, to_unicode
from extraction.roles import analyse
from extraction.ruler import Schema, TokenRuler
from extraction.textnorm import fold, normalize_tones
from extraction.wordlists import DATA

REF = date(2024, 3, 18)


@pytest.mark.parametrize("text, phrase, resolved", [
    ("hoàn thành trước ngày 30/4/2024.", "trước ngày 30/4/2024", date(2024, 4, 30)),
    ("báo cáo UBND tỉnh trong tháng 12/2025", "trong tháng 12/2025", date(2025, 12, 31)),
    ("hoàn thành trong quý II năm 2024", "trong quý II năm 2024", date(2024, 6, 30)),
    ("hoàn thành trong quý IV", "trong quý IV", date(2024, 12, 31)),
    ("xong trước ngày 15/5", "trước ngày 15/5", date(2024, 5, 15)),
    ("chậm nhất ngày 20 tháng 11 năm 2025", "chậm nhất ngày 20 tháng 11 năm 2025", date(2025, 11, 20)),
    ("cắt tỉa cây xanh trước mùa mưa bão.", "trước mùa mưa bão", None),
    ("báo cáo trong 07 ngày làm việc", "trong 07 ngày làm việc", date(2024, 3, 25)),
    ("theo lịch đã bố trí 16 giờ ngày 30/7/2026", "16 giờ ngày 30/7/2026", date(2026, 7, 30)),
    ("tổ chức khảo sát sáng ngày 31/7/2026.", "sáng ngày 31/7/2026", date(2026, 7, 31)),
    ("báo cáo UBND tỉnh trước 16h00 ngày 21/11/2025.", "trước 16h00 ngày 21/11/2025", date(2025, 11, 21)),
    ("gửi Sở Tài chính trước 10 giờ, ngày 22/11/2025", "trước 10 giờ, ngày 22/11/2025", date(2025, 11, 22)),
    ("hoàn thành trước thời điểm 31/12/2025", "trước thời điểm 31/12/2025", date(2025, 12, 31)),
    ("trong tuần từ ngày 15 đến ngày 31 tháng 12 năm 2025", "trong tuần từ ngày 15 đến ngày 31 tháng 12 năm 2025",
     date(2025, 12, 31)),
    ("trình HĐND tỉnh tại kỳ họp thường lệ cuối năm 2025", "tại kỳ họp thường lệ cuối năm 2025", date(2025, 12, 31)),
    ("bảo đảm Nhân dân đón Tết trước Tết Nguyên đán năm 2026", "trước Tết Nguyên đán năm 2026", date(2026, 2, 16)),
    ("thực hiện nghiêm chế độ báo cáo định kỳ, đột xuất.", "định kỳ, đột xuất", None),
    ("tổ chức diễn tập định kỳ", "định kỳ", None),
    ("báo cáo kết quả trước ngày 20 hằng tháng.", "trước ngày 20 hằng tháng", None),
    ("xây dựng kế hoạch sản xuất trong những tháng cuối năm", "trong những tháng cuối năm", date(2024, 12, 31)),
    ("tập trung giải ngân trong các tháng đầu năm 2025", "trong các tháng đầu năm 2025", None),
    ("hoàn thành trước Tết Dương lịch 2026", "trước Tết Dương lịch 2026", date(2025, 12, 31)),  # not the lunar Tết
    ("gửi Sở Nội vụ trước ngày 25/11/2025 để tổng hợp, báo cáo UBND tỉnh trước ngày 30/11/2025", "trước ngày 25/11/2025",
     date(2025, 11, 25)),  # the later one is the collecting body's
    ("gửi Sở Công Thương trong thời hạn 03 ngày làm việc kể từ ngày họp để Sở Công Thương tổng hợp, báo cáo trước ngày 05/6/2026",
     "trong thời hạn 03 ngày làm việc kể từ ngày họp", date(2024, 3, 21)),
    ("bàn giao dự án để triển khai theo quy định, báo cáo kết quả trước ngày 31/12/2025", "trước ngày 31/12/2025",
     date(2025, 12, 31)),
    ("rà soát hồ sơ (thời gian hoàn thành: trước ngày 15/12/2025).", "thời gian hoàn thành: trước ngày 15/12/2025",
     date(2025, 12, 15)),
    ("báo cáo kết quả trước 16 giờ 00 ngày thứ Sáu.", "trước 16 giờ 00 ngày thứ Sáu", date(2024, 3, 22)),  # REF is a Monday
    ("họp giao ban vào thứ Hai tuần tới", "vào thứ Hai tuần tới", date(2024, 3, 25)),
    ("triển khai ngay trong tuần", "ngay trong tuần", date(2024, 3, 24)),
    ("báo cáo trước thứ Sáu, ngày 29/3/2024.", "trước thứ Sáu, ngày 29/3/2024", date(2024, 3, 29)),  # the date decides
    ("báo cáo trước 16 giờ 00 ngày thứ Sáu (29/3/2024).", "trước 16 giờ 00 ngày thứ Sáu (29/3/2024)", date(2024, 3, 29)),
    ("trình HĐND tỉnh tại kỳ họp thứ năm", "tại kỳ họp thứ năm", None),  # an ordinal, not Thursday
    ("gửi Sở Nội vụ trước ngày 05 tháng cuối quý để tổng hợp", "trước ngày 05 tháng cuối quý", None),
    ("Sở Tư pháp rà soát văn bản. Thời gian: Quý IV/2024.", "Thời gian: Quý IV/2024", date(2024, 12, 31)),
    ("Hạn hoàn thành: 31/12/2024.", "Hạn hoàn thành: 31/12/2024", date(2024, 12, 31)),
    ("hoàn thành trước thời hạn 30/6/2024", "trước thời hạn 30/6/2024", date(2024, 6, 30)),
    ("nạo vét kênh mương trước mùa mưa lũ năm 2024", "trước mùa mưa lũ năm 2024", None),  # a season, no day
    ("Định kỳ hằng tuần, trước 16 giờ 00 ngày thứ Sáu, chủ đầu tư gửi báo cáo", "Định kỳ hằng tuần, trước 16 giờ 00 ngày thứ Sáu",
     None),
])
def test_deadlines(text, phrase, resolved):
    found = find_deadline(text)
    assert found and found[0] == phrase
    assert resolve(found[0], REF) == resolved


@pytest.mark.parametrize("phrase, period", [
    ("hằng tuần", "hằng tuần"), ("định kỳ hằng quý", "hằng quý"), ("hằng tháng trước ngày 25", "hằng tháng"),
    ("trước ngày 30/4/2024", None), ("định kỳ", "định kỳ"), ("theo định kỳ", "định kỳ"),
    ("trước ngày 20 hằng tháng", "hằng tháng"),
])
def test_periodic_duties_are_a_recurrence_not_a_date(phrase, period):
    assert recurrence(phrase) == period
    if period:
        assert resolve(phrase, REF) is None


def test_no_deadline_in_plain_text():
    assert find_deadline("trước mắt cần tập trung nguồn lực, bình đẳng trước pháp luật") is None
    assert find_deadline("hoàn thành trước thời hạn, bảo đảm chất lượng công trình") is None  # ahead of time, no limit
    assert find_deadline("hỗ trợ trồng lại 5 ha rừng, 2 ha lúa") is None  # "ha" is no hour
    assert find_deadline("theo Quyết định số 12/QĐ-UBND ngày 03/5/2024 của UBND tỉnh") is None


@pytest.mark.parametrize("written, name", [
    ("Phòng TC-KH thành phố", "Phòng Tài chính - Kế hoạch"),
    ("Phòng Tài chính-Kế hoạch", "Phòng Tài chính - Kế hoạch"),
    ("phòng tài nguyên và môi trường", "Phòng Tài nguyên và Môi trường"),
    ("Phòng LĐ-TB&XH", "Phòng Lao động - Thương binh và Xã hội"),
    ("Phòng Văn hoá và Thông tin", "Phòng Văn hóa và Thông tin"),
    ("BQLDA", "Ban Quản lý dự án"),
    ("Chủ tịch Ủy ban nhân dân các xã, phường", "Chủ tịch UBND các xã, phường"),
    ("Ủy ban nhân dân xã, phường", "UBND xã, phường"),  # as the notice writes it: no "các" added
    ("Ủy ban nhân dân tỉnh Thanh Hoá", "UBND tỉnh Thanh Hóa"),
    ("Sở Tài chính tỉnh Lào Cai", "Sở Tài chính"),
    ("Bộ trưởng Bộ Tài chính", "Bộ Tài chính"),
    ("Tập đoàn Dầu khí Việt Nam", "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam"),
    ("Trung tâm phát triển quỹ đất", "Trung tâm Phát triển quỹ đất"),
    ("Thanh Hóa", "Tỉnh Thanh Hóa"),  # a place named alone: the province, not its committee
    ("Ngân hàng Nhà nước chi nhánh khu vực 14", "Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực 14"),  # a branch, not the bank
    ("Ngân hàng nhà nước Việt Nam - Chi nhánh Khu vực II", "Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực II"),
    ("Điện lực Lào Cai", "Công ty Điện lực Lào Cai"),  # named by its province, written with or without "Công ty"
    ("Chi cục Thuế khu vực XIV", "Chi cục Thuế khu vực XIV"),
    ("VNPT Lào Cai", "VNPT Lào Cai"),  # a group's branch in a province, not the group
    ("BĐBP tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),  # the province's command, not the national one
    ("BCH Quân sự tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
    ("Báo và Phát thanh Truyền hình Lai Châu", "Báo và Phát thanh, Truyền hình Lai Châu"),  # a province's merged media body
    ("Ban Dân vận Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),  # the province's party board, not the central one
    ("Ủy ban nhân dân phường, xã, đặc khu", "UBND phường, xã"),  # in the order the notice names them
])
def test_canonical_names(written, name):
    assert canonical(written) == name


def _names(text: str) -> list[str]:
    return [name for mention in find_agencies(text) for name in mention.names]


@pytest.mark.parametrize("text, names", [
    ("Sở Xây dựng chủ trì, phối hợp với Sở Tài chính tỉnh Lào Cai và UBND các xã, phường rà soát",
     ["Sở Xây dựng", "Sở Tài chính tỉnh Lào Cai", "UBND các xã, phường"]),
    ("Bộ Tài chính xuất cấp gạo cho Ủy ban nhân dân tỉnh Gia Lai, Đắk Lắk và Khánh Hòa",
     ["Bộ Tài chính", "Ủy ban nhân dân tỉnh Gia Lai", "Ủy ban nhân dân tỉnh Đắk Lắk", "Ủy ban nhân dân tỉnh Khánh Hòa"]),
    ("Bộ trưởng các Bộ: Quốc phòng, Công an, Giáo dục và Đào tạo và các Bộ, ngành có liên quan;",
     ["Bộ trưởng Bộ Quốc phòng", "Bộ trưởng Bộ Công an", "Bộ trưởng Bộ Giáo dục và Đào tạo", "các Bộ, ngành có liên quan"]),
    ("yêu cầu cấp uỷ, tổ chức đảng, chính quyền, đoàn thể các cấp tập trung thực hiện",
     ["cấp uỷ, tổ chức đảng, chính quyền, đoàn thể các cấp"]),
    ("Đề nghị Hội đồng nhân dân, Ủy ban nhân dân các tỉnh, thành phố khẩn trương",
     ["Hội đồng nhân dân các tỉnh, thành phố", "Ủy ban nhân dân các tỉnh, thành phố"]),
    ("Công ty cổ phần Xi măng Yên Bình khẩn trương hoàn thiện hồ sơ", ["Công ty cổ phần Xi măng Yên Bình"]),
    ("Chủ tịch UBND các xã, phường: Phối hợp chặt chẽ với Chi cục Thuế", ["Chủ tịch UBND các xã, phường", "Chi cục Thuế"]),
    ("Ngân hàng Nhà nước Việt Nam Chi nhánh Khu vực 14 chỉ đạo các ngân hàng thương mại",
     ["Ngân hàng Nhà nước Việt Nam Chi nhánh Khu vực 14", "các ngân hàng thương mại"]),
    ("Ngân hàng Nhà nước chi nhánh khu vực 14 chủ trì", ["Ngân hàng Nhà nước chi nhánh khu vực 14"]),
    ("Chi cục Thuế khu vực XIV đôn đốc thu nợ; Kho bạc Nhà nước khu vực XII hướng dẫn",
     ["Chi cục Thuế khu vực XIV", "Kho bạc Nhà nước khu vực XII"]),  # a region's number is part of the name
    ("Tổng công ty Điện lực miền Bắc chỉ đạo Công ty Điện lực Lào Cai khôi phục cấp điện",
     ["Tổng công ty Điện lực miền Bắc", "Công ty Điện lực Lào Cai"]),
    ("Tỉnh đoàn, Hội Liên hiệp Phụ nữ tỉnh vận động hội viên", ["Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh"]),  # a whole name takes no tail
    ("UBND xã Bắc Hà, UBND xã Si Ma Cai tổ chức di dời", ["UBND xã Bắc Hà", "UBND xã Si Ma Cai"]),  # a head is no place of a list
    ("Giao UBND tỉnh và thành phố Lào Cai phối hợp thực hiện", ["UBND tỉnh", "thành phố Lào Cai"]),  # no list of levels before a place
    ("Các sở, ngành tỉnh và Sở Tài chính phối hợp", ["Các sở, ngành tỉnh", "Sở Tài chính"]),  # a named body ends the collective
    ("các Ban HĐND Thành phố theo lĩnh vực phụ trách", ["các Ban HĐND Thành phố"]),
    ("Chủ đầu tư, đơn vị tư vấn giám sát và nhà thầu thi công tăng cường", ["Chủ đầu tư, đơn vị tư vấn giám sát và nhà thầu thi công"]),
    ("Các bộ, cơ quan: Tài chính, Xây dựng, Công Thương hướng dẫn", ["Bộ Tài chính", "Bộ Xây dựng", "Bộ Công Thương"]),  # lowercase too
    ("Các sở: Xây dựng, Nội vụ và UBND các xã, phường phối hợp", ["Sở Xây dựng", "Sở Nội vụ", "UBND các xã, phường"]),  # a head ends the list
    ("các Bộ: Y tế, Công an, Xây dựng phối hợp", ["Bộ Y tế", "Bộ Công an", "Bộ Xây dựng"]),
    ("Các sở, ban, ngành, đoàn thể Thành phố, Ủy ban nhân dân phường, xã, đặc khu xây dựng dự toán",
     ["Các sở, ban, ngành, đoàn thể Thành phố", "Ủy ban nhân dân phường, xã, đặc khu"]),  # a collective's place, a list of levels
    ("Các Tập đoàn, Tổng Công ty nhà nước xây dựng kế hoạch", ["Các Tập đoàn, Tổng Công ty nhà nước"]),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh khẩn trương",
     ["Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp"]),  # a name running on to its level
    ("Ủy ban Kiểm tra Tỉnh ủy, Ban Chính sách, chiến lược Tỉnh ủy phối hợp",
     ["Ủy ban Kiểm tra Tỉnh ủy", "Ban Chính sách, chiến lược Tỉnh ủy"]),  # a province's party boards, listed
])
def test_recognizer_finds_whole_names_and_expands_lists(text, names):
    assert _names(text) == names


def test_no_name_runs_into_a_verb_a_date_or_punctuation():
    for text in ("Bộ Tài chính xuất cấp hàng dự trữ quốc gia", "Trường Cao đẳng Lào Cai tuyển sinh nghề", "Phó Thủ tướng Chính phủ Trần Hồng Hà trước ngày 15 tháng 11",
                 "UBND các tỉnh, thành phố khẩn trương", "Sở Y tế, Sở Tài chính:"):
        for name in _names(text):
            assert not name.endswith((",", ":", ";", ".")) and "trước ngày" not in name and "xuất" not in name \
                and "tuyển sinh" not in name


def test_a_line_added_to_the_gazetteer_is_recognised(tmp_path):
    gazetteer = tmp_path / "agencies.tsv"
    gazetteer.write_text((DATA / "agencies.tsv").read_text(encoding="utf-8")
                         + "Tổ công tác đặc biệt số 7\tTCT7\n", encoding="utf-8")
    text = "Giao TCT7 rà soát hồ sơ; tổ công tác đặc biệt số 7 báo cáo kết quả."
    assert not any(m.names == ("TCT7",) for m in AgencyRecognizer()(text))
    recognizer = AgencyRecognizer(gazetteer)
    assert [recognizer.canonical(n) for m in recognizer(text) for n in m.names][:1] == ["Tổ công tác đặc biệt số 7"]


@pytest.mark.parametrize("text, responsible, action", [
    ("Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính rà soát", ["Sở Xây dựng"], "chủ trì"),
    ("Phó Chủ tịch UBND tỉnh yêu cầu Sở Nông nghiệp và Môi trường xác định nhiệm vụ", ["Sở Nông nghiệp và Môi trường"], "xác định"),
    ("Bộ Y tế chỉ đạo Ban Quản lý dự án khẩn trương hoàn thiện hồ sơ", ["Bộ Y tế"], "chỉ đạo"),
    ("Trường hợp vượt thẩm quyền, UBND các xã, phường kịp thời báo cáo", ["UBND các xã, phường"], "báo cáo"),
    ("Khẩn trương hoàn thiện Đề án đặt tên đường", [], "hoàn thiện"),
    ("Chủ tịch UBND tỉnh giao nhiệm vụ cho Sở Y tế chủ trì hướng dẫn", ["Sở Y tế"], "chủ trì"),
    ("Các đơn vị: Sở Y tế, Công an tỉnh tăng cường kiểm tra", ["Sở Y tế", "Công an tỉnh"], "tăng cường"),
    ("Thống nhất giao Sở Xây dựng chủ trì thẩm định dự án", ["Sở Xây dựng"], "chủ trì"),
    ("Phó Chủ tịch UBND tỉnh chỉ đạo Sở Xây dựng kiểm tra hiện trường", ["Sở Xây dựng"], "kiểm tra"),  # the body directed acts
    ("Phó Chủ tịch UBND tỉnh đã chỉ đạo Sở Xây dựng kiểm tra hiện trường", [], None),  # what was done
    ("Chậm nhất ngày 20/12/2025, UBND các xã hoàn thành việc chi trả", ["UBND các xã"], "hoàn thành"),
    ("Chậm nhất ngày 20/12/2025 hoàn thành việc chi trả", [], "hoàn thành"),
    ("Ủy ban nhân dân các xã, phường có cụm công nghiệp phối hợp giải phóng mặt bằng", ["Ủy ban nhân dân các xã, phường"],
     "phối hợp"),  # a qualifier that singles out some of a collective
    ("Các cá nhân có thành tích xuất sắc, tiêu biểu trong công tác", ["Các cá nhân"], None),  # "xuất" of "xuất sắc" is no verb
    ("Giao Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh khẩn trương hoàn thiện hồ sơ",
     ["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông"], "hoàn thiện"),  # no verb "trình" in "công trình"
    ("Bộ trưởng Bộ Tư pháp thay mặt Chính phủ ký Tờ trình dự án Luật", ["Bộ trưởng Bộ Tư pháp"], "ký"),  # on whose behalf: no subject
    ("Các doanh nghiệp có dự án chậm triển khai phải giải trình với UBND tỉnh", ["Các doanh nghiệp"], "giải trình"),  # the modal wins
    ("Các đồng chí Phó Chủ tịch UBND tỉnh theo lĩnh vực được phân công chỉ đạo các sở, ngành", ["đồng chí Phó Chủ tịch UBND tỉnh"],
     "chỉ đạo"),  # addressed officials, after their remit
])
def test_roles_of_a_clause(text, responsible, action):
    roles = analyse(text, find_agencies(text))
    assert roles.responsible == responsible and roles.action == action


def test_cooperating_bodies():
    text = "Bộ Công an tiếp tục phối hợp, hướng dẫn Bộ Y tế, Ban Quản lý dự án và các nhà thầu thực hiện"
    assert analyse(text, find_agencies(text)).cooperating == ["Bộ Y tế", "Ban Quản lý dự án", "các nhà thầu"]


def test_token_ruler_matches_spacy_style_patterns():
    schema = Schema({"IS_TITLE": ("0", "1")}, ("LOWER",))
    ruler = TokenRuler([{"label": "X", "pattern": [{"LOWER": "sở"}, {"IS_TITLE": True, "OP": "+"}]}], schema)
    tokens = [{"LOWER": w.lower(), "IS_TITLE": "1" if w.istitle() else "0"} for w in "Giao Sở Tư Pháp rà soát".split()]
    assert [(m.label, m.start, m.end) for m in ruler(tokens)] == [("X", 1, 4)]
    with pytest.raises(ValueError):
        TokenRuler([{"label": "X", "pattern": [{"UNKNOWN": 1}]}], schema)


def test_normalisation():
    assert normalize_tones("hoà thuỷ khoẻ quý") == "hòa thủy khỏe quý"
    assert fold("Giải phóng mặt bằng Đường") == "giai phong mat bang duong"


def test_legacy_round_trip_and_detection():
    text = "Thông báo kết luận về việc đẩy nhanh tiến độ giải phóng mặt bằng"
    for encoding in ("tcvn3", "vni"):
        encoded = from_unicode(text, encoding)
        assert detect(encoded) == encoding and to_unicode(encoded, encoding) == text
    assert detect(text) is None


def test_a_whole_head_takes_no_persons_name():
    names = [m.names for m in find_agencies("Thủ tướng Chính phủ Phạm Minh Chính đã làm việc với Văn phòng Chính phủ")]
    assert names == [("Thủ tướng Chính phủ",), ("Văn phòng Chính phủ",)]


@pytest.mark.parametrize("text, names", [
    ("Giao phòng Quản lý Công nghiệp tổ chức huấn luyện", [("phòng Quản lý Công nghiệp",)]),
    ("phòng chống dịch bệnh, ban hành Quyết định số 12", []),
    ("Viện kiểm sát nhân dân thành phố, Tòa án nhân dân thành phố: nâng cao",
     [("Viện kiểm sát nhân dân thành phố",), ("Tòa án nhân dân thành phố",)]),
    ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh: nghiên cứu", [("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",)]),
    ("UBND các xã/phường: tổ chức hướng dẫn", [("UBND các xã/phường",)]),
    ("Các doanh nghiệp viễn thông: bảo đảm tốc độ mạng 5G", [("Các doanh nghiệp viễn thông",)]),
    ("các cơ quan liên quan tổ chức thực hiện", [("các cơ quan liên quan",)]),  # the verb after a tail
    ("các cơ sở đào tạo trực thuộc Bộ nghiêm túc triển khai", [("các cơ sở đào tạo trực thuộc Bộ",)]),
])
def test_heads_and_collectives_of_the_genre(text, names):
    assert [m.names for m in find_agencies(text)] == names


def test_layout_keeps_list_structure_and_joins_wrapped_lines():
    raw = "1. Lĩnh vực đất đai\n\n- Phòng Kinh tế: Hướng dẫn Nhân dân\n\nchuyển đổi cây trồng.\n\n+ Rà soát diện tích.\n"
    text, units = segment(raw)
    assert [u.kind for u in units] == ["num1", "dash", "plus"]
    assert "Hướng dẫn Nhân dân chuyển đổi cây trồng." in text


def test_layout_reads_markdown_headings_and_emphasis():
    text, units = segment("## II. NỘI DUNG\n\n### 4. Giao **Ban Pháp chế**\n\n- *Chủ trì* rà soát.\n")
    assert [u.kind for u in units] == ["roman", "num1", "dash"]
    assert "4. Giao Ban Pháp chế" in text and "*" not in text


def test_a_sentence_ends_at_an_ellipsis_before_a_capital():
    text = ("Công tác bảo vệ khoáng sản đạt được nhiều kết quả quan trọng, tích cực… Tuy nhiên, tại một số "
            "địa phương vẫn còn xảy ra tình trạng khai thác trái phép. Giá các loại vật liệu… tăng cao.")
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Công tác bảo vệ khoáng sản đạt được nhiều kết quả quan trọng, tích cực…",
        "Tuy nhiên, tại một số địa phương vẫn còn xảy ra tình trạng khai thác trái phép.",
        "Giá các loại vật liệu… tăng cao."]
