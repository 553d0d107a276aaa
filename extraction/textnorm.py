"""Unicode and spelling normalisation of Vietnamese text, for matching (never for display)."""
from __future__ import annotations

import re
import unicodedata

# Capital letters for regular expressions ("[A-ZĐÀ-Ỹ]" would also take lowercase "đ", "ộ", ...).
UPPER = "A-Z" + "".join(chr(code) for code in range(0xC0, 0x1EFA) if chr(code).isupper() and chr(code).isalpha())
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# "hoà" -> "hòa", "thuỷ" -> "thủy", "khoẻ" -> "khỏe": the tone goes on the first vowel of an
# open oa/oe/uy syllable ("qu" excepted: "quý" keeps its form).
_OPEN_CLUSTER = re.compile(rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?!\w)|(?<![qQ])([uU])([yY])([{_TONES}])(?!\w)")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")


def _move_tone(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + match.group(3) + match.group(2)
    return match.group(4) + match.group(6) + match.group(5)


def nfc(text: str) -> str:
    """NFC with unified dashes and single spaces (keeps line breaks and letters as written)."""
    text = unicodedata.normalize("NFC", text)
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text)


def normalize_tones(text: str) -> str:
    """Put tone marks in one place (hòa, thủy, khỏe) so variants compare equal; returns NFC."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OPEN_CLUSTER.sub(_move_tone, decomposed))


def fold(text: str) -> str:
    """Lowercase without diacritics ("Giải phóng" -> "giai phong"), for accent-blind matching."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return stripped.lower()


def match_key(text: str) -> str:
    """A key for comparing names: tone-normalised, lowercase, punctuation and spaces unified."""
    text = normalize_tones(nfc(text)).lower()
    text = re.sub(r"\s*-\s*", " - ", text)
    text = re.sub(r"[“”\"'(),.;:]", " ", text)
    return _SPACES.sub(" ", text).strip()


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese diacritic (so it was not typed bare)."""
    return fold(text) != text.lower()
