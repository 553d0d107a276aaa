"""Detect and convert the legacy Vietnamese encodings TCVN3 (ABC) and VNI-Windows to Unicode.

Both were single-byte font encodings: a file saved with them reads as Latin-1/cp1252 garbage
("Th«ng b¸o", "Thoâng baùo"). Detection counts the byte patterns each one produces.
"""
from __future__ import annotations

import re

# TCVN 5712:1993 (VN3): byte (as a Latin-1 character) -> Unicode letter.
_TCVN3 = dict(zip(
    "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉË®ÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô­øõö÷ùýúûüþ¡¢§£¤¥¦",
    "áàảãạăắằẳẵặâấầẩẫậđéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵĂÂĐÊÔƠƯ",
))
_TCVN3_SIGNS = set("¸µ¶·¹¨«¬­®©ª")

_TONE_LOWER = "ùøûõï"  # VNI marks after a vowel: sắc, huyền, hỏi, ngã, nặng
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"


def _vni_table() -> dict[str, str]:
    import unicodedata

    table: dict[str, str] = {}
    tones = dict(zip(_TONE_LOWER, (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)))
    hat_tones = dict(zip("áàåãä", (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)))
    breve_tones = dict(zip("éèúüë", (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)))

    def add(seq: str, base: str, *marks: str) -> None:
        letter = unicodedata.normalize("NFC", base + "".join(marks))
        table[seq] = letter
        table[seq.upper()] = letter.upper()

    for vowel in "aeouy":
        for mark, tone in tones.items():
            add(vowel + mark, vowel, tone)
    for vowel in "aeo":
        add(vowel + "â", vowel, "\u0302")
        for mark, tone in hat_tones.items():
            add(vowel + mark, vowel, "\u0302", tone)
    add("aê", "a", "\u0306")
    for mark, tone in breve_tones.items():
        add("a" + mark, "a", "\u0306", tone)
    for single, letter in (("ô", "ơ"), ("ö", "ư")):
        for mark, tone in tones.items():
            add(single + mark, letter, tone)
    for single, letter in (("ô", "ơ"), ("ö", "ư"), ("ñ", "đ"), ("í", "í"), ("ì", "ì"), ("æ", "ỉ"),
                           ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ")):
        table[single] = letter
        table[single.upper()] = letter.upper()
    return table


_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))
_VNI_SIGN = re.compile(r"[aeouyAEOUY][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|[bcdghklmnpqrstvx][ôö]")
_UNICODE_VIET = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def detect(text: str) -> str | None:
    """'tcvn3' or 'vni' when the text looks written in that legacy encoding, else None."""
    letters = sum(c.isalpha() for c in text) or 1
    real = len(_UNICODE_VIET.findall(text))
    tcvn = sum(c in _TCVN3_SIGNS for c in text)
    vni = len(_VNI_SIGN.findall(text))
    if tcvn > max(real, 3) and tcvn / letters > 0.02:
        return "tcvn3"
    if vni > max(real, 3) and vni / letters > 0.02:
        return "vni"
    return None


def to_unicode(text: str, encoding: str) -> str:
    """Convert text read as Latin-1/cp1252 from a 'tcvn3' or 'vni' file into Unicode."""
    if encoding == "tcvn3":
        return "".join(_TCVN3.get(c, c) for c in text)
    if encoding == "vni":
        return _VNI_PATTERN.sub(lambda m: _VNI[m.group(0)], text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def from_unicode(text: str, encoding: str) -> str:
    """The inverse of to_unicode (used by tests to make legacy files)."""
    if encoding == "tcvn3":  # capitals without a code of their own were set in a capitals font
        inverse = {v: k for k, v in _TCVN3.items()}
        return "".join(inverse.get(c, inverse.get(c.lower(), c)) for c in text)
    inverse = {}
    for seq, letter in _VNI.items():
        inverse.setdefault(letter, seq)
    return "".join(inverse.get(c, c) for c in text)
