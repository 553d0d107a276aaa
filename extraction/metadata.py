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
# The place and a date whose day is left blank for the digital signature ("Lào Cai, ngày      tháng 6 năm 2026").
_PLACE_MONTH = re.compile(
    rf"[{UPPER}][\w.]*(?:[ \t]+[{UPPER}][\w.]*){{0,4}},\s*ngày\s*[\s./…]*\s+tháng\s+(?P<m>\d{{1,2}})\s+năm\s+(?P<y>\d{{4}})")
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


_TITLE_STOP = re.compile(r"(Ngày|Từ ngày|Kính gửi|Thực hiện|Căn cứ|Theo\b|Hôm nay|Số\b|Chủ trì|Thành phần|Tham dự|Dự họp"
                         r"|[IVX]+\.\s|\d+\.\s|[a-zđ]\)\s)")  # the body's first heading or item ends the title
# Lowercase words that carry a title in capitals on ("KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY / về công tác ..."),
# not a body line that opens on a verb ("giao Sở Khoa học và Công nghệ chủ trì ...").
_TITLE_GOES_ON = re.compile(r"(?:về|tại|của|đối với|trong|trên|cho|năm|giai đoạn|nhiệm kỳ|đến năm|và|lần thứ|khóa|kỳ họp)\s")
_HEADER_STOP = re.compile(r"(Kính gửi|Số\s*[:.]|CỘNG\b|Độc lập|Hạnh phúc|-{3,})|.*\bngày\s+\S*\s*tháng\b", re.IGNORECASE)
_VV = re.compile(r"(?:^|[\s|*(])(?:V/v|Về việc)\s*[:.]?\s*(?P<t>[^|*]+)", re.IGNORECASE)


def _bare(line: str) -> str:
    """A line without markdown emphasis, heading marks and table bars at its ends."""
    return re.sub(r"\s+", " ", line.replace("<br>", " ").strip(" |*#_>")).strip()


def _vv_title(lines: list[str], index: int, first: str) -> str:
    """A "V/v ..." subject and the lines it runs on to (the header's left column)."""
    parts = [first.strip()]
    closed = "*" in lines[index][lines[index].find(first[:10]) + len(first[:10]):] if first else False
    for follow in lines[index + 1:index + 5]:
        if closed or re.search(r"V/v", follow, re.IGNORECASE):
            break
        left = re.split(r"\s{3,}|\|", follow.strip(" |"))[0]
        cell = _bare(left)
        if not cell or _HEADER_STOP.match(cell) or len(" ".join(parts)) > 250:
            break
        parts.append(cell)
        closed = left.rstrip().endswith("*")
    return re.sub(r"\s+", " ", " ".join(parts)).strip(" .*")


def _title(lines: list[str]) -> str | None:
    for index, raw_line in enumerate(lines[:40]):
        line = _bare(raw_line)
        head = line.split(":")[0].strip()
        kind = next((word for word in _TYPE_WORDS if head.upper().startswith(word + " ") and head.isupper()), None)
        if (head.upper() in _TYPE_WORDS and (head.isupper() or head == line)) or kind:
            rest = head[len(kind):].strip() if kind else ""
            parts = [rest] if rest else [] if head == line else [line.split(":", 1)[1].strip()]
            for raw_follow in lines[index + 1:index + 6]:
                follow = _bare(raw_follow)
                if not follow or _TITLE_STOP.match(follow) and not (not parts and follow.startswith("Thực hiện")) \
                        or (parts and follow.startswith("(")) \
                        or (parts and not follow.isupper() and parts[-1].isupper() and not _TITLE_GOES_ON.match(follow)) \
                        or (parts and follow[:1].isupper() and not follow.isupper() and follow.endswith((".", ":"))):
                    break
                parts.append(follow)
                if not follow.isupper() and follow.endswith((".", ":")):
                    break
            title = " ".join(p.strip() for p in parts if p.strip())
            if kind and len(title.split()) < 4 and len(parts) == 1:
                title = line  # "BIÊN BẢN LÀM VIỆC": the heading is the title
            if title:
                return title
            continue
        vv = _VV.search(line) if re.search(r"V/v", line, re.IGNORECASE) or line.startswith("Về việc") else None
        if vv and vv.group("t").strip():
            return _vv_title(lines, index, vv.group("t")) or None
        number_about = re.match(r"Số\b.{0,40}?\bvề việc\s+(.+)", line)
        if number_about:
            return number_about.group(1).strip(" .")
    return None


_MOTTO = re.compile(r"C[ỘỌ]NG(?:\s+H[OÒ]À)?|(?:H[OÒ]À\s+)?XÃ HỘI CHỦ|CHỦ NGHĨA|VIỆT NAM$|ĐỘC LẬP|ĐẢNG CỘNG|SẢN VIỆT NAM")
_UNIT_START = re.compile(r"(?:ỦY|UỶ) BAN|UBND|HĐND|HỘI ĐỒNG|BỘ\b|SỞ\b|VĂN PHÒNG|BAN\b|CỤC\b|TỔNG CỤC|CHI CỤC|ĐẢNG (?:ỦY|UỶ|BỘ)"
                         r"|ĐOÀN\b|THỦ TƯỚNG|TRUNG TÂM|PHÒNG\b|THANH TRA|CÔNG AN|BỘ CHỈ HUY|TỈNH ỦY|THÀNH ỦY|HUYỆN ỦY")
_PLACES = r"tỉnh|thành phố|huyện|thị xã|xã|phường|quận|thị trấn"
_PLACE = re.compile(rf"\b({_PLACES})\s+([{UPPER}][^\s,;]*(?:\s+[{UPPER}][^\s,;]*){{0,3}})$")
_BARE_PLACE = re.compile(rf"\b({_PLACES})$", re.IGNORECASE)


def _letterhead(lines: list[str]) -> list[str]:
    """The issuing body's lines at the top left, before the number (the national motto, set in
    the right column or on the same line, left out)."""
    if not any(_MOTTO.search(line.upper()) for line in lines[:12]):
        return []  # no national motto: no letterhead either
    rows: list[list[str]] = []
    for line in lines[:12]:
        cells = [re.sub(r"[-_=*]{2,}", " ", c) for c in re.split(r"\s{3,}|\|", line)]
        cells = [_bare(c) for c in cells if _bare(c).strip("-_=*. ")]
        if cells:  # a table cell's own lines ("A<br>B") are lines of the letterhead
            parts = cells[0].split("<br>") if "<br>" in line else [cells[0]]
            rows.extend([_bare(part)] + (cells[1:] if i == 0 else []) for i, part in enumerate(parts) if _bare(part))
    out: list[str] = []
    for cells in rows:
        left = cells[0]
        motto = _MOTTO.search(left.upper())
        if motto:
            left = left[:motto.start()].strip(" -,")
            if not left:
                if out and len(cells) == 1:
                    break  # the motto alone, under the letterhead: it has ended
                continue
        if re.match(r"(Số|V/v|Về việc)\b", left, re.IGNORECASE) or _PLACE_DATE.search(left) \
                or any(left.upper().startswith(w) for w in _TYPE_WORDS):
            break
        if left.isupper() and not re.search(r"\d", left):
            out.append(left)
        elif out:
            break
    return out


def _split_units(lines: list[str]) -> list[str]:
    """Letterhead lines grouped into bodies: a line that names a new body starts one."""
    units: list[str] = []
    for line in lines:
        if units and (not _UNIT_START.match(line) or re.match(r"(VÀ|-)\s", line) or " " not in units[-1]):
            units[-1] += " " + line
        else:
            units.append(line)
    return units


def _compose(units: list[str]) -> str:
    """One name from the letterhead's bodies, parent first: "UBND XÃ TÂN LẬP / VĂN PHÒNG" is the
    office of UBND xã Tân Lập; "UBND TỈNH LÀO CAI / SỞ CÔNG THƯƠNG" is Lào Cai's department."""
    names = [_sentence_case(unit) for unit in units]
    if len(names) == 1:
        return names[0]
    parent, child = names[0], names[-1]
    place = _PLACE.search(parent)
    if child.lower() == "văn phòng":
        return "Văn phòng Trung ương Đảng" if parent.startswith("Ban Chấp hành Trung ương") else f"Văn phòng {parent}"
    if _PLACE.search(child) or child.lower() in ("thủ tướng chính phủ", "văn phòng chính phủ"):
        return child
    bare = _BARE_PLACE.search(child)
    if bare and place:
        return f"{child} {place.group(2)}"
    if place:
        return f"{child} {place.group(1).lower()} {place.group(2)}"
    return f"{child} - {parent}"


def _issuer(lines: list[str], text: str) -> str | None:
    head = _letterhead(lines)
    if head:
        return _compose(_split_units(head))
    dispatch = re.search(rf"^([{UPPER}][{UPPER} ]+?)\s+điện\s*:", text, re.MULTILINE)
    if dispatch:
        return _sentence_case(dispatch.group(1))
    closing = re.search(r"(Văn phòng [^,.;\n]{3,60}?)\s+(?:xin\s+|trân trọng\s+)?thông báo", text)
    if not closing:
        return None
    name = closing.group(1)
    bare = re.search(r"\b(xã|phường)$", name)
    if bare:  # "Văn phòng HĐND và UBND xã": the commune is named elsewhere in the notice
        named = re.search(rf"\b(?:UBND|Ủy ban nhân dân|HĐND) {bare.group(1)} ([{UPPER}]\w*(?:[ \t]+[{UPPER}]\w*){{0,3}})", text)
        if named:
            name = f"{name} {named.group(1)}"
    return name


_PROPER = {"chính phủ": "Chính phủ", "quốc hội": "Quốc hội", "trung ương": "Trung ương",
           "việt nam": "Việt Nam", "ubnd": "UBND", "hđnd": "HĐND", "đảng": "Đảng", "nhà nước": "Nhà nước",
           "đbqh": "ĐBQH", "công thương": "Công Thương", "ủy ban nhân dân": "Ủy ban nhân dân",
           "uỷ ban nhân dân": "Uỷ ban nhân dân", "ban chấp hành trung ương": "Ban Chấp hành Trung ương"}


def _sentence_case(name: str) -> str:
    """"VĂN PHÒNG CHÍNH PHỦ" -> "Văn phòng Chính phủ", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" -> "Bộ Nông
    nghiệp và Môi trường"; place names after tỉnh/xã keep capitals."""
    text = re.sub(r"\s+", " ", name.strip()).lower()
    for low, proper in _PROPER.items():
        text = re.sub(rf"\b{low}\b", proper, text, flags=re.IGNORECASE)
    place = re.search(rf"\b({_PLACES}) (.+)$", text)
    if place and not place.group(2).startswith(("Chính phủ", "Trung ương")):
        text = text[:place.start(2)] + place.group(2).title()
    field = re.match(r"(bộ|sở|tổng cục|chi cục|cục) ", text)
    if field:  # a ministry's or department's field: each part's first word is capitalised
        head = text[:place.start()] if place else text
        head = re.sub(r"(^(?:bộ|sở|tổng cục|chi cục|cục) |\bvà |, |- )(\w)", lambda m: m.group(1) + m.group(2).upper(), head)
        text = head + (text[place.start():] if place else "")
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


_PRESIDED = [  # who presided, said outright
    re.compile(r"dưới sự chủ trì của\s+(?P<who>[^.;\n]{3,160})"),
    re.compile(r"(?:^|\s)(?:\d+\.\s*)?Chủ trì\W*:\W*(?P<who>[^.;\n]{3,160})"),
    re.compile(r"\bdo\s+(?P<who>(?:đồng chí|đ/c|ông|bà|Thủ tướng|Phó Thủ tướng|Chủ tịch|Phó Chủ tịch|Bộ trưởng|Giám đốc)"
               r"[^.;\n]{3,160}?)\s+(?:làm\s+)?chủ trì"),
]
_PLACE_NAMES = {"Hà Nội", "Hà Tĩnh", "Hà Giang", "Hà Nam", "Lâm Đồng", "Cao Bằng", "Lào Cai", "Thái Nguyên",
                "Thái Bình", "Lai Châu", "Quảng Ninh", "Đồng Nai", "Đồng Tháp", "Vĩnh Long", "Kim Sơn"}


def _name_in(words_text: str) -> str | None:
    """The first person's name in a phrase ("Phó Chủ tịch UBND tỉnh Nguyễn Văn A, ..."): two to
    four capitalised words, the first a surname, not a place."""
    words = re.findall(r"[^\s,;:()]+", words_text)
    for i, word in enumerate(words):
        if word not in _SURNAMES or word.isupper():
            continue
        if word in ("Ông", "Bà") and i + 1 < len(words) and words[i + 1] in _SURNAMES:
            continue  # "Ông Nguyễn Văn Hùng": the title, not the surname Ông
        name = [word]
        for follow in words[i + 1:i + 4]:
            if not follow[:1].isupper() or follow.isupper() or follow in ("Phó", "Chủ", "Bí", "Ủy", "Trưởng"):
                break
            name.append(follow)
        if len(name) >= 2 and " ".join(name[:2]) not in _PLACE_NAMES:
            return " ".join(name)
    return None


def _title_chair(title: str | None) -> str | None:
    """"KẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ LÊ THÀNH LONG TẠI ..." -> "Lê Thành Long"."""
    if not title:
        return None
    found = re.search(r"(?:THỦ TƯỚNG(?: THƯỜNG TRỰC)?(?: CHÍNH PHỦ)?|CHỦ TỊCH [A-ZĐ ]{0,40}?|BỘ TRƯỞNG(?: BỘ [A-ZĐ ]{2,40}?)?) "
                      r"(?P<name>(?:[^\W\d]+ ){1,3}[^\W\d]+?)(?= TẠI| VỀ| -|,|$)", title.upper())
    if not found or not title.isupper():
        return None
    return _person(found.group("name").title())


def _chair(clean: str, title: str | None) -> str | None:
    head = clean[:6000]
    for pattern in _PRESIDED:
        for found in pattern.finditer(head):
            name = _name_in(found.group("who"))
            if name:
                return name
    chair = _CHAIR.search(head) or _CHAIR_SENTENCE.search(head)
    name = _person(chair.group("name")) if chair else None
    if name is None and chair:
        second = _CHAIR_SENTENCE.search(head)
        name = _person(second.group("name")) if second else None
    return name or _title_chair(title)


_SIGN_TITLE = re.compile(r"(?:KT|TM|TL|TUQ|Q)\.|(?:PHÓ |CHỦ TỊCH|BỘ TRƯỞNG|THỨ TRƯỞNG|GIÁM ĐỐC|CHÁNH |CHỦ NHIỆM|CỤC TRƯỞNG"
                         r"|TRƯỞNG |THỦ TƯỚNG|BÍ THƯ|VỤ TRƯỞNG|TỔNG GIÁM ĐỐC|CHI CỤC TRƯỞNG|TRƯỞNG ĐOÀN)")


def _cells(lines: list[str]) -> list[str]:
    """The lines' pieces: table cells, and columns set apart by runs of spaces."""
    out = []
    for line in lines:
        for cell in line.split("|"):
            out.extend(_bare(part) for part in re.split(r"\s{3,}|<br>", cell) if _bare(part).strip("-_=*. "))
    return out


def _name_cell(cell: str) -> str | None:
    """A person's name making up the cell, or ending it after title words in capitals
    ("PHÓ CHỦ NHIỆM Nguyễn Sỹ Hiệp")."""
    cell = re.sub(r"\((?:đã ký|Đã ký|ký)[^)]*\)", "", cell).strip(" .")
    words = cell.replace(".", " ").split()
    run: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() and not word.isupper() and len(run) < 5:
            run.insert(0, word)
        else:
            break
    if len(run) < 2 or (len(run) < len(words) and not words[len(words) - len(run) - 1].isupper()):
        return None
    return _person(" ".join(run))


def _signed(cells: list[str]) -> str | None:
    """The first name under a signature title ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")."""
    since = None
    for index, cell in enumerate(cells):
        if _SIGN_TITLE.match(cell) and cell.split()[0].isupper():
            since = index
        if since is None or index - since > 6 or cell.startswith(("-", "+", "Nơi nhận")):
            continue
        name = _name_cell(cell)
        if name is None and cell in _SURNAMES and index + 1 < len(cells):  # "Phạm" / "Mạnh Cường"
            name = _name_cell(f"{cell} {cells[index + 1]}")
        if name:
            return name
    return None


def _signer(lines: list[str]) -> str | None:
    cells = _cells(lines)
    starts = [i for i, cell in enumerate(cells) if cell.startswith("Nơi nhận")]
    windows = [cells[max(0, starts[-1] - 12):starts[-1] + 60]] if starts else []
    for window in [*windows, cells[-60:]]:
        name = _signed(window)
        if name:
            return name
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
    elif place_month := _PLACE_MONTH.search(head_text):  # the month only (the place before it is less sure)
        meta.issue_month = f"{int(place_month.group('y')):04d}-{int(place_month.group('m')):02d}" \
            if 1 <= int(place_month.group("m")) <= 12 else None
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
    meta.chair = _chair(clean, meta.title)
    meta.signer = _signer(lines)
    return meta
