"""Word lists of the genre: the verbs that open a task, the adverbs before them, the words of
problems and of assessments. Plain data, kept apart so it can grow without touching the logic."""
from __future__ import annotations

# Verbs that open a task; matched whole, longest first.
_MULTI = {
    "chủ trì", "phối hợp", "tham mưu", "đẩy nhanh", "đẩy mạnh", "hoàn thành", "hoàn thiện", "hoàn tất",
    "hoàn chỉnh", "tăng cường", "triển khai", "thực hiện", "tổ chức", "chỉ đạo", "đôn đốc", "hướng dẫn",
    "rà soát", "kiểm tra", "xử lý", "báo cáo", "xây dựng", "tiếp thu", "nghiên cứu", "đề xuất",
    "theo dõi", "giám sát", "chuẩn bị", "làm tốt", "duy trì", "khắc phục", "nâng cao", "bảo đảm",
    "đảm bảo", "quản lý", "cập nhật", "tổng hợp", "ban hành", "sửa đổi", "bổ sung", "phê duyệt",
    "giải quyết", "tháo gỡ", "chấn chỉnh", "quán triệt", "tuyên truyền", "vận động", "phổ biến",
    "bố trí", "phân bổ", "giải ngân", "thu hồi", "cung cấp", "ưu tiên", "huy động", "sắp xếp",
    "kiện toàn", "đánh giá", "thẩm định", "thanh tra", "điều chỉnh", "cân đối", "hỗ trợ", "tiếp nhận",
    "ứng phó", "sơ tán", "di dời", "cứu hộ", "cứu nạn", "khảo sát", "thống kê", "làm việc", "phát động",
    "phát huy", "khuyến khích", "ngăn chặn", "kiểm soát", "làm rõ", "xác minh", "xác định", "bàn giao",
    "nghiệm thu", "quyết toán", "thanh toán", "công khai", "số hóa", "vận hành", "khen thưởng",
    "kiểm điểm", "rút kinh nghiệm", "thống nhất", "soạn thảo", "chỉnh sửa", "nắm chắc", "nắm bắt",
    "tiếp tục", "thu thập", "tập huấn", "đào tạo", "bồi dưỡng", "chăm lo", "thăm hỏi", "động viên",
    "cắt giảm", "đơn giản hóa", "tinh giản", "rà soát lại", "tạm dừng", "nghiêm cấm", "không để",
    "tổ chức lại", "phục hồi", "khôi phục", "sửa chữa", "gia cố", "khơi thông", "nạo vét", "tuần tra",
    "canh gác", "cảnh báo", "thông báo", "công bố", "phân công", "phân cấp", "ủy quyền", "kêu gọi",
    "thu hút", "xúc tiến", "quảng bá", "liên hệ", "trao đổi", "lấy ý kiến", "đối chiếu", "kiểm đếm",
    "thẩm tra", "tham gia", "chuyển giao", "đề nghị", "yêu cầu", "điều tra", "truy tố", "xét xử",
    "quy hoạch", "mua sắm", "đầu tư", "thi công", "xây lắp", "khởi công", "chủ động", "tập trung",
    "kiên quyết", "chăm sóc", "cải thiện", "ổn định", "thực thi", "áp dụng", "ứng dụng", "hoàn trả",
    "chi trả", "cấp phát", "cấp phép", "ngăn ngừa", "phòng ngừa", "phòng chống", "phòng tránh",
    "cứu trợ", "khẩn trương", "tổ chức thực hiện",
}
_SINGLE = {"trình", "gửi", "lập", "nắm", "trực", "tăng", "giảm", "tạo", "chuyển", "giao", "cấp", "thu",
           "mời", "dừng", "lắp", "rà"}
ACTION_PHRASES: frozenset[str] = frozenset(_MULTI | _SINGLE)

# Words before the verb that do not make the action ("Khẩn trương tham mưu" -> "tham mưu").
ADVERBS: tuple[str, ...] = (
    "tiếp tục", "khẩn trương", "chủ động", "tập trung", "kịp thời", "quyết liệt", "kiên quyết",
    "nghiêm túc", "sớm", "cần phải", "cần", "phải", "có trách nhiệm", "chịu trách nhiệm", "khẩn cấp",
    "thường xuyên", "tích cực", "trực tiếp", "đồng thời", "nghiên cứu,", "khẩn trương,", "sớm", "chủ động,",
    "theo chức năng, nhiệm vụ được giao,", "theo chức năng, nhiệm vụ,", "theo chức năng nhiệm vụ,",
    "theo chức năng, nhiệm vụ, thẩm quyền,", "theo chức năng, nhiệm vụ", "theo thẩm quyền,",
    "theo thẩm quyền", "tiếp tục chủ động", "cần tiếp tục", "phải tiếp tục", "khẩn trương hơn nữa",
    "tập trung cao độ", "quyết liệt hơn nữa", "hơn nữa", "nghiêm", "nhanh chóng", "ngay",
    "hàng năm", "hằng năm", "hàng quý", "hằng quý", "hàng tháng", "hằng tháng", "định kỳ", "hàng ngày", "hằng ngày",
)
# Verbs that only open the assignment ("Giao X ...", "Đề nghị X ...") before the agency.
ASSIGNING = ("đồng ý giao", "giao cho", "giao", "đề nghị", "yêu cầu", "ủy quyền cho", "ủy quyền", "phân công")
CONNECTORS = ("đồng thời,", "đồng thời", "trong đó,", "ngoài ra,", "bên cạnh đó,", "mặt khác,", "riêng")

PROBLEM_WORDS = (
    "tồn tại", "hạn chế", "còn chậm", "chậm", "chưa", "vướng mắc", "khó khăn", "bất cập", "yếu kém",
    "vẫn còn", "còn tình trạng", "thiếu", "không đạt", "chưa đạt", "không đáp ứng", "tình trạng",
    "vi phạm", "ùn tắc", "tồn đọng", "kéo dài", "thấp", "giảm sút", "còn nhiều",
)
ASSESSMENT_MARKERS = (
    "đã ", "được ", "ước đạt", "đạt ", "tăng ", "giảm ", "%", "tiếp tục được", "cơ bản", "ghi nhận",
    "đánh giá cao", "biểu dương", "hoàn thành ", "kết quả",
)
PREAMBLE = (
    "thực hiện công văn", "thực hiện kế hoạch", "thực hiện quyết định", "thực hiện chỉ thị",
    "thực hiện nghị quyết", "thực hiện thông báo", "thực hiện kết luận", "thực hiện ý kiến",
    "thực hiện chỉ đạo", "thực hiện văn bản", "thực hiện nghị định", "thực hiện công điện",
    "căn cứ", "theo ", "tiếp theo", "trên đây", "sau khi", "ngày ", "tại ", "dự ", "tham dự",
    "để ", "nhằm ", "trên cơ sở", "xét ", "về việc", "kính gửi", "nơi nhận", "v/v", "thừa lệnh",
    "thay mặt", "trong ", "qua ", "từ ", "với ", "cùng ",
)
ZONE_ASSESSMENT = ("đánh giá", "tình hình", "kết quả", "tồn tại", "hạn chế", "khó khăn", "bối cảnh")
ZONE_DIRECTIVE = (
    "nhiệm vụ", "giải pháp", "thời gian tới", "đề nghị", "kiến nghị", "yêu cầu", "phân công",
    "tổ chức thực hiện", "giao", "ý kiến chỉ đạo", "chỉ đạo của", "kết luận", "trách nhiệm",
)
DOC_NOUNS = ("báo cáo", "tờ trình", "dự thảo", "đề án", "kế hoạch", "quyết định", "nghị quyết",
             "chương trình", "văn bản", "về ", "đối với", "lĩnh vực", "công tác", "dự án", "phương án")
