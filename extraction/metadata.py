"""Notice metadata: issuer, number, place and dates, title, type, chair and signer.

Read from the header, the opening paragraph and the signature block. What the text does not
state stays None: nothing is guessed."""
from __future__ import annotations

import re
from datetime import date

from extraction.records import NoticeMeta
from extraction.textnorm import UPPER, nfc

DOC_TYPES = {
    "TB": "Thông báo", "CV": "Công văn", "CĐ": "Công điện", "KH": "Kế hoạch", "BB": "Biên bản",
    "CT": "Chỉ thị", "KL": "Kết luận", "QĐ": "Quyết định", "BC": "Báo cáo",
}
_TYPE_WORDS = {name.upper(): name for name in DOC_TYPES.values()}
_NUMBER = re.compile(r"Số\s*[:.]?\s*(?P<n>\d+[A-Za-z]?\s*/\s*[A-ZĐa-zđ0-9&\-./]+[A-ZĐa-zđ0-9])|Số\s*[:.]?\s*(?P<blank>/|\.{2,}|…)\s*/?\s*[A-ZĐ]")
_PLACE_DATE = re.compile(
    rf"(?P<place>[{UPPER}][\w.]*(?:\s+[{UPPER}][\w.]*){{0,4}}),\s*ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})\s+năm\s+(?P<y>\d{{4}})")
_DMY = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_MEETING = re.compile(
    rf"(?:[Nn]gày|[Tt]ừ ngày)\s+(?:{_DMY})?(?P<day>\d{{1,2}})?(?:\s+đến ngày\s+\d{{1,2}})?(?:\s+tháng\s+(?P<m2>\d{{1,2}})\s+năm\s+(?P<y2>\d{{4}}))?"
    r"[^.\n]{0,160}?(?:họp|hội nghị|làm việc|phiên|buổi|cuộc)")
_NAME = r"(?P<name>\w+(?:\s+\w+){1,3})"
_CHAIR = re.compile(
    r"(?:[Kk]ết luận|[Ýý] kiến chỉ đạo|ý kiến kết luận)\s+của\s+(?:đồng chí\s+)?"
    r"(?:(?:Phó\s+)?Thủ tướng(?:\s+Chính phủ)?\s+|(?:Phó\s+)?Chủ tịch\s+[^,\n]{0,60}?\s+|Bộ trưởng\s+[^,\n]{0,60}?\s+"
    r"|Giám đốc\s+[^,\n]{0,40}?\s+|Chánh Văn phòng\s+[^,\n]{0,40}?\s+|Trưởng Ban\s+[^,\n]{0,60}?\s+)?" + _NAME)
_CHAIR_SENTENCE = re.compile(
    r"(?:đồng chí|Thủ tướng Chính phủ|Phó Thủ tướng(?: Chính phủ)?|Chủ tịch UBND [\wÀ-ỹ ]{1,30}?|Bộ trưởng [\wÀ-ỹ ]{1,30}?)\s+"
    + _NAME + r"[^.\n]{0,120}?(?:kết luận|chủ trì)")
_SURNAMES = set("""Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương
Trịnh Trương Đinh Lâm Phùng Mai Tô Hà Tạ Lương Lưu Chu Cao Thái Quách Kiều Nông Lò Hứa Giàng Triệu
Tăng Tống Khổng Đàm Vi Lục Lại Bế Mạc Thân La Ninh Châu Diệp Hầu Doãn Âu Ông Quan Khúc Lã Kim Hàn
Thạch Sơn Văn Tiêu Nghiêm Kha Lò Cầm Hạ Mông Đồng Trình Từ Viên Ứng""".split())
_NOT_NAME = ("Nơi", "Lưu", "Các", "Bộ", "Sở", "Văn", "Phòng", "Trang", "Cổng", "Ban", "Thủ", "Chủ",
             "Phó", "Giám", "Kính", "Thành", "Tỉnh", "Đảng", "Trung", "Cục", "Hội", "Ủy", "Thông")


def _iso(day: int | str, month: int | str, year: int | str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _doc_type(header: list[str], number: str | None) -> str | None:
    for line in header:
        first = line.split(":")[0].strip()
        for word, name in _TYPE_WORDS.items():
            if first.upper().startswith(word) and (first.isupper() or len(first) <= len(word) + 2):
                return name
    if number:
        suffix = number.split("/", 1)[1]
        code = suffix.split("-")[0].upper()
        if code in DOC_TYPES:
            return DOC_TYPES[code]
        return "Công văn"
    return None


def _title(lines: list[str]) -> str | None:
    for index, line in enumerate(lines[:40]):
        head = line.split(":")[0].strip()
        if head.upper() in _TYPE_WORDS and (head.isupper() or head == line.strip()):
            parts = [] if head == line.strip() else [line.split(":", 1)[1].strip()]
            for follow in lines[index + 1:index + 6]:
                if not follow or re.match(r"(Ngày|Từ ngày|Kính gửi|Thực hiện|Căn cứ|Theo)\b", follow) \
                        or (parts and not follow.isupper() and parts[-1].isupper()):
                    break
                parts.append(follow)
                if not follow.isupper() and follow.endswith((".", ":")):
                    break
            return " ".join(p.strip() for p in parts) or None
        vv = re.match(r"(?:V/v|Về việc)[:.]?\s*(.+)", line.strip())
        if vv:
            return vv.group(1).strip()
    return None


def _issuer(lines: list[str], text: str) -> str | None:
    for index, line in enumerate(lines[:12]):
        if "CỘNG HÒA XÃ HỘI" in line.upper() or "CỘNG HOÀ XÃ HỘI" in line.upper():
            before = [l.strip(" |") for l in lines[:index] if l.strip(" |-_") and l.strip(" |").isupper()]
            if before:
                return _sentence_case(" ".join(before))
    dispatch = re.search(rf"^([{UPPER}][{UPPER} ]+?)\s+điện\s*:", text, re.MULTILINE)
    if dispatch:
        return _sentence_case(dispatch.group(1))
    closing = re.search(r"(Văn phòng [^,.;\n]{3,60}?)\s+(?:xin\s+|trân trọng\s+)?thông báo", text)
    return closing.group(1) if closing else None


_PROPER = {"chính phủ": "Chính phủ", "quốc hội": "Quốc hội", "trung ương": "Trung ương",
           "việt nam": "Việt Nam", "ubnd": "UBND", "hđnd": "HĐND", "đảng": "Đảng", "nhà nước": "Nhà nước"}


def _sentence_case(name: str) -> str:
    """"VĂN PHÒNG CHÍNH PHỦ" -> "Văn phòng Chính phủ"; place names after tỉnh/xã keep capitals."""
    text = re.sub(r"\s+", " ", name.strip()).lower()
    for low, proper in _PROPER.items():
        text = re.sub(rf"\b{low}\b", proper, text)
    text = re.sub(r"\b(tỉnh|thành phố|huyện|xã|phường|quận|bộ|sở) (.+)$",
                  lambda m: m.group(1) + " " + m.group(2).title(), text)
    return text[:1].upper() + text[1:]


def _person(name: str | None) -> str | None:
    """Keep the capitalised words of a matched name; None unless it opens with a surname."""
    if not name:
        return None
    words = []
    for word in name.split():
        if not word[:1].isupper():
            break
        words.append(word)
    return " ".join(words) if len(words) >= 2 and words[0] in _SURNAMES else None


def _signer(lines: list[str]) -> str | None:
    tail = [cell.strip() for line in lines[-40:] for cell in line.split("|") if cell.strip()]
    for line in reversed(tail):
        words = line.replace(".", "").split()
        if 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words) \
                and not line.startswith(_NOT_NAME):
            return _person(line.strip(" ."))
    return None


def extract_metadata(raw: str, clean: str) -> NoticeMeta:
    """Metadata from the raw text (header lines as they were) and the clean text (sentences)."""
    lines = [nfc(line).strip() for line in raw.splitlines() if line.strip()]
    head_text = "\n".join(lines[:30])
    meta = NoticeMeta()
    number = _NUMBER.search(head_text)
    if number and number.group("n"):
        meta.number = re.sub(r"\s+", "", number.group("n"))
    place_date = _PLACE_DATE.search(head_text)
    if place_date:
        meta.place = place_date.group("place")
        meta.issue_date = _iso(place_date.group("d"), place_date.group("m"), place_date.group("y"))
    body_start = clean[:6000]
    meeting = _MEETING.search(body_start)
    if meeting:
        g = meeting.groups()
        if g[0]:
            meta.meeting_date = _iso(g[0], g[1], g[2])
        elif g[3]:
            meta.meeting_date = _iso(g[3], g[4], g[5])
        elif meeting.group("day") and meeting.group("m2"):
            meta.meeting_date = _iso(meeting.group("day"), meeting.group("m2"), meeting.group("y2"))
    meta.doc_type = _doc_type(lines[:30], meta.number)
    meta.title = _title(lines)
    meta.issuer = _issuer(lines, clean)
    chair = _CHAIR.search(clean[:6000]) or _CHAIR_SENTENCE.search(clean[:6000])
    meta.chair = _person(chair.group("name")) if chair else None
    if meta.chair is None and chair:
        second = _CHAIR_SENTENCE.search(clean[:6000])
        meta.chair = _person(second.group("name")) if second else None
    meta.signer = _signer(lines)
    return meta
