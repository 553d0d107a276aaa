"""Stage: the agencies named in every unit (one recognizer pass a unit, offsets in the text)."""
from __future__ import annotations

from extraction.agencies import Mention, find_agencies
from extraction.document import NoticeDoc


def find_mentions(doc: NoticeDoc) -> NoticeDoc:
    """doc.unit_mentions[i]: the mentions of unit i's body (none in the trailer)."""
    doc.unit_mentions = []
    for unit, node in zip(doc.units, doc.unit_nodes):
        if node.kind == "trailer":
            doc.unit_mentions.append([])
            continue
        offset = unit.body_start
        doc.unit_mentions.append([Mention(m.start + offset, m.end + offset, m.label, m.names)
                                  for m in find_agencies(doc.text[offset:unit.end])])
    return doc
