"""Small notices written for the tests, one per layout the extractor must handle."""
from __future__ import annotations

HEADER = """UBND THÀNH PHỐ HÒA BÌNH
VĂN PHÒNG HĐND VÀ UBND
Số: 45/TB-VP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Bình, ngày 25 tháng 4 năm 2025
THÔNG BÁO
Kết luận của đồng chí Trần Văn Bình, Chủ tịch UBND thành phố tại phiên họp thường kỳ tháng 4 năm 2025
"""

# The seed's layout: "- Agency: task. Task." with "+" items under an agency.
AGENCY_DASH = HEADER + """Ngày 20/4/2025, UBND thành phố tổ chức phiên họp thường kỳ tháng 4. Sau khi nghe báo cáo, đồng chí Chủ tịch UBND thành phố kết luận như sau:
I. Đánh giá tình hình tháng 4
Tình hình kinh tế - xã hội tiếp tục ổn định; thu ngân sách ước đạt 35% dự toán.
Tuy nhiên, công tác giải phóng mặt bằng dự án đường vành đai vẫn còn chậm; tình trạng lấn chiếm vỉa hè chưa được xử lý dứt điểm.
II. Nhiệm vụ trọng tâm tháng 5
- Phòng Tài chính - Kế hoạch: Tham mưu phân bổ vốn đầu tư công năm 2025, hoàn thành trước ngày 15/5/2025. Rà soát các khoản thu ngân sách.
- Phòng Quản lý đô thị:
+ Chủ trì, phối hợp với UBND các phường xử lý dứt điểm tình trạng lấn chiếm vỉa hè.
+ Đẩy nhanh tiến độ lập quy hoạch phân khu số 3 trong quý II năm 2025.
- Ban Quản lý dự án: Khẩn trương hoàn thiện hồ sơ giải phóng mặt bằng dự án đường vành đai trước mùa mưa bão.
Nơi nhận:
- Các phòng chuyên môn;
- Lưu: VT.
CHỦ TỊCH
Trần Văn Bình
"""

# A numbered heading naming the agency, "-" items under it.
AGENCY_HEADING = """ỦY BAN NHÂN DÂN TỈNH NAM AN
Số: 812/UBND-KT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Nam An, ngày 3 tháng 6 năm 2025
V/v triển khai các nhiệm vụ phát triển công nghiệp
Kính gửi: Các sở, ban, ngành tỉnh.
Để triển khai hiệu quả các nhiệm vụ phát triển công nghiệp, Chủ tịch UBND tỉnh có ý kiến như sau:
1. Sở Công Thương
- Chủ trì, phối hợp với Sở Tài chính rà soát quy hoạch các cụm công nghiệp, báo cáo UBND tỉnh trong tháng 7/2025.
- Hướng dẫn các doanh nghiệp tiếp cận chương trình khuyến công.
2. Sở Nông nghiệp và Môi trường:
- Kiểm tra việc chấp hành pháp luật về môi trường tại các cụm công nghiệp.
Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Minh Châu
"""

# Inline assignment in sentences.
INLINE = """VĂN PHÒNG CHÍNH PHỦ
Số: 901/TB-VPCP
Hà Nội, ngày 10 tháng 11 năm 2025
THÔNG BÁO
Kết luận của Phó Thủ tướng Chính phủ Nguyễn Văn An tại cuộc họp về dự án đường cao tốc
Ngày 05 tháng 11 năm 2025, Phó Thủ tướng Chính phủ Nguyễn Văn An chủ trì cuộc họp về tiến độ dự án. Phó Thủ tướng kết luận như sau:
1. Bộ Xây dựng chủ trì, phối hợp với Bộ Tài chính hoàn thiện phương án điều chỉnh dự án, hoàn thành trước ngày 30/12/2025.
2. Giao Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện.
3. Đề nghị Ngân hàng Nhà nước Việt Nam hướng dẫn các ngân hàng thương mại cân đối nguồn vốn cho dự án.
4. Yêu cầu Bộ Công an bảo đảm an ninh trật tự tại khu vực thi công.
5. UBND tỉnh Hà Nam, Ninh Bình và Thanh Hóa khẩn trương bàn giao mặt bằng còn lại trong tháng 12/2025.
Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.
"""

# A lead-in whose addressees apply to the items below it (they name nobody).
LEADIN = """Sau khi nghe báo cáo, Chủ tịch UBND huyện kết luận như sau:
Để hoàn thành kế hoạch năm, Chủ tịch UBND huyện yêu cầu Phòng Nội vụ tập trung thực hiện một số nội dung sau:
1. Rà soát, kiện toàn đội ngũ cán bộ cấp xã trước ngày 30/6/2025.
2. Tham mưu kế hoạch đào tạo, bồi dưỡng công chức năm 2025.
"""

# A task table with a header row.
TABLE = """KẾ HOẠCH
Triển khai chuyển đổi số năm 2025
| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn |
| 1 | Xây dựng cơ sở dữ liệu đất đai | Sở Nông nghiệp và Môi trường | Sở Tài chính | Quý III/2025 |
| 2 | Triển khai dịch vụ công trực tuyến toàn trình | Văn phòng UBND tỉnh | Các sở, ngành | Tháng 10/2025 |
"""

# PDF-style broken text: every line followed by a blank line, page number, sentence across pages.
BROKEN = """- Phòng Kinh tế: Hướng dẫn Nhân dân chuyển đổi cơ cấu cây trồng, bảo đảm 

thời vụ; tăng cường kiểm tra công tác phòng, chống dịch bệnh cho gia 

2 

súc, gia cầm. 

- Trung tâm Y tế: Tiếp tục triển khai tiêm chủng mở rộng. 
"""

NEWS = """Sáng nay, trời Hà Nội se lạnh. Nhiều người dân đã xuống phố dạo chơi quanh hồ Gươm.
Các quán cà phê đông khách hơn thường lệ, nhất là vào dịp cuối tuần. Giá rau xanh tại các chợ ổn định.
"""

ENGLISH = """The quarterly report shows steady growth in retail. Tourism rose by ten percent.
The committee will meet again next month to review the figures.
"""


def monthly(month: int, body: str) -> str:
    """A regular-meeting notice of the (invented) Tân Lập district for a month of 2025."""
    return f"""UBND HUYỆN TÂN LẬP
VĂN PHÒNG HĐND VÀ UBND
Số: {month}0/TB-VP
Tân Lập, ngày 28 tháng {month} năm 2025
THÔNG BÁO
Kết luận của đồng chí Chủ tịch UBND huyện tại phiên họp thường kỳ tháng {month} năm 2025
Ngày 25/{month}/2025, UBND huyện tổ chức phiên họp thường kỳ. Chủ tịch UBND huyện kết luận như sau:
{body}
Nơi nhận:
- Các cơ quan, đơn vị;
- Lưu: VT.
"""


# Truth: "road" (the Route 291 land clearance) recurs in all three months, "tax" (revenue
# arrears) in January and March; "forest fire" and "market fire safety" look alike but differ;
# the festival, the school meals and the bridge inspection are one-offs.
MONTHS = {
    1: monthly(1, """I. Tình hình tháng 1
Công tác giải phóng mặt bằng dự án nâng cấp đường tỉnh 291 còn chậm, nhiều hộ dân chưa nhận tiền bồi thường.
Tình trạng nợ đọng thuế của các doanh nghiệp trên địa bàn kéo dài, số thu ngân sách đạt thấp.
II. Nhiệm vụ tháng 2
- Ban Quản lý dự án: Đẩy nhanh tiến độ giải phóng mặt bằng dự án đường tỉnh 291, chi trả dứt điểm tiền bồi thường cho các hộ dân.
- Chi cục Thuế: Đôn đốc thu hồi nợ đọng thuế của các doanh nghiệp, phấn đấu tăng thu ngân sách.
- Hạt Kiểm lâm: Tăng cường tuần tra, phòng cháy chữa cháy rừng trong mùa khô.
- Phòng Văn hóa và Thông tin: Tổ chức Lễ hội hoa ban năm 2025 an toàn, tiết kiệm."""),
    2: monthly(2, """I. Tình hình tháng 2
Việc bồi thường, hỗ trợ tái định cư để thi công tuyến đường 291 vẫn chưa hoàn thành, ảnh hưởng tiến độ dự án.
II. Nhiệm vụ tháng 3
- Ban Quản lý dự án: Khẩn trương hoàn thành bồi thường, bàn giao mặt bằng sạch để thi công đường tỉnh 291.
- Ban Quản lý chợ: Kiểm tra hệ thống phòng cháy chữa cháy tại chợ trung tâm huyện, xử lý các điểm đấu nối điện không an toàn.
- Phòng Giáo dục và Đào tạo: Kiểm tra bếp ăn bán trú tại các trường học."""),
    3: monthly(3, """I. Tình hình tháng 3
Mặt bằng thi công đường tỉnh 291 vẫn chưa được bàn giao đầy đủ do vướng mắc bồi thường với một số hộ dân.
Nợ thuế của doanh nghiệp chưa giảm, thu ngân sách quý I chỉ đạt 18% dự toán.
II. Nhiệm vụ tháng 4
- Ban Quản lý dự án: Giải quyết dứt điểm vướng mắc giải phóng mặt bằng đường tỉnh 291 trước ngày 30/4/2025.
- Chi cục Thuế: Áp dụng các biện pháp cưỡng chế nợ thuế đối với doanh nghiệp chây ì, bảo đảm tiến độ thu ngân sách.
- Phòng Kinh tế và Hạ tầng: Kiểm định an toàn cầu treo Bản Mường."""),
}
