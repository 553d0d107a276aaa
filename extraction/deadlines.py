"""Deadlines: the phrase that gives a task's time limit, the date it means, and periodic duties.

"trước ngày 30/4/2024" -> 2024-04-30; "16 giờ ngày 30/7/2026" -> 2026-07-30; "trong quý IV"
-> the quarter's last day; "trước Tết Nguyên đán năm 2026" -> the eve of Tết (data/tet.tsv), "trước
Tết Dương lịch 2026" -> 2025-12-31;
"trong 7 ngày" -> the notice's date + 7; "trước mùa mưa bão" -> no date. "hằng tuần", "định kỳ
hằng quý", "hằng tháng trước ngày 25" are a recurrence, not one date."""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from extraction.document import Clause, NoticeDoc
from extraction.wordlists import tsv_rows

_WEEKDAYS = ("hai", "ba", "tư", "năm", "sáu", "bảy")  # thứ Hai (Monday) ... thứ Bảy
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:\s*(?:/|năm)\s*\d{4})"
_DATE = rf"\d{{1,2}}\s*[/.-]\s*\d{{1,2}}(?:\s*[/.-]\s*\d{{2,4}})?|\d{{1,2}}\s+tháng\s+\d{{1,2}}{_YEAR}?"
# "16 giờ", "16 giờ 30 phút", "16h00", "9h30’" (not "5 ha"), "sáng", then an optional comma before the day
_TIME = (r"(?:\d{1,2}\s*(?:giờ|h(?![^\W\d_]))(?:\s*\d{1,2}(?:\s*(?:phút|'|’))?)?(?:\s*(?:sáng|chiều|tối))?"
         r"|sáng|chiều|trưa|tối)\s*,?")
_PERIOD = (rf"(?:ngày\s+)?(?:{_DATE})|(?:cuối\s+|đầu\s+|giữa\s+)?tháng\s+\d{{1,2}}{_YEAR}?|(?:cuối\s+)?quý\s+(?:IV|I{{1,3}}|[1-4]){_YEAR}?"
           rf"|(?:cuối\s+|giữa\s+|đầu\s+)?năm\s+\d{{4}}|(?:\d{{1,2}}|những|các)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{{4}})?"
           rf"|tuần\s+(?:đầu|cuối|này|tới|sau)[^,;.()]{{0,40}}|cuối\s+(?:tháng|năm|quý)(?:\s+này|\s+nay)?")
_WEEKDAY = rf"thứ\s+(?:{'|'.join(_WEEKDAYS)}|[2-7])|chủ\s+nhật"  # "16 giờ 00 ngày thứ Sáu" (read ignoring case)
_EVENT = (r"(?:Tết|tết)(?:\s+Nguyên\s+[Đđ]án|\s+[Dd]ương\s+lịch)?(?:\s+(?:Bính Ngọ|Đinh Mùi|Ất Tỵ))?(?:\s+(?:năm\s+)?\d{4})?|mùa\s+mưa(?:\s+bão|\s+lũ)?(?:\s+năm\s+\d{4})?|mùa\s+khô(?:\s+năm\s+\d{4})?"
          r"|kỳ\s+họp[^,;.()]{0,60}|phiên\s+họp[^,;.()]{0,60}|dịp[^,;.()]{0,60}|ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}[^,;()]{0,10}")
_PHRASE = re.compile(
    rf"(?P<phrase>(?:(?:chậm nhất|muộn nhất|hạn chót|hạn cuối)\s+(?:là\s+)?(?:trước\s+|vào\s+|trong\s+)?(?:{_TIME}\s+)?(?:{_PERIOD})"
    rf"|(?:trong\s+tuần\s+)?từ\s+ngày\s+\d{{1,2}}(?:\s*[/.-]\s*\d{{1,2}}(?:\s*[/.-]\s*\d{{4}})?)?\s+đến\s+(?:hết\s+)?ngày\s+(?:{_DATE})"
    rf"|(?:trước|trong|ngay trong|vào|đến hết|đến|hết|xong|từ nay đến(?: hết)?)\s+(?:thời điểm\s+|thời hạn\s+)?(?:{_TIME}\s+)?(?:{_PERIOD})"
    rf"|{_TIME}\s+(?:ngày\s+)?(?:{_DATE})"
    rf"|trước\s+(?:{_EVENT})"
    rf"|tại\s+(?:kỳ|phiên)\s+họp\s+(?:thường lệ|thường kỳ|cuối năm|giữa năm|tháng|tới|gần nhất|thứ|lần|chuyên đề)[^,;.()]{{0,50}}"
    rf"|ngay sau khi[^,;.()]*"
    rf"|(?:trong|trong vòng|trong thời hạn|trong thời gian|sau)\s+(?:\d{{1,3}}|mười|mười lăm|hai mươi|ba mươi)\s+(?:ngày|tuần|tháng)"
    rf"(?:\s+làm việc)?(?:\s+kể từ(?:(?!\s+để\s)[^,;.()])*)?"
    rf"|(?:[Tt]hời hạn|[Tt]hời gian hoàn thành|[Tt]hời gian thực hiện|[Tt]hời gian|[Hh]ạn hoàn thành|[Tt]hời điểm hoàn thành)\s*:\s*[^;.]+"
    rf"|trước\s+ngày\s+\d{{1,2}}\s+(?:hằng|hàng)\s+(?:tháng|quý|năm)"
    rf"|trước\s+ngày\s+\d{{1,2}}\s+(?:của\s+)?tháng\s+(?:cuối|đầu)\s+(?:quý|năm)"  # "trước ngày 05 tháng cuối quý"
    rf"|(?:trước|vào|chậm nhất)\s+(?:{_TIME}\s+)?(?:ngày\s+)?(?:{_WEEKDAY})(?:\s+(?:hằng|hàng)\s+tuần|\s+tuần\s+(?:này|tới|sau))?"
    rf"(?:\s*[,(]?\s*(?:ngày\s+)?(?:{_DATE})\)?)?"  # "trước thứ Sáu, ngày 14/11/2025": the date, when written, decides
    rf"|ngay\s+trong\s+(?:ngày|tuần)(?:\s+(?:này|nay|hôm nay))?|trong\s+(?:ngày\s+hôm\s+nay|tuần\s+này)"
    rf"|(?:(?:định kỳ\s+)?(?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm)|định kỳ\s+(?:\d{{1,2}}\s+)?(?:tháng|quý|năm|tuần)"
    rf"|(?:6|sáu|hai|2|ba|3)\s+(?:tháng|năm)\s+(?:một lần|1 lần))(?:\s*,?\s*(?:trước|vào)\s+(?:{_TIME}\s+)?"
    rf"(?:ngày\s+\d{{1,2}}|(?:ngày\s+)?(?:{_WEEKDAY})|thứ\s+\w+)[^,;.()]{{0,30}})?)"
    rf"|(?:theo\s+)?định kỳ(?:\s*(?:,|và|hoặc)\s*đột xuất)?(?!\w))",
    re.IGNORECASE)
_RECURRENCE = [
    (re.compile(r"(?:hằng|hàng)\s+ngày", re.IGNORECASE), "hằng ngày"),
    (re.compile(r"(?:hằng|hàng)\s+tuần|định kỳ\s+tuần", re.IGNORECASE), "hằng tuần"),
    (re.compile(r"(?:hằng|hàng)\s+tháng|định kỳ\s+(?:1\s+)?tháng", re.IGNORECASE), "hằng tháng"),
    (re.compile(r"(?:hằng|hàng)\s+quý|định kỳ\s+quý", re.IGNORECASE), "hằng quý"),
    (re.compile(r"(?:6|sáu)\s+tháng\s+(?:một|1)\s+lần|định kỳ\s+6\s+tháng", re.IGNORECASE), "6 tháng một lần"),
    (re.compile(r"(?:hằng|hàng)\s+năm|định kỳ\s+năm", re.IGNORECASE), "hằng năm"),
    (re.compile(r"(?:hai|2|ba|3)\s+năm\s+(?:một|1)\s+lần", re.IGNORECASE), "nhiều năm một lần"),
    (re.compile(r"^(?:theo\s+)?định kỳ(?:\s*(?:,|và|hoặc)\s*đột xuất)?$", re.IGNORECASE), "định kỳ"),
]


# A table cell that tells a time ("Quý III Năm 2026", "Tháng 8/2024", "Thường xuyên", "Hằng năm",
# "Sau khi có Quy chế của TW"), not a placeholder ("-", "x", "Đã hoàn thành")
_TIME_CELL = re.compile(r"\d{4}|tháng|quý|tuần|ngày|thường xuyên|(?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm)|định kỳ"
                        r"|theo (?:kế hoạch|lộ trình|tiến độ)|(?:sau|trước) khi|(?<!\w)ngay(?!\w)|tết", re.IGNORECASE)


def is_time(cell: str) -> bool:
    """Whether a table cell tells a time, as a task table's time column does."""
    return bool(_TIME_CELL.search(cell))


# A sentence that only gives the time limit of the task before it ("... cập nhật dữ liệu. Thời gian
# thực hiện hoàn thành xong trước ngày 05 tháng 12 năm 2025.").
_DEADLINE_SENTENCE = re.compile(
    r"^\s*(?:yêu cầu\s+|đề nghị\s+|phải\s+|cần\s+|đảm bảo\s+|bảo đảm\s+)?"
    r"(?:(?:thời gian|thời hạn|tiến độ)(?:\s+(?:thực hiện|hoàn thành|báo cáo|gửi báo cáo))?\s*[:,]?\s*(?:(?:hoàn thành|xong)(?:\s+xong)?\s*)?"
    r"|(?:hoàn thành|xong)(?:\s+xong)?\s+)(?:trong|trước|chậm nhất|vào|đến|ngay|xong)\s[^;]{0,80}?[.;]?\s*$", re.IGNORECASE)


def deadline_only(text: str) -> bool:
    """Whether a sentence or line only gives a time limit ("Thời gian hoàn thành trước ngày 31/12/2025.")."""
    return bool(_DEADLINE_SENTENCE.match(text)) and find_deadline(text) is not None


@lru_cache(maxsize=1)
def tet_dates() -> dict[int, date]:
    """The first day of Tết Nguyên đán by year (data/tet.tsv)."""
    return {int(row[0]): date.fromisoformat(row[1]) for row in tsv_rows("tet.tsv")}


# The relay after a task's own deadline ("... gửi Sở Nội vụ trước ngày 25/11/2025 để tổng hợp, báo cáo
# UBND tỉnh trước ngày 30/11/2025"): a deadline after it is the collecting body's
_PURPOSE = re.compile(r"[\s,(]+để\s+(?:[^,;.]{0,60}?\s)?tổng hợp(?!\w)", re.IGNORECASE)


def find_deadline(text: str) -> tuple[str, int] | None:
    """The deadline phrase in text and its offset, or None; the last one wins (it closes a task),
    unless it follows the relay to whoever collects the reports ("để ... tổng hợp")."""
    found = list(_PHRASE.finditer(text))
    if not found:
        return None
    purpose = _PURPOSE.search(text, found[0].end())
    match = [m for m in found if not purpose or m.start() < purpose.start()][-1]
    phrase = match.group("phrase").rstrip(" ,;:.")
    if phrase.endswith(")") and phrase.count(")") > phrase.count("("):  # "(thời gian hoàn thành: trước ngày 15/12/2025)"
        phrase = phrase[:-1].rstrip(" ,;:.")
    return phrase, match.start("phrase")


_LIMIT_WORD = re.compile(r"(?:chậm nhất|muộn nhất|hạn chót|hạn cuối|trước)\s", re.IGNORECASE)


def limit_end(text: str, position: int) -> int:
    """Past a time limit ("chậm nhất", "trước" ...) that opens text at position ("Chậm nhất ngày
    20/12/2025 hoàn thành ..."), or position itself when none does ("Trong năm 2025, ..." is a time
    that may open a review as well)."""
    found = _PHRASE.match(text, position) if _LIMIT_WORD.match(text, position) else None
    return found.end() if found else position


def recurrence(phrase: str | None) -> str | None:
    """"hằng tuần", "hằng tháng", "hằng quý", ... when the phrase is a periodic duty."""
    for pattern, name in _RECURRENCE:
        if phrase and pattern.search(phrase):
            return name
    return None


def _year(text: str, default: int | None) -> int | None:
    found = re.search(r"(?:năm\s+|/\s*)(\d{4})\b", text)
    return int(found.group(1)) if found else default


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def resolve(phrase: str, reference: date | None) -> date | None:
    """The date a deadline phrase means; the notice's date gives a missing year (the next one
    when the day would fall well before the notice); None when vague or periodic."""
    if recurrence(phrase):
        return None
    default_year = reference.year if reference else None
    low = phrase.lower()
    if re.search(r"mùa\s+(?:mưa|khô)", low):
        return None  # "trước mùa mưa lũ năm 2026": a season, no day
    try:
        new_year = re.search(r"tết\s+dương\s+lịch(?:\D+?(\d{4}))?", low)
        if new_year:  # "trước Tết Dương lịch 2026": the last day of 2025
            year = int(new_year.group(1)) if new_year.group(1) else (reference.year + 1 if reference else None)
            return date(year - 1, 12, 31) if year else None
        tet = re.search(r"tết(?:\s+nguyên\s+đán)?(?:\D+?(\d{4}))?", low)
        if tet:
            if tet.group(1):
                day = tet_dates().get(int(tet.group(1)))
            else:  # the next Tết after the notice
                day = min((d for d in tet_dates().values() if reference and d > reference), default=None)
            return day - timedelta(days=1) if day else None
        dates = list(re.finditer(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?|(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", low))
        dates = [d for d in dates if not re.fullmatch(r"\d{1,2}\s*/\s*\d{4}", d.group(0))]
        if dates and not re.search(r"tháng\s+\d{1,2}\s*/\s*\d{4}", low):
            found = dates[-1]
            day, month = int(found.group(1) or found.group(4)), int(found.group(2) or found.group(5))
            year_text = found.group(3) or found.group(6) or (re.search(r"năm\s+(\d{4})", low[found.end():]) or [None, None])[1]
            year = int(year_text) if year_text else default_year
            if year is not None and year < 100:
                year += 2000
            if year is None:
                return None
            result = date(year, month, day)
            if not year_text and reference and result < reference - timedelta(days=60):
                result = date(year + 1, month, day)
            return result
        month = re.search(r"tháng\s+(\d{1,2})(?!\s+(?:đầu|cuối))", low)
        if month:
            year = _year(low, default_year)
            return _month_end(year, int(month.group(1))) if year else None
        quarter = re.search(r"quý\s+(iv|i{1,3}|[1-4])\b", low)
        if quarter:
            year = _year(low, default_year)
            return _month_end(year, 3 * _ROMAN[quarter.group(1).upper()]) if year else None
        half = re.search(r"(\d{1,2})\s+tháng\s+đầu\s+năm", low)
        if half:
            year = _year(low, default_year)
            return _month_end(year, int(half.group(1))) if year else None
        weekday = re.search(rf"(?:ngày|trước|vào|nhất|đến)\s+(?:thứ\s+({'|'.join(_WEEKDAYS)}|[2-7])|chủ\s+nhật)", low)  # not "kỳ họp thứ năm"
        if weekday and reference:  # the next such day after the notice ("ngày thứ Sáu"), that day of next week for "tuần tới"
            name = weekday.group(1)
            wanted = 6 if name is None else (int(name) - 2 if name.isdigit() else _WEEKDAYS.index(name))
            if re.search(r"tuần\s+(?:tới|sau)", low):
                return reference + timedelta(days=7 - reference.weekday() + wanted)
            return reference + timedelta(days=(wanted - reference.weekday() - 1) % 7 + 1)
        if re.search(r"trong\s+(?:ngày\s+hôm\s+nay|ngày(?:\s+này|\s+nay)?)$", low) and reference:
            return reference  # "ngay trong ngày"
        if re.search(r"trong\s+tuần(?:\s+này|\s+nay)?$", low) and reference:
            return reference + timedelta(days=6 - reference.weekday())  # "ngay trong tuần": its Sunday
        span = re.search(r"(\d{1,3})\s+(ngày|tuần|tháng)", low)
        if span and reference and not re.search(r"ngày\s+\d", low):
            amount = int(span.group(1))
            return reference + timedelta(days=amount * {"ngày": 1, "tuần": 7, "tháng": 30}[span.group(2)])
        if re.search(r"(?:những|các)\s+tháng\s+đầu\s+năm", low):  # "trong những tháng đầu năm 2026": vague
            return None
        year = re.search(r"năm\s+(\d{4})", low)
        if year:
            return date(int(year.group(1)), 12, 31)
        if re.search(r"cuối\s+năm", low) and default_year:
            return date(default_year, 12, 31)
    except ValueError:
        return None
    return None


def _reference(doc: NoticeDoc) -> date | None:
    for value in (doc.meta.meeting_date, doc.meta.issue_date):
        if value:
            return date.fromisoformat(value)
    return None


def _inherited(clause: Clause, given: dict[int, list[tuple[int, str]]]) -> str | None:
    """The deadline of the nearest lead-in above a clause ("... báo cáo trước ngày 12/6: 1. ...")."""
    for node in clause.node.chain():
        earlier = [phrase for at, phrase in given.get(id(node), []) if at < clause.start]
        if earlier:
            return earlier[-1]
    return None


def _field_deadline(clause: Clause) -> str | None:
    """A plan's "Thời gian thực hiện: ..." for the task it describes."""
    for node in clause.node.chain():
        if "deadline" in node.fields:
            return node.fields["deadline"]
    return None


def _set(clause: Clause, phrase: str | None, reference: date | None) -> None:
    clause.deadline = phrase
    if phrase:
        resolved = resolve(phrase, reference)
        clause.deadline_date = resolved.isoformat() if resolved else None
        clause.recurrence = recurrence(phrase)


def _close_section(doc: NoticeDoc, position: int, phrase: str, reference: date | None) -> None:
    """A line that only gives a time limit ("Thời gian hoàn thành trước ngày 31/12/2025.") after
    the items of a section: the section's tasks above it that have none take it."""
    line = doc.clauses[position]
    section = line.node.parent if line.node.index == line.unit else line.node
    for clause in reversed(doc.clauses[:position]):
        if section is None or section not in clause.node.chain():
            break
        if clause.deadline is None and clause.part not in ("lead", "heading"):
            _set(clause, phrase, reference)


def attach_deadlines(doc: NoticeDoc) -> NoticeDoc:
    """Each clause's deadline phrase (a table row's deadline cell first, else its own text, else
    the lead-in above it, else a closing time-limit line below it), date and recurrence."""
    reference = _reference(doc)
    given: dict[int, list[tuple[int, str]]] = {}
    for position, clause in enumerate(doc.clauses):
        if clause.zone == "trailer" or clause.part in ("heading", "field"):
            continue
        text = doc.clause_text(clause)
        # a table's time column is the row's deadline even when it holds a bare period ("Quý III
        # Năm 2026", "Thường xuyên"): then a time inside the task's words ("... đến năm 2030") is none
        cell = ((clause.row or {}).get("deadline") or "").strip()
        cell = cell if is_time(cell) else ""
        found = find_deadline(cell) if cell else find_deadline(text)
        if text.rstrip().endswith(":") and found and (clause.part == "lead" or clause.roles.responsible):
            given.setdefault(id(clause.node), []).append((clause.end, found[0]))
        if clause.part == "lead":  # its own time, should the lead itself turn out to be the task (kinds)
            _set(clause, found[0] if found else _inherited(clause, given) or _field_deadline(clause), reference)
            continue  # "3. Giao Sở Nội vụ tham mưu ... / - Thời gian: trước ngày 15/12/2025."
        if found and clause.part == "body" and clause.start == doc.units[clause.unit].body_start and deadline_only(text):
            _close_section(doc, position, found[0], reference)
        if cell and not found:
            _set(clause, cell, reference)
        else:
            _set(clause, found[0] if found else _inherited(clause, given) or _field_deadline(clause), reference)
    return doc
