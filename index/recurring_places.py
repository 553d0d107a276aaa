"""Where the body that issued a notice governs, for recurring links: two provinces' plans about one
theme are two matters (one template for different bodies), while a central notice and a
province's may carry one matter down, and so may two notices of one province."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from extraction.agencies import places
from index.recurring_terms import fold_text
from index.store import Store

CAPITAL = "ha noi"  # also where the central bodies issue from: as a place of issue it tells nothing
SAME = {"thanh pho ho chi minh": "ho chi minh", "thua thien hue": "hue"}  # two spellings of one place


@lru_cache(maxsize=1)
def _names() -> re.Pattern:
    names = sorted({fold_text(name) for name in places()}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")


def jurisdiction(issuer: str | None, place: str | None) -> str | None:
    """The province or city whose body issued a notice, folded ("Ủy ban nhân dân tỉnh Lào Cai"
    -> "lao cai"): the one its issuer names, else its place of issue unless that is Hà Nội. None
    for a central body ("Văn phòng Chính phủ", "Bộ Tài chính") or when neither says."""
    found = _names().search(fold_text(issuer or ""))
    if not found and place:
        last = fold_text(place).strip().split("\n")[-1].strip()
        found = _names().fullmatch(last) if last != CAPITAL else None
    return SAME.get(found.group(0), found.group(0)) if found else None


def notice_places(store: Store, notices: list[str]) -> np.ndarray:
    """A number per province or city (the same for one place, -1 when none: see jurisdiction)
    for each of these notices."""
    found = {r["notice_id"]: jurisdiction(r["issuer"], r["place"]) for r in store.query("SELECT notice_id, issuer, place FROM notices")}
    numbers: dict[str, int] = {}
    return np.array([-1 if found.get(n) is None else numbers.setdefault(found[n], len(numbers)) for n in notices],
                    dtype=np.int64)
