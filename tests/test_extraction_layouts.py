"""The extractor on notices written for each layout, in each file format."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extraction import ReadError, extract, extract_text
from extraction.legacy import from_unicode
from tests import samples
from tests.conftest import FONT, ROOT


def directive(notice, phrase):
    found = [r for r in notice.records if phrase in r.text]
    assert found, f"no record contains {phrase!r}"
    return found[0]


def test_agency_dash_layout_with_plus_items():
    notice = extract_text(samples.AGENCY_DASH)
    tax = directive(notice, "Tham mưu phân bổ vốn")
    assert tax.kind == "directive" and tax.agencies == ["Phòng Tài chính - Kế hoạch"]
    assert tax.action == "tham mưu" and tax.deadline_date == "2025-05-15"
    assert directive(notice, "Rà soát các khoản thu").agencies == ["Phòng Tài chính - Kế hoạch"]
    sidewalk = directive(notice, "xử lý dứt điểm tình trạng lấn chiếm")
    assert sidewalk.agencies == ["Phòng Quản lý đô thị"] and sidewalk.cooperating == ["UBND các phường"]
    assert sidewalk.action == "chủ trì"
    plan = directive(notice, "quy hoạch phân khu số 3")
    assert plan.deadline == "trong quý II năm 2025" and plan.deadline_date == "2025-06-30"
    gpmb = directive(notice, "hồ sơ giải phóng mặt bằng")
    assert gpmb.agencies == ["Ban Quản lý dự án"] and gpmb.action == "hoàn thiện"
    assert gpmb.deadline == "trước mùa mưa bão" and gpmb.deadline_date is None
    assert directive(notice, "vẫn còn chậm").kind == "issue"
    assert directive(notice, "ước đạt 35%").kind == "assessment"
    assert all(r.kind == "other" for r in notice.records if "Lưu: VT" in r.text or "Các phòng chuyên môn" in r.text)
    assert notice.meta.number == "45/TB-VP" and notice.meta.issue_date == "2025-04-25"
    assert notice.meta.meeting_date == "2025-04-20" and notice.meta.chair == "Trần Văn Bình"
    assert notice.meta.signer == "Trần Văn Bình" and notice.meta.doc_type == "Thông báo"
    assert plan.field and "Nhiệm vụ trọng tâm" in plan.field


def test_numbered_agency_heading_layout():
    notice = extract_text(samples.AGENCY_HEADING)
    first = directive(notice, "rà soát quy hoạch các cụm")
    assert first.agencies == ["Sở Công Thương"] and first.cooperating == ["Sở Tài chính"]
    assert first.deadline_date == "2025-07-31"
    assert directive(notice, "Hướng dẫn các doanh nghiệp").agencies == ["Sở Công Thương"]
    assert directive(notice, "Kiểm tra việc chấp hành").agencies == ["Sở Nông nghiệp và Môi trường"]
    assert notice.meta.number == "812/UBND-KT" and notice.meta.doc_type == "Công văn"
    assert notice.meta.signer == "Lê Minh Châu"
    assert notice.meta.meeting_date is None  # a letter, no meeting: never guessed


def test_inline_assignments():
    notice = extract_text(samples.INLINE)
    build = directive(notice, "Bộ Xây dựng chủ trì")
    assert build.agencies == ["Bộ Xây dựng"] and build.cooperating == ["Bộ Tài chính"]
    assert build.action == "chủ trì" and build.deadline_date == "2025-12-30"
    assert directive(notice, "Giao Văn phòng Chính phủ").agencies == ["Văn phòng Chính phủ"]
    bank = directive(notice, "Đề nghị Ngân hàng")
    assert bank.agencies == ["Ngân hàng Nhà nước Việt Nam"] and bank.action == "hướng dẫn"
    assert directive(notice, "Yêu cầu Bộ Công an").agencies == ["Bộ Công an"]
    provinces = directive(notice, "bàn giao mặt bằng")
    assert provinces.agencies == ["UBND tỉnh Hà Nam", "UBND tỉnh Ninh Bình", "UBND tỉnh Thanh Hóa"]
    assert provinces.action == "bàn giao" and provinces.deadline_date == "2025-12-31"
    assert directive(notice, "thông báo để các cơ quan").kind == "other"
    assert notice.meta.chair == "Nguyễn Văn An" and notice.meta.meeting_date == "2025-11-05"


def test_leadin_addressees_apply_to_items_naming_nobody():
    notice = extract_text(samples.LEADIN)
    for phrase in ("Rà soát, kiện toàn", "Tham mưu kế hoạch đào tạo"):
        assert directive(notice, phrase).agencies == ["Phòng Nội vụ"]
    assert directive(notice, "Rà soát, kiện toàn").deadline_date == "2025-06-30"


def test_a_time_limit_sentence_or_line_belongs_to_the_tasks_above_it():
    notice = extract_text(
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
        "1. Giao Sở Nông nghiệp và Môi trường\n"
        "Khẩn trương chia sẻ cơ sở dữ liệu đất đai đến các xã. Thời gian thực hiện hoàn thành xong trước ngày 05 tháng 12 năm 2025.\n"
        "2. Giao Ủy ban nhân dân các xã, phường\n"
        "- Rà soát dữ liệu số nhà trên địa bàn.\n"
        "- Cập nhật số nhà vào giấy chứng nhận.\n"
        "Thời gian hoàn thành trước ngày 31 tháng 12 năm 2025.\n"
        "3. Giao Sở Xây dựng\n"
        "Theo dõi, đôn đốc việc cập nhật thông tin số nhà.\n")
    deadlines = {r.text.split(".")[0]: r.deadline for r in notice.records if r.kind == "directive"}
    assert deadlines == {
        "Khẩn trương chia sẻ cơ sở dữ liệu đất đai đến các xã": "trước ngày 05 tháng 12 năm 2025",
        "Rà soát dữ liệu số nhà trên địa bàn": "trước ngày 31 tháng 12 năm 2025",
        "Cập nhật số nhà vào giấy chứng nhận": "trước ngày 31 tháng 12 năm 2025",
        "Theo dõi, đôn đốc việc cập nhật thông tin số nhà": None}


def test_a_plans_purpose_and_requirements_are_not_tasks():
    notice = extract_text(
        "KẾ HOẠCH\nPhòng, chống thiên tai năm 2026\n"
        "Ủy ban nhân dân tỉnh xây dựng Kế hoạch phòng, chống thiên tai năm 2026 với nội dung như sau:\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao năng lực phòng, chống thiên tai của các cấp.\n"
        "2. Yêu cầu\n- Bảo đảm sự phối hợp chặt chẽ giữa các sở, ngành và địa phương.\n"
        "- Các sở, ngành triển khai thực hiện thống nhất, đồng bộ.\n"
        "II. NHIỆM VỤ, GIẢI PHÁP\n1. Rà soát phương án ứng phó với bão, lũ trên địa bàn.\n"
        "2. Sở Y tế chủ trì tổ chức tập huấn sơ cấp cứu cho lực lượng xung kích.\n")
    directives = {r.text.split(",")[0].rstrip("."): r.agencies for r in notice.records if r.kind == "directive"}
    assert directives == {
        "Các sở": ["các sở, ngành"],  # a requirement that names who acts stays a task
        "Rà soát phương án ứng phó với bão": [],  # the plan's author presenting it is no addressee
        "Sở Y tế chủ trì tổ chức tập huấn sơ cấp cứu cho lực lượng xung kích": ["Sở Y tế"]}


def test_views_targets_and_closing_instructions_are_not_tasks():
    notice = extract_text(
        "KẾ HOẠCH\nCHUYỂN ĐỔI SỐ NĂM 2026\nII. NHIỆM VỤ, GIẢI PHÁP\n"
        "1. Phát triển y tế số là một trụ cột quan trọng của chuyển đổi số.\n"
        "2. Phấn đấu đến năm 2030 đạt ít nhất 50% số xã, phường có hạ tầng số.\n"
        "3. Sở Y tế phấn đấu đến năm 2030 có 95% người dân có Sổ sức khỏe điện tử.\n"
        "4. Triển khai nền tảng hồ sơ sức khỏe điện tử tại các trạm y tế.\n"
        "III. TỔ CHỨC THỰC HIỆN\nĐề nghị các cơ quan, đơn vị khẩn trương triển khai, thực hiện.\n")
    directives = [r.text for r in notice.records if r.kind == "directive"]
    assert directives == ["Sở Y tế phấn đấu đến năm 2030 có 95% người dân có Sổ sức khỏe điện tử.",
                          "Triển khai nền tảng hồ sơ sức khỏe điện tử tại các trạm y tế."]


def test_a_time_before_the_subject_is_no_topic_of_a_duty():
    notice = extract_text(
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\nII. NHIỆM VỤ\n"
        "1. Định kỳ 6 tháng, hằng năm, Sở Công Thương tổ chức sơ kết, đánh giá kết quả thực hiện.\n"
        "2. Sở Xây dựng rà soát quy hoạch; định kỳ báo cáo kết quả thực hiện về Bộ Xây dựng, UBND tỉnh.\n")
    first, second = [r for r in notice.records if r.kind == "directive"][:2]
    assert (first.agencies, first.action, first.recurrence) == (["Sở Công Thương"], "tổ chức", "hằng năm")
    assert second.agencies == ["Sở Xây dựng"]


def test_a_plan_sent_to_a_council_assigns_it_nothing():
    body = "Kính gửi: Hội đồng nhân dân tỉnh Cà Mau\nII. GIẢI PHÁP\n1. Tăng cường quản lý nợ chính quyền địa phương.\n"
    plan = extract_text("ỦY BAN NHÂN DÂN TỈNH CÀ MAU\nSố: 204/KH-UBND\nKẾ HOẠCH\nTài chính - ngân sách 03 năm\n" + body)
    letter = extract_text("ỦY BAN NHÂN DÂN TỈNH CÀ MAU\nSố: 205/UBND-KT\nV/v quản lý nợ\n" + body)
    assert [r.agencies for r in plan.directives] == [[]]
    assert [r.agencies for r in letter.directives] == [["HĐND tỉnh Cà Mau"]]


def test_task_table_rows_are_tasks():
    notice = extract_text(samples.TABLE)
    data = directive(notice, "cơ sở dữ liệu đất đai")
    assert data.kind == "directive" and data.agencies == ["Sở Nông nghiệp và Môi trường"]
    assert data.cooperating == ["Sở Tài chính"] and data.deadline_date == "2025-09-30"
    assert data.action == "xây dựng"
    online = directive(notice, "dịch vụ công trực tuyến")
    assert online.agencies == ["Văn phòng UBND tỉnh"] and online.deadline_date == "2025-10-31"
    assert directive(notice, "Nội dung nhiệm vụ").kind == "other"


def test_a_table_time_column_is_the_deadline_over_a_year_inside_the_task():
    notice = extract_text(samples.TABLE.replace("Triển khai dịch vụ công trực tuyến toàn trình",
                                                "Điều chỉnh quy hoạch hạ tầng viễn thông đến năm 2030"))
    task = directive(notice, "quy hoạch hạ tầng viễn thông")
    assert task.deadline == "Tháng 10/2025" and task.deadline_date == "2025-10-31"
    placeholder = extract_text(samples.TABLE.replace("Tháng 10/2025", "-").replace(
        "Triển khai dịch vụ công trực tuyến toàn trình", "Triển khai dịch vụ công, hoàn thành trước ngày 30/9/2025"))
    assert directive(placeholder, "Triển khai dịch vụ công").deadline_date == "2025-09-30"  # "-" tells no time


def test_broken_pdf_lines_are_rejoined_and_page_numbers_dropped():
    notice = extract_text(samples.BROKEN)
    disease = directive(notice, "tăng cường kiểm tra công tác phòng")
    assert "cho gia súc, gia cầm." in disease.text and "2" not in disease.text.split()
    assert disease.agencies == ["Phòng Kinh tế"]
    assert directive(notice, "tiêm chủng").agencies == ["Trung tâm Y tế"]


def test_spans_point_into_clean_text(seed_notice):
    for record in seed_notice.records:
        start, end = record.span
        assert seed_notice.text[start:end] == record.text


def test_ids_are_stable():
    first = extract_text(samples.AGENCY_DASH)
    second = extract_text(samples.AGENCY_DASH)
    assert [r.id for r in first.records] == [r.id for r in second.records]
    assert len({r.id for r in first.records}) == len(first.records)


def test_docx_paragraphs_and_tables(tmp_path):
    import docx

    document = docx.Document()
    for line in samples.AGENCY_HEADING.splitlines()[:8]:
        document.add_paragraph(line)
    document.add_paragraph("1. Sở Y tế")
    document.add_paragraph("- Chủ trì kiểm tra an toàn thực phẩm trong dịp Tết.")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Nội dung", "Cơ quan chủ trì", "Thời hạn"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["Rà soát thủ tục hành chính", "Sở Tư pháp", "Tháng 8/2025"]):
        cell.text = text
    path = tmp_path / "thong-bao.docx"
    document.save(path)
    notice = extract(path)
    assert directive(notice, "an toàn thực phẩm").agencies == ["Sở Y tế"]
    row = directive(notice, "Rà soát thủ tục hành chính")
    assert row.agencies == ["Sở Tư pháp"] and row.deadline_date == "2025-08-31"
    assert notice.meta.number == "812/UBND-KT"


def test_pdf_with_text_layer(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, samples.AGENCY_DASH)
    path = tmp_path / "thong-bao.pdf"
    pdf.output(str(path))
    notice = extract(path)
    assert directive(notice, "Tham mưu phân bổ vốn").agencies == ["Phòng Tài chính - Kế hoạch"]
    assert directive(notice, "quy hoạch phân khu số 3").agencies == ["Phòng Quản lý đô thị"]
    assert notice.meta.number == "45/TB-VP"


def test_scanned_pdf_gets_a_clear_error(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ReadError, match="scan.pdf.*lớp chữ"):
        extract(path)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_encodings_are_converted(tmp_path, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(from_unicode(samples.AGENCY_DASH, encoding).encode("cp1252"))
    notice = extract(path)
    assert any(encoding.upper() in w for w in notice.warnings)
    assert directive(notice, "Tham mưu phân bổ vốn").agencies == ["Phòng Tài chính - Kế hoạch"]


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(samples.INLINE.encode("utf-16"))
    assert directive(extract(path), "Bộ Xây dựng chủ trì").agencies == ["Bộ Xây dựng"]


def test_news_text_is_not_a_notice():
    notice = extract_text(samples.NEWS + samples.ENGLISH)
    assert not notice.directives
    assert any("không phải thông báo" in w for w in notice.warnings)


def test_cli_jsonl_and_bad_file(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(samples.INLINE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    run = subprocess.run([sys.executable, "-m", "extraction", str(empty), str(good)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0
    assert run.stderr.count("\n") == 1 and "empty.txt" in run.stderr and "Traceback" not in run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    fields = {"id", "notice_id", "kind", "text", "agencies", "agencies_raw", "cooperating", "action",
              "deadline", "deadline_date", "field", "section", "span", "meeting_date"}
    assert rows and all(fields <= set(row) for row in rows)
    only_bad = subprocess.run([sys.executable, "-m", "extraction", str(empty)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    assert only_bad.returncode == 1 and "Traceback" not in only_bad.stderr


def test_cli_unexpected_error_is_one_line_and_its_traceback_is_logged(tmp_path, monkeypatch, capsys):
    from extraction import __main__ as cli, log

    def broken(path, data=None):
        raise RuntimeError("hỏng giữa chừng\nat line 42")

    monkeypatch.setattr(cli, "extract", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    notice = tmp_path / "a.txt"
    notice.write_text(samples.INLINE, encoding="utf-8")
    assert cli.main([str(notice)]) == 1
    err = capsys.readouterr().err.strip()
    path = (tmp_path / "state" / "chidao" / log.LOG_NAME).resolve()
    try:
        assert err.count("\n") == 0 and "RuntimeError" in err and str(path) in err and "Traceback" not in err
        assert "Traceback" in path.read_text(encoding="utf-8")
    finally:
        log.LOGGER.removeHandler(log._handlers.pop(path))


def test_an_item_that_is_a_statement_goes_on_over_its_wrapped_lines():
    notice = extract_text(
        "CÔNG ĐIỆN\nVề cắt giảm thủ tục hành chính\n"
        "1. Bộ Tư pháp hoàn thành cơ sở dữ liệu hộ tịch điện tử toàn quốc trong tháng 12 năm 2025, bảo đảm kết nối.\n"
        "2. Văn phòng Chính phủ theo chức năng, nhiệm vụ được giao theo dõi, đôn đốc việc triển khai\n"
        "các nhiệm vụ nêu trên; kịp thời tổng hợp, báo cáo những vấn đề vượt thẩm quyền. Báo cáo Thủ tướng\n"
        "Chính phủ kết quả thực hiện nhiệm vụ của các bộ, ngành trước ngày 20 hằng tháng.\n")
    report = directive(notice, "Báo cáo Thủ tướng Chính phủ kết quả thực hiện")
    assert report.agencies == ["Văn phòng Chính phủ"] and report.deadline == "trước ngày 20 hằng tháng"


def test_a_leadin_names_who_acts_when_only_half_the_items_name_their_own():
    notice = extract_text(
        "CÔNG ĐIỆN\nVề thi đua cao điểm\n"
        "Thủ tướng Chính phủ yêu cầu Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh thực hiện một số nhiệm vụ sau:\n"
        "1. Khẩn trương thực hiện quyết liệt, đồng bộ các nhiệm vụ, giải pháp để khắc phục hậu quả thiên tai theo "
        "Nghị quyết số 347/NQ-CP của Chính phủ.\n"
        "2. Tiếp tục phát huy tinh thần tương thân tương ái, kịp thời hỗ trợ các địa phương bị bão lũ.\n"
        "3. Bộ Nội vụ hướng dẫn khen thưởng kịp thời các tập thể, cá nhân tiêu biểu.\n"
        "4. Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện Công điện này.\n")
    for phrase in ("Khẩn trương thực hiện quyết liệt", "kịp thời hỗ trợ các địa phương"):
        assert directive(notice, phrase).agencies == ["Bộ trưởng", "Chủ tịch Ủy ban nhân dân các tỉnh"]
    assert directive(notice, "hướng dẫn khen thưởng").agencies == ["Bộ Nội vụ"]


def test_a_request_answered_after_its_colon_names_who_must_act_there():
    notice = extract_text(
        "THÔNG BÁO\nKết luận của Thủ tướng Chính phủ tại buổi làm việc với tỉnh Thanh Hóa\n"
        "7. Về đề nghị Chính phủ chỉ đạo Bộ Tài chính xem xét, bố trí vốn Dự án đường ven biển đoạn Hoằng Hóa - Sầm Sơn "
        "trong kế hoạch vốn đầu tư công trung hạn giai đoạn 2026 - 2030 từ số vốn không giải ngân hết phải hoàn trả "
        "ngân sách trung ương của dự án BOT đường ven biển: giao Bộ Tài chính chủ trì phối hợp với Bộ Xây dựng xem xét, "
        "xử lý theo đúng quy định.\n")
    task = directive(notice, "xử lý theo đúng quy định")
    assert task.agencies == ["Bộ Tài chính"] and task.action == "chủ trì" and task.cooperating == ["Bộ Xây dựng"]


def test_a_subject_list_running_past_its_names_still_leads_to_its_task():
    notice = extract_text(
        "KẾ HOẠCH\nTriển khai đánh giá, xếp loại\nIII. TỔ CHỨC THỰC HIỆN\n"
        "1. Ủy ban nhân dân xã, phường huy động nguồn lực, tổ chức triển khai hoạt động tuyên truyền, vận động "
        "đến từng đối tượng.\n"
        "2. Các sở, ban, ngành, Ủy ban nhân dân xã, phường và các đơn vị liên quan có trách nhiệm xây dựng kế hoạch "
        "chi tiết hằng năm.\n")
    assert directive(notice, "huy động nguồn lực").action == "huy động"
    assert directive(notice, "xây dựng kế hoạch chi tiết").kind == "directive"


def test_a_shortfall_after_a_background_opener_is_a_problem_a_cited_document_is_not():
    notice = extract_text(
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nV/v tăng cường quản lý khoáng sản chưa khai thác\n"
        "Ngày 11/12/2025, Quốc hội đã ban hành Nghị quyết số 254/2025/QH15 về tháo gỡ khó khăn, vướng mắc "
        "trong tổ chức thi hành Luật Đất đai.\n"
        "Đến nay, UBND thành phố Đà Nẵng chưa thực hiện việc rà soát, báo cáo trên Hệ thống 751.\n"
        "Đề nghị Sở Tài chính rà soát, báo cáo trước ngày 30/12/2025.\n")
    assert directive(notice, "chưa thực hiện việc rà soát").kind == "issue"
    assert directive(notice, "Quốc hội đã ban hành").kind != "issue"
    assert directive(notice, "V/v tăng cường").kind == "other"


def test_a_duty_about_a_hardship_under_its_agency_is_a_task_a_shortfall_a_problem():
    notice = extract_text(
        "THÔNG BÁO\nKết luận về ứng phó mưa lũ\nII. NHIỆM VỤ\n2. Sở Xây dựng:\n"
        "- Không cấp phép thi công đào lòng lề đường, vỉa hè trong thời gian mưa lũ.\n"
        "- Đối với các vấn đề phức tạp, vượt thẩm quyền, phải kịp thời tổng hợp, báo cáo UBND tỉnh.\n"
        "- Việc khắc phục sạt lở tại một số tuyến đường còn chậm, gây khó khăn cho người dân.\n")
    for key in ("Không cấp phép thi công", "vượt thẩm quyền, phải kịp thời"):
        task = directive(notice, key)
        assert task.kind == "directive" and task.agencies == ["Sở Xây dựng"], key
    assert directive(notice, "còn chậm").kind == "issue"


def test_a_duty_on_a_condition_of_difficulties_is_a_task_not_a_problem():
    notice = extract_text(
        "KẾ HOẠCH\nBảo vệ khoáng sản\nIII. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Công Thương theo dõi việc thực hiện Kế hoạch này.\n"
        "2. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời phản ánh về Sở Nông nghiệp và Môi trường "
        "để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.\n")
    duty = directive(notice, "kịp thời phản ánh về Sở Nông nghiệp")
    assert duty.kind == "directive" and duty.action == "phản ánh"


def test_each_list_item_followed_by_its_own_field_list_is_its_own_task():
    notice = extract_text(
        "KẾ HOẠCH\nNâng cao năng lực xây dựng pháp luật\nII. NHIỆM VỤ\n"
        "7. Đẩy mạnh chuyển đổi số trong công tác xây dựng pháp luật\n"
        "- Tăng cường ứng dụng công nghệ số trong công tác xây dựng pháp luật.\n"
        "Đơn vị chủ trì tham mưu thực hiện: Sở Khoa học và Công nghệ.\n"
        "Thời gian thực hiện: Thường xuyên.\n"
        "- Cập nhật, khai thác hiệu quả Cổng pháp luật quốc gia.\n"
        "Đơn vị chủ trì thực hiện: Sở Tư pháp.\n"
        "Đơn vị phối hợp thực hiện: Các cơ quan, đơn vị, địa phương liên quan.\n"
        "Thời gian thực hiện: Tháng 12/2025.\n")
    assert directive(notice, "Tăng cường ứng dụng công nghệ số").agencies == ["Sở Khoa học và Công nghệ"]
    portal = directive(notice, "Cổng pháp luật quốc gia")
    assert portal.agencies == ["Sở Tư pháp"] and portal.deadline == "Tháng 12/2025"


def test_a_lead_field_that_names_who_leads_and_who_cooperates_keeps_them_apart():
    notice = extract_text(
        "KẾ HOẠCH\nThực hiện công tác bình đẳng giới\nIII. NHIỆM VỤ\n1. Hoạt động 1\n- Nội dung:\n"
        "+ Tập huấn nâng cao năng lực cho đội ngũ cán bộ y tế.\n"
        "- Cơ quan thực hiện: Sở Y tế chủ trì, phối hợp với Sở Nội vụ và các đơn vị có liên quan.\n")
    training = directive(notice, "Tập huấn nâng cao năng lực")
    assert training.agencies == ["Sở Y tế"] and training.cooperating == ["Sở Nội vụ", "các đơn vị có liên quan"]


def test_a_field_block_after_a_run_of_items_describes_each_item_of_the_run():
    notice = extract_text(
        "KẾ HOẠCH\nNâng cao năng lực xây dựng pháp luật\nII. NHIỆM VỤ\n"
        "4. Nâng cao phẩm chất, năng lực cho đội ngũ cán bộ\n"
        "- Tăng cường công tác giáo dục chính trị, tư tưởng cho đội ngũ cán bộ.\n"
        "- Nâng cao nhận thức, ý thức trách nhiệm của đội ngũ cán bộ.\n"
        "Đơn vị thực hiện: Các Sở, ngành, UBND cấp xã.\nThời gian thực hiện: Thường xuyên.\n"
        "- Tổ chức tập huấn, bồi dưỡng kiến thức xây dựng pháp luật.\n"
        "Đơn vị chủ trì: Sở Tư pháp.\nThời gian thực hiện: Theo kế hoạch công tác tư pháp hằng năm.\n")
    for key in ("giáo dục chính trị", "ý thức trách nhiệm"):
        task = directive(notice, key)
        assert task.agencies == ["các Sở, ngành", "UBND cấp xã"] and task.deadline == "Thường xuyên", key
    training = directive(notice, "Tổ chức tập huấn")
    assert training.agencies == ["Sở Tư pháp"] and training.deadline.startswith("Theo kế hoạch")


def test_a_bodys_role_and_its_remit_come_before_its_task():
    notice = extract_text(
        "KẾ HOẠCH\nTriển khai Chương trình\nIII. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Khoa học và Công nghệ là cơ quan thường trực, chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch.\n"
        "2. Sở Nông nghiệp và Môi trường: Là đầu mối chủ trì, tiếp nhận hồ sơ đề nghị thẩm định.\n"
        "3. Các sở, ngành căn cứ chức năng, nhiệm vụ, chủ động xây dựng kế hoạch cụ thể.\n"
        "4. Các cơ quan, đơn vị thi đua thực hiện thắng lợi nhiệm vụ năm 2025.\n")
    for phrase, agency, action in (("là cơ quan thường trực", "Sở Khoa học và Công nghệ", "chủ trì"),
                                   ("Là đầu mối chủ trì", "Sở Nông nghiệp và Môi trường", "chủ trì"),
                                   ("căn cứ chức năng", "các sở, ngành", "xây dựng"),
                                   ("thi đua thực hiện", "các cơ quan, đơn vị", "thi đua")):
        task = directive(notice, phrase)
        assert (task.kind, task.agencies, task.action) == ("directive", [agency], action), phrase


def test_a_heading_that_requests_with_a_colon_names_its_addressees():
    notice = extract_text(
        "KẾ HOẠCH\nChuyển đổi số doanh nghiệp\nIII. TỔ CHỨC THỰC HIỆN\n"
        "6. Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh\n"
        "a) Tuyên truyền, vận động hội viên tích cực tham gia các hoạt động chuyển đổi số.\n")
    assert directive(notice, "vận động hội viên").agencies == ["Hiệp hội Doanh nghiệp tỉnh", "Hội Nông dân"]


def test_a_team_members_duties_are_that_persons_and_the_inspected_units():
    notice = extract_text(
        "KẾ HOẠCH\nKiểm tra hoạt động vật liệu nổ công nghiệp\n4. Phân công nhiệm vụ\n"
        "4.1. Ông. Hoàng Văn Thuân - Trưởng đoàn: Phụ trách chung; chỉ đạo toàn diện hoạt động của Đoàn.\n"
        "6. Trách nhiệm\n"
        "6.2 Đối với đơn vị được kiểm tra: Chuẩn bị báo cáo bằng văn bản theo nội dung kiểm tra.\n")
    assert directive(notice, "chỉ đạo toàn diện").agencies == ["Hoàng Văn Thuân"]
    assert directive(notice, "Chuẩn bị báo cáo bằng văn bản").agencies == ["Đơn vị được kiểm tra"]


def test_the_places_an_items_subject_singles_out_are_not_its_addressees():
    notice = extract_text(
        "CÔNG ĐIỆN\nVề Chiến dịch Quang Trung\n"
        "1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng, trong đó trọng tâm là các tỉnh:\n"
        "Đắk Lắk, Khánh Hòa, Gia Lai và Lâm Đồng:\n"
        "a) Tổ chức xây dựng kế hoạch cụ thể, triển khai ngay Chiến dịch Quang Trung.\n")
    assert directive(notice, "xây dựng kế hoạch cụ thể").agencies == ["Chủ tịch UBND các tỉnh, thành phố"]


def test_a_legal_basis_or_an_enclosure_gives_no_task():
    notice = extract_text(
        "KẾ HOẠCH\nKiểm tra vật liệu nổ công nghiệp\n"
        "Căn cứ Quyết định 1883/QĐ-UBND ngày 06/11/2025 của UBND tỉnh Lào Cai về việc ủy quyền cho Giám đốc Sở Công Thương "
        "thực hiện một số nhiệm vụ, quyền hạn của Ủy ban nhân dân tỉnh;\n"
        "1. Phòng Quản lý Công nghiệp tổ chức kiểm tra các đơn vị sử dụng vật liệu nổ.\n"
        "(Kèm theo Báo cáo số 565-BC/BTCTW, ngày 27/11/2025 của Ban Tổ chức Trung ương).\n")
    assert directive(notice, "Căn cứ Quyết định 1883").kind == "other"
    assert directive(notice, "Kèm theo Báo cáo").kind == "other"
    assert directive(notice, "tổ chức kiểm tra các đơn vị").kind == "directive"


def test_a_purpose_led_lead_in_gives_its_addressees_to_the_items_below():
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 09/CT-UBND\nCần Thơ, ngày 18 tháng 11 năm 2025\nCHỈ THỊ\n"
            "VỀ TĂNG CƯỜNG QUẢN LÝ TÀI NGUYÊN NƯỚC DƯỚI ĐẤT\n"
            "Nhằm chấn chỉnh công tác quản lý nước dưới đất; khắc phục tình trạng khai thác không phép, Chủ tịch "
            "Ủy ban nhân dân thành phố yêu cầu Giám đốc Sở Xây dựng, Chủ tịch Ủy ban nhân dân xã, phường trong phạm vi "
            "chức năng, quyền hạn của mình tập trung thực hiện các nhiệm vụ trọng tâm, cụ thể như sau:\n"
            "1. Kết hợp hoặc luân phiên khai thác nước mặt với khai thác nước dưới đất.\n"
            "2. Tuân thủ nguyên tắc khoanh định vùng cấm khai thác nước dưới đất.\n")
    notice = extract_text(text)
    for phrase in ("Kết hợp hoặc luân phiên", "Tuân thủ nguyên tắc"):
        item = directive(notice, phrase)
        assert item.kind == "directive" and item.agencies == ["Sở Xây dựng", "Chủ tịch UBND xã, phường"]
    assert directive(notice, "Nhằm chấn chỉnh").kind == "other"  # the lead-in itself asks nothing


def test_a_purpose_opener_before_assignments_keeps_each_task():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/CT-UBND\nLào Cai, ngày 18 tháng 11 năm 2025\nCHỈ THỊ\nVỀ TIẾN ĐỘ DỰ ÁN\n"
            "Để bảo đảm tiến độ; giao Sở Xây dựng hoàn thành hồ sơ thiết kế trước ngày 30/12/2025; giao Sở Tài chính "
            "bố trí vốn, cụ thể như sau:\n1. Bố trí vốn đối ứng năm 2026.\n"
            "2. Sở Tài chính tập trung thực hiện nhiệm vụ thu ngân sách năm 2026.\n")
    notice = extract_text(text)
    assert directive(notice, "hoàn thành hồ sơ thiết kế").agencies == ["Sở Xây dựng"]
    assert directive(notice, "Bố trí vốn đối ứng").agencies == ["Sở Tài chính"]
    revenue = directive(notice, "thu ngân sách")  # a task with its own matter, not the closing "thực hiện các nhiệm vụ"
    assert revenue.kind == "directive" and revenue.agencies == ["Sở Tài chính"]


_LAOCAI = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 123/TB-UBND\nLào Cai, ngày 20 tháng 11 năm 2025\nTHÔNG BÁO\n"
           "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác giải phóng mặt bằng\n")


def test_a_list_of_addressees_goes_on_past_its_semicolons():
    notice = extract_text(_LAOCAI + (
        "1. Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các xã, phường tập trung chỉ đạo giải ngân vốn.\n"
        "2. Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Thủ trưởng các ban, ngành; Chủ tịch UBND các xã, phường thực hiện "
        "tốt một số nội dung sau:\na) Tăng cường công tác quản lý đất đai.\n"
        "3. Bộ Tài chính phân bổ kinh phí các nhiệm vụ do Thủ tướng Chính phủ giao cho các bộ, cơ quan ngang bộ; Ủy ban "
        "nhân dân cấp tỉnh trình Hội đồng nhân dân phê duyệt dự toán.\n"))
    assert directive(notice, "tập trung chỉ đạo giải ngân").agencies == ["Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các xã, phường"]
    assert directive(notice, "Tăng cường công tác quản lý").agencies == [
        "Giám đốc các sở", "Thủ trưởng các ban, ngành", "Chủ tịch UBND các xã, phường"]
    assert directive(notice, "thực hiện tốt một số nội dung sau").kind == "other"  # the lead-in only announces its items
    assert directive(notice, "phân bổ kinh phí").agencies == ["Bộ Tài chính"]  # "giao cho X;" inside a task is no lead
    assert directive(notice, "trình Hội đồng nhân dân").agencies == ["Ủy ban nhân dân cấp tỉnh"]
    apart = extract_text(_LAOCAI + "1. Việc thẩm định hồ sơ dự án giao Sở Xây dựng; Sở Tài chính bố trí vốn trước ngày 30/11/2025.\n")
    assert directive(apart, "bố trí vốn").agencies == ["Sở Tài chính"]  # the piece opens on its matter, not on the assignment
    site = extract_text(_LAOCAI + "1. Đơn vị thi công có trách nhiệm khắc phục các tồn tại trước ngày 30/11/2025.\n")
    repair = directive(site, "khắc phục các tồn tại")  # a duty about problems, not a problem
    assert repair.kind == "directive" and repair.agencies == ["Đơn vị thi công"]


def test_a_lead_in_whose_items_hold_no_task_is_the_task():
    notice = extract_text(_LAOCAI + (
        "1. Đề nghị các sở, ngành báo cáo các nội dung sau trước ngày 10/12/2025:\n"
        "a) Tình hình giải ngân vốn đầu tư công.\nb) Khó khăn, vướng mắc và đề xuất giải pháp.\n"
        "2. Đề nghị Sở Tài chính chủ trì tổng hợp các nội dung sau:\na) Rà soát nguồn vốn.\n"))
    lead = directive(notice, "báo cáo các nội dung sau")
    assert lead.kind == "directive" and lead.agencies == ["các sở, ngành"] and lead.deadline == "trước ngày 10/12/2025"
    assert directive(notice, "tổng hợp các nội dung sau").kind == "other"  # its item is a task of its own
    assert directive(notice, "Rà soát nguồn vốn").agencies == ["Sở Tài chính"]
    vetting = extract_text(_LAOCAI + ("1. Giao Sở Tư pháp chủ trì thẩm định dự thảo Nghị quyết, bảo đảm các yêu cầu sau:\n"
                                      "a) Phù hợp với quy định của pháp luật.\nb) Bảo đảm tính khả thi.\n"))
    lead = directive(vetting, "chủ trì thẩm định dự thảo")  # its items are what the task must meet
    assert lead.kind == "directive" and lead.agencies == ["Sở Tư pháp"]


def test_a_time_limit_that_opens_a_task_is_no_problem():
    notice = extract_text(_LAOCAI + (
        "1. UBND các xã:\n- Chậm nhất ngày 20/12/2025 hoàn thành việc chi trả tiền bồi thường.\n"
        "2. Chậm nhất ngày 25/12/2025, Sở Tài chính thẩm định phương án giá đất.\n"
        "3. Về nhiệm vụ của Sở Công Thương: Kiểm tra thị trường xăng dầu.\n"))
    pay = directive(notice, "hoàn thành việc chi trả")
    assert pay.kind == "directive" and pay.agencies == ["UBND các xã"] and pay.deadline_date == "2025-12-20"
    price = directive(notice, "thẩm định phương án giá đất")
    assert price.kind == "directive" and price.agencies == ["Sở Tài chính"]
    assert directive(notice, "Kiểm tra thị trường xăng dầu").agencies == ["Sở Công Thương"]


def test_items_under_a_lead_in_to_problems_are_problems_and_praise_is_a_result():
    notice = extract_text(_LAOCAI + (
        "I. ĐÁNH GIÁ KẾT QUẢ\nCác sở, ngành đã tích cực triển khai nhiệm vụ, đạt nhiều kết quả.\n"
        "Bên cạnh kết quả đạt được, vẫn còn một số tồn tại, hạn chế như sau:\n- Thu ngân sách không đạt dự toán.\n"
        "UBND tỉnh ghi nhận, biểu dương sự nỗ lực của các sở, ngành.\n"
        "Để khắc phục những hạn chế trên, cần tập trung các giải pháp sau:\n- Rà soát các nguồn thu.\n"
        "Chủ tịch UBND tỉnh yêu cầu những nội dung đã được giao phải hoàn thành trước ngày 30/11/2025.\n"
        "Một số hạn chế cần khắc phục như sau:\n- Giải ngân vốn đầu tư công đạt thấp.\n"))
    assert directive(notice, "nội dung đã được giao").kind != "assessment"  # "đã" inside what is asked
    assert directive(notice, "Giải ngân vốn đầu tư công đạt thấp").kind == "issue"
    figures = extract_text(_LAOCAI + ("1. Sở Tài chính báo cáo tình hình thu chi như sau:\n- Thu ngân sách đạt 110% dự toán.\n"
                                      "2. Sở Xây dựng phấn đấu giải ngân đạt 100% kế hoạch.\n"
                                      "3. Đầu tư hệ thống xử lý nước thải tập trung các KCN (đạt 100%).\n"))
    assert directive(figures, "Thu ngân sách đạt 110%").kind == "assessment"  # a result in figures, not the verb "thu"
    assert directive(figures, "phấn đấu giải ngân").kind == "directive"  # a target
    assert directive(figures, "xử lý nước thải tập trung").kind == "directive"
    assert directive(notice, "Thu ngân sách không đạt").kind == "issue"  # not the verb "thu" of a task
    assert directive(notice, "đã tích cực triển khai").kind == "assessment"
    assert directive(notice, "ghi nhận, biểu dương").kind == "assessment"
    assert directive(notice, "Rà soát các nguồn thu").kind == "directive"  # a lead-in to remedies opens tasks


def test_a_role_given_in_brackets_names_that_body_later():
    notice = extract_text(_LAOCAI + (
        "1. Dự án đường nối Sa Pa - Lào Cai: Giao Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh "
        "(chủ đầu tư) khẩn trương hoàn thiện hồ sơ.\n2. Chủ đầu tư chỉ đạo nhà thầu tăng cường máy móc, nhân lực.\n"))
    board = "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông"
    assert directive(notice, "khẩn trương hoàn thiện hồ sơ").agencies == [board]
    assert directive(notice, "chỉ đạo nhà thầu").agencies == [board]
    two = extract_text(_LAOCAI + (
        "1. Giao Sở Xây dựng (chủ đầu tư) hoàn thiện hồ sơ.\n2. Giao Sở Y tế (chủ đầu tư) lập dự toán.\n"
        "3. Chủ đầu tư chỉ đạo nhà thầu tăng cường máy móc.\n"))
    assert directive(two, "chỉ đạo nhà thầu").agencies == ["Chủ đầu tư"]  # a role two bodies hold names neither


def test_a_sentence_that_only_asks_for_a_time_limit_belongs_to_the_task_before_it():
    notice = extract_text(_LAOCAI + (
        "1. Sở Xây dựng rà soát hồ sơ thiết kế. Yêu cầu hoàn thành trước ngày 30/11/2025.\n"
        "2. Sở Nội vụ tổng hợp danh sách. Thời hạn báo cáo: trước ngày 10/12/2025.\n"))
    assert directive(notice, "rà soát hồ sơ thiết kế").deadline == "trước ngày 30/11/2025"
    assert directive(notice, "tổng hợp danh sách").deadline == "trước ngày 10/12/2025"
    assert not [r for r in notice.directives if r.text.startswith(("Yêu cầu hoàn thành", "Thời hạn"))]


def test_an_item_line_broken_after_a_title_goes_on_and_an_assigned_accountability_is_a_task():
    notice = extract_text(_LAOCAI + (
        "a) Khẩn trương thực hiện ý kiến chỉ đạo của Thủ tướng\nChính phủ, chủ động phối hợp Bộ Nội vụ tham mưu "
        "khen thưởng.\n"
        "b) Giao Giám đốc các sở, Chủ tịch UBND các xã chịu trách nhiệm trước Chủ tịch UBND tỉnh về tiến độ, báo cáo "
        "kết quả hằng tháng.\n"
        "c) Sở Tài chính chịu trách nhiệm trước Chủ tịch UBND tỉnh về số liệu báo cáo.\n"))
    assert directive(notice, "Khẩn trương thực hiện ý kiến").text.endswith("tham mưu khen thưởng.")  # one item
    accountable = directive(notice, "chịu trách nhiệm trước Chủ tịch UBND tỉnh về tiến độ")
    assert accountable.kind == "directive" and accountable.deadline == "hằng tháng"
    assert directive(notice, "về số liệu báo cáo").kind != "directive"  # answering for it, no assignment


def test_a_dispatchs_addressing_line_after_its_subject_names_who_acts():
    notice = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\nSố: 45/CĐ-UBND\nCÔNG ĐIỆN\nVề việc tập trung ứng phó với mưa lũ\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:\n- Giám đốc các sở, ban, ngành;\n- Chủ tịch UBND các xã, phường.\n"
        "Để chủ động ứng phó với mưa lũ, Chủ tịch UBND tỉnh yêu cầu:\n"
        "1. Theo dõi chặt chẽ diễn biến mưa lũ, thông tin kịp thời cho người dân.\n")
    assert directive(notice, "Theo dõi chặt chẽ").agencies == ["Giám đốc các sở, ban, ngành", "Chủ tịch UBND các xã, phường"]


def test_a_relay_to_the_body_that_collects_the_reports_is_that_bodys_task():
    notice = extract_text(_LAOCAI + (
        "1. Các sở: Tài chính, Xây dựng có ý kiến tham gia bằng văn bản gửi Sở Công Thương trong thời hạn 03 ngày làm việc "
        "kể từ ngày kết thúc cuộc họp để Sở Công Thương tổng hợp, báo cáo UBND tỉnh trước ngày 05/6/2026.\n"
        "2. Sở Nội vụ hỗ trợ, tạo điều kiện để các doanh nghiệp triển khai dự án.\n"))
    opinions = directive(notice, "có ý kiến tham gia bằng văn bản")  # "có ý kiến" without "như sau" is a task
    assert opinions.kind == "directive" and opinions.agencies == ["Sở Tài chính", "Sở Xây dựng"]
    assert opinions.deadline.startswith("trong thời hạn 03 ngày làm việc")
    relay = directive(notice, "Sở Công Thương tổng hợp, báo cáo")
    assert relay.agencies == ["Sở Công Thương"] and relay.deadline == "trước ngày 05/6/2026"
    assert directive(notice, "tạo điều kiện để các doanh nghiệp").agencies == ["Sở Nội vụ"]  # no relay there


def test_a_remit_that_opens_a_task_is_no_preamble():
    notice = extract_text(_LAOCAI + (
        "1. Các sở, ban, ngành:\n- Căn cứ chức năng, nhiệm vụ được giao, xây dựng kế hoạch cụ thể và tổ chức thực hiện.\n"
        "- Thực hiện các biện pháp bảo vệ tài nguyên nước theo thẩm quyền.\n"
        "2. Vườn quốc gia Hoàng Liên chủ động nghiên cứu, triển khai các nội dung thuộc trách nhiệm của chủ rừng.\n"))
    plan = directive(notice, "xây dựng kế hoạch cụ thể")
    assert plan.kind == "directive" and plan.action == "xây dựng" and plan.agencies == ["các sở, ban, ngành"]
    assert directive(notice, "Thực hiện các biện pháp").kind == "directive"  # "thực hiện các" is a verb with its object
    assert directive(notice, "chủ động nghiên cứu").agencies == ["Vườn quốc gia Hoàng Liên"]
    in_force = extract_text(_LAOCAI + "1. Sở Y tế rà soát hồ sơ.\nQuyết định này có hiệu lực thi hành kể từ ngày ký ban hành.\n")
    assert directive(in_force, "có hiệu lực thi hành").kind == "other"  # when a document takes effect: no task
    assigns = extract_text(_LAOCAI + "1. Quyết định có hiệu lực kể từ ngày ký và giao Sở Y tế tổ chức thực hiện.\n")
    assert directive(assigns, "giao Sở Y tế").kind == "directive"


def test_a_title_in_capitals_is_no_task_however_long():
    title = ("KẾ HOẠCH THỰC HIỆN THÔNG BÁO KẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ TẠI CUỘC HỌP VỀ TÌNH HÌNH THỰC HIỆN NGHỊ "
             "QUYẾT SỐ 66-NQ/TW NGÀY 30/4/2025 CỦA BỘ CHÍNH TRỊ VỀ ĐỔI MỚI CÔNG TÁC XÂY DỰNG VÀ THI HÀNH PHÁP LUẬT ĐÁP ỨNG "
             "YÊU CẦU PHÁT TRIỂN ĐẤT NƯỚC TRONG KỶ NGUYÊN MỚI VÀ NGHỊ QUYẾT SỐ 140/NQ-CP NGÀY 17/5/2025 CỦA CHÍNH PHỦ")
    assert len(title) > 300
    lines = "\n".join(title[i:i + 80] for i in range(0, len(title), 80))  # a title broken over lines, as typed
    notice = extract_text("VĂN PHÒNG CHÍNH PHỦ\nSố: 659/TB-VPCP\nHà Nội, ngày 29 tháng 11 năm 2025\nTHÔNG BÁO\n" + lines
                          + "\n1. Sở Tư pháp chủ trì rà soát văn bản quy phạm pháp luật, hoàn thành trong tháng 12/2025.\n")
    assert [r.text for r in notice.records if r.kind == "directive"] == [
        "Sở Tư pháp chủ trì rà soát văn bản quy phạm pháp luật, hoàn thành trong tháng 12/2025."]


def test_a_plans_subject_line_under_its_type_word_is_no_task():
    notice = extract_text("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 172/KH-UBND\nKẾ HOẠCH\nTriển khai thi hành Luật Việc làm\n"
                          "Căn cứ Luật Việc làm ngày 16 tháng 6 năm 2025;\nII. NỘI DUNG\n"
                          "1. Tổ chức quán triệt, phổ biến Luật Việc làm\na) Cơ quan chủ trì: Sở Nội vụ.\n"
                          "b) Thời gian thực hiện: Quý IV năm 2025.\n")
    assert notice.meta.title == "Triển khai thi hành Luật Việc làm"
    tasks = [r for r in notice.records if r.kind == "directive"]
    assert [r.text for r in tasks] == ["Tổ chức quán triệt, phổ biến Luật Việc làm"] and tasks[0].agencies == ["Sở Nội vụ"]


def test_a_dispatch_asks_coastal_communes_and_a_body_to_notify_boat_owners():
    notice = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/CĐ-UBND\nCÔNG ĐIỆN\nVề việc chủ động ứng phó với bão số 13\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:\n- Giám đốc các Sở, Thủ trưởng các ban, ngành;\n"
        "- Chủ tịch UBND các xã, phường, đặc khu.\nĐể chủ động ứng phó, Chủ tịch UBND tỉnh yêu cầu:\n"
        "1. Chủ tịch UBND các xã, phường ven biển tổ chức sơ tán người dân ra khỏi khu vực nguy hiểm, hoàn thành trước "
        "17 giờ ngày 05/11/2025.\n"
        "2. Bộ Chỉ huy Bộ đội Biên phòng tỉnh thông báo cho chủ các phương tiện đang hoạt động trên biển biết, không ra khơi.\n"
        "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.\n")
    evacuate = directive(notice, "tổ chức sơ tán người dân")
    assert evacuate.kind == "directive" and evacuate.agencies == ["Chủ tịch UBND các xã, phường"] and evacuate.action == "tổ chức"
    assert evacuate.deadline == "trước 17 giờ ngày 05/11/2025"
    notify = directive(notice, "thông báo cho chủ các phương tiện")  # a body asked to notify is no speaker
    assert notify.kind == "directive" and notify.agencies == ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]
    assert directive(notice, "Văn phòng UBND tỉnh thông báo để").kind == "other"  # the notice's own closing


def test_a_party_notices_title_in_capitals_with_its_lowercase_subject_is_no_task():
    notice = extract_text("TỈNH ỦY ĐẮK LẮK\nSố: 45-TB/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nĐắk Lắk, ngày 12 tháng 11 năm 2025\nTHÔNG BÁO\n"
                          "KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề công tác phòng, chống tham nhũng năm 2025\n"
                          "Ban Thường vụ Tỉnh ủy kết luận như sau:\n"
                          "1. Ủy ban Kiểm tra Tỉnh ủy tăng cường kiểm tra, giám sát tổ chức đảng và đảng viên.\n")
    assert notice.meta.title == "KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY về công tác phòng, chống tham nhũng năm 2025"
    assert [r.agencies for r in notice.records if r.kind == "directive"] == [["Ủy ban Kiểm tra Tỉnh ủy"]]


def test_a_directive_documents_lead_in_with_problem_words_is_no_problem():
    notice = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\nSố: 12/CT-UBND\nĐắk Lắk, ngày 26 tháng 11 năm 2025\nCHỈ THỊ\n"
        "Về việc đẩy mạnh cải cách thủ tục hành chính\n"
        "Để khắc phục tồn tại, hạn chế nêu trên, Chủ tịch UBND tỉnh chỉ thị:\n"
        "1. Giám đốc các sở, Thủ trưởng các ban, ngành\n"
        "a) Rà soát, cắt giảm tối thiểu 30% thời gian giải quyết thủ tục hành chính, hoàn thành trong quý I/2026.\n")
    assert directive(notice, "Để khắc phục tồn tại").kind == "other"  # "chỉ thị:" announces, as "kết luận:" does
    task = directive(notice, "cắt giảm tối thiểu 30%")
    assert task.kind == "directive" and task.agencies == ["Giám đốc các sở", "Thủ trưởng các ban, ngành"]


def test_a_lowercase_task_under_a_title_in_capitals_stays_a_task_and_a_named_bodys_closing_is_none():
    plan = extract_text("UBND TỈNH LÀO CAI\nSố: 10/KH-UBND\nLào Cai, ngày 10 tháng 11 năm 2025\nKẾ HOẠCH\n"
                        "TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW\n"
                        "giao Sở Khoa học và Công nghệ chủ trì triển khai, báo cáo UBND tỉnh trước ngày 20/12/2025\n"
                        "I. MỤC ĐÍCH\n1. Sở Tài chính bố trí kinh phí.\n")
    assert plan.meta.title == "TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW"  # a verb after it opens the body
    task = directive(plan, "giao Sở Khoa học và Công nghệ chủ trì")
    assert task.kind == "directive" and task.agencies == ["Sở Khoa học và Công nghệ"] and task.deadline == "trước ngày 20/12/2025"
    notice = extract_text(_LAOCAI + "1. Sở Tài chính bố trí kinh phí.\nSở Nội vụ thông báo tới các cơ quan, đơn vị được biết./.\n")
    assert directive(notice, "Sở Nội vụ thông báo tới").kind == "other"  # a closing, whoever names it


def test_a_collective_singled_out_by_a_shortfall_is_asked_only_through_a_modal():
    notice = extract_text(_LAOCAI + (
        "1. Các sở, ngành, địa phương chưa hoàn thành nhiệm vụ được giao phải giải trình cụ thể tại phiên họp tháng 01/2026.\n"
        "2. Một số đơn vị chưa quyết liệt trong chỉ đạo, điều hành.\n"))
    explain = directive(notice, "phải giải trình")
    assert explain.kind == "directive" and explain.agencies == ["các sở, ngành, địa phương"] and explain.action == "giải trình"
    assert directive(notice, "chưa quyết liệt").kind != "directive"  # a shortfall stated, nothing asked


def test_an_assignment_without_a_full_stop_takes_the_fields_listed_under_it():
    notice = extract_text(_LAOCAI + "3. Giao Sở Nội vụ tham mưu phương án sắp xếp\n- Cơ quan phối hợp: Sở Tài chính.\n"
                                    "- Thời gian: trước ngày 15/12/2025.\n")
    task = directive(notice, "Giao Sở Nội vụ tham mưu")
    assert task.kind == "directive" and task.agencies == ["Sở Nội vụ"] and task.cooperating == ["Sở Tài chính"]
    assert task.deadline == "trước ngày 15/12/2025"
