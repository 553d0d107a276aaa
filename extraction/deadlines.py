"""Deadlines: find the phrase that gives a task's time limit and resolve it to a date."""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DATE = r"\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
_PERIOD = (rf"ngày\s+(?:{_DATE})|(?:{_DATE})|tháng\s+\d{{1,2}}(?:\s*(?:/|năm)\s*\d{{4}})?"
           r"|quý\s+(?:I{1,3}|IV|[1-4])(?:\s*(?:/|năm)\s*\d{4})?|năm\s+\d{4}|\d{1,2}\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?")
_EVENT = (r"mùa\s+mưa(?:\s+bão|\s+lũ)?|mùa\s+khô|Tết|tết|khi|thời điểm|kỳ họp|Kỳ họp|dịp|đợt|kỳ|phiên họp|"
          r"ngày\s+\d|hạn|17\s*giờ|\d{1,2}\s*giờ")
DEADLINE = re.compile(
    rf"(?P<phrase>(?:(?:chậm nhất|muộn nhất|hạn chót)\s+(?:là\s+)?(?:trước\s+|vào\s+|trong\s+)?(?:{_PERIOD})"
    rf"|(?:trước|trong|ngay trong|vào|đến hết|hết)\s+(?:{_PERIOD})"
    rf"|trước\s+(?:{_EVENT})[^,;.()]*"
    rf"|ngay sau khi[^,;.()]*"
    rf"|(?:trong|trong vòng|trong thời hạn|trong thời gian)\s+(?:\d{{1,3}}|mười|mười lăm)\s+ngày(?:\s+làm việc)?(?:[^,;.()]*)?"
    rf"|(?:[Tt]hời hạn|[Tt]hời gian hoàn thành)\s*:\s*[^;.]+))"
)


def find_deadline(text: str) -> tuple[str, int] | None:
    """The deadline phrase in text and its offset, or None; the last one wins (it closes a task)."""
    found = list(DEADLINE.finditer(text))
    if not found:
        return None
    match = found[-1]
    phrase = match.group("phrase").rstrip(" ,;:")
    return phrase, match.start("phrase")


def _year(text: str, default: int | None) -> int | None:
    found = re.search(r"(?:năm\s+|/\s*)(\d{4})\b", text)
    return int(found.group(1)) if found else default


def resolve(phrase: str, reference: date | None) -> date | None:
    """The date a deadline phrase means; the notice's date gives missing years; None if vague.

    "trước ngày 30/4/2024" -> 2024-04-30, "trong tháng 12/2025" -> 2025-12-31,
    "quý II năm 2024" -> 2024-06-30, "trong 7 ngày" -> reference + 7, "trước mùa mưa bão" -> None.
    """
    default_year = reference.year if reference else None
    phrase = phrase.lower()
    try:
        found = re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?", phrase)
        if not found:
            found = re.search(r"(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", phrase)
        if found and not re.search(r"tháng\s+\d{1,2}\s*/\s*\d{4}", phrase):
            day, month = int(found.group(1)), int(found.group(2))
            year = int(found.group(3)) if found.group(3) else default_year
            if year is not None and year < 100:
                year += 2000
            return date(year, month, day) if year else None
        month = re.search(r"tháng\s+(\d{1,2})(?!\s+(?:đầu|cuối))", phrase)
        if month:
            year = _year(phrase, default_year)
            if year is None:
                return None
            number = int(month.group(1))
            return date(year, number, calendar.monthrange(year, number)[1])
        quarter = re.search(r"quý\s+(iv|i{1,3}|[1-4])", phrase)
        if quarter:
            year = _year(phrase, default_year)
            end_month = 3 * _ROMAN[quarter.group(1).upper()]
            return date(year, end_month, calendar.monthrange(year, end_month)[1]) if year else None
        half = re.search(r"(\d{1,2})\s+tháng\s+đầu\s+năm", phrase)
        if half:
            year = _year(phrase, default_year)
            return date(year, int(half.group(1)), calendar.monthrange(year, int(half.group(1)))[1]) if year else None
        days = re.search(r"(\d{1,3})\s+ngày", phrase)
        if days and reference and not re.search(r"ngày\s+\d", phrase):
            return reference + timedelta(days=int(days.group(1)))
        year = re.search(r"năm\s+(\d{4})", phrase)
        if year:
            return date(int(year.group(1)), 12, 31)
    except ValueError:
        return None
    return None
