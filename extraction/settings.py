"""chidao's numeric environment settings, listed once, read when used and checked by every
entry point before it starts: a value that is no number in its range stops it with one
Vietnamese line naming the variable, never a traceback and never a silent default."""
from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass


class SettingError(ValueError):
    """An environment setting that is not a number in its range; the message is one line."""


@dataclass(frozen=True)
class Setting:
    """One CHIDAO_* variable: its default and the numbers it accepts."""

    name: str
    default: float
    whole: bool = False  # a whole number (a count, a port)
    least: float = 0.0
    most: float | None = None
    above_least: bool = False  # the least value itself is refused (a size of 0 MB)

    def accepts(self, value: float) -> bool:
        """Whether VALUE is in range (and whole where it must be)."""
        if self.whole and not value.is_integer():
            return False
        low_ok = value > self.least if self.above_least else value >= self.least
        return low_ok and (self.most is None or value <= self.most)

    def wanted(self) -> str:
        """What the setting accepts, in Vietnamese ("một số nguyên từ 1 đến 65535")."""
        kind = "một số nguyên" if self.whole else "một số"
        if self.above_least:
            bound = f"lớn hơn {self.least:g}" + (f" và không quá {self.most:g}" if self.most is not None else "")
        else:
            bound = f"từ {self.least:g}" + (f" đến {self.most:g}" if self.most is not None else " trở lên")
        return f"{kind} {bound}"


SETTINGS = {setting.name: setting for setting in (
    Setting("CHIDAO_PORT", 7860, whole=True, least=1, most=65535),
    Setting("CHIDAO_CONCURRENCY", 2 * (os.cpu_count() or 1), whole=True, least=1),
    Setting("CHIDAO_MAX_FILE_MB", 20, above_least=True),
    Setting("CHIDAO_QUERY_THREADS", 2, whole=True, least=1),
    Setting("CHIDAO_LOG_MB", 5, above_least=True),
    Setting("CHIDAO_APPROX_THRESHOLD", 300_000, whole=True),
    Setting("CHIDAO_SEGMENT_LIMIT", 4000, whole=True, least=1),
    Setting("CHIDAO_RECURRING_SIMILARITY", 0.89, most=1),
    Setting("CHIDAO_RECURRING_LEXICAL", 3.0),
    Setting("CHIDAO_RECURRING_GENERIC", 0.10, most=1, above_least=True),
)}


def number(name: str) -> float | int:
    """The value of setting NAME from the environment, else its default; SettingError when the
    environment holds something else than a number in range ("nhiều", "0" for a count); a decimal
    comma ("2,5") is read as the decimal point it is in Vietnamese, and a whole number is plain
    digits (a separator, "300,000" or "300.000", is refused rather than guessed)."""
    setting = SETTINGS[name]
    raw = os.environ.get(name, "").strip()
    if not raw:
        return setting.default
    if setting.whole and not raw.isdigit():
        value = math.nan  # "300,000" or "300.000" is no count here: refused, not read as 300
    else:
        try:
            value = float(raw.replace(",", ".", 1) if raw.count(",") == 1 and "." not in raw else raw)  # "2,5" as written here
        except ValueError:
            value = math.nan
    if not math.isfinite(value) or not setting.accepts(value):
        raise SettingError(f"{name}={raw!r} không hợp lệ: cần {setting.wanted()} "
                           f"(mặc định {setting.default:g}); hãy sửa hoặc bỏ biến môi trường này")
    return int(value) if setting.whole else value


def check_all() -> None:
    """Raise SettingError for the first setting whose environment value is not accepted."""
    for name in SETTINGS:
        number(name)


def stop_on_bad() -> None:
    """For an entry point, before any work: the first bad setting as one "lỗi: …" line on
    stderr and exit status 2."""
    try:
        check_all()
    except SettingError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
