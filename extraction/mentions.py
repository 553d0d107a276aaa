"""Stage: the agencies named in every unit (one recognizer pass a unit, offsets in the text)."""
from __future__ import annotations

import re
from collections import Counter

from extraction.agencies import Mention, find_agencies, places
from extraction.document import NoticeDoc


def home_place(text: str) -> str | None:
    """The province or city a notice is about: the one it names most after "tỉnh"/"thành phố"."""
    names = "|".join(re.escape(p) for p in sorted(places(), key=len, reverse=True))
    counts = Counter(m.group(1) for m in re.finditer(rf"(?:tỉnh|thành phố|Thành phố|TP\.?)\s+({names})\b", text))
    return counts.most_common(1)[0][0] if counts else None


def find_mentions(doc: NoticeDoc) -> NoticeDoc:
    """doc.unit_mentions[i]: the mentions of unit i's body (none in the trailer)."""
    doc.unit_mentions = []
    doc.home = home_place(doc.text)
    for unit, node in zip(doc.units, doc.unit_nodes):
        if node.kind == "trailer":
            doc.unit_mentions.append([])
            continue
        offset = unit.body_start
        doc.unit_mentions.append([Mention(m.start + offset, m.end + offset, m.label, m.names)
                                  for m in find_agencies(doc.text[offset:unit.end])])
    return doc
