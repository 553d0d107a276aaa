"""Calibrate the recurring-issue thresholds on annotated pairs: real cross-document pairs from
corpus/ (bench/data/recurring_pairs.jsonl, labelled by hand) and pairs from the constructed
three-month notices of tests/samples.py. Prints precision/recall over a grid and the best cell.

    python -m bench.recurring_pairs        (uses the index in data/ or CHIDAO_INDEX_DIR)"""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np

from extraction import extract_text
from index import Index
from index.recurring import _load, content_words, idf_table, lexical_overlap
from index.text import expand_abbreviations
from tests.samples import MONTHS

DATA = Path(__file__).parent / "data" / "recurring_pairs.jsonl"
# Topic of each constructed record (by a phrase it contains); same topic = same issue.
TOPICS = {"291": "road", "nợ": "tax", "Nợ": "tax", "rừng": "forest-fire", "chợ": "market-fire",
          "Lễ hội": "festival", "bếp ăn": "school", "cầu treo": "bridge"}


def _topic(text: str) -> str | None:
    return next((topic for phrase, topic in TOPICS.items() if phrase in text), None)


def constructed_pairs(index: Index) -> tuple[list, dict]:
    """Cross-month pairs of the constructed notices, and the IDF of that small collection."""
    records = []
    for month, raw in MONTHS.items():
        notice = extract_text(raw, f"tan-lap-{month}.txt")
        records += [(month, r.text) for r in notice.records if r.kind in ("directive", "issue") and _topic(r.text)]
    vectors = index.encoder.passages([expand_abbreviations(text) for _, text in records])  # as the index does
    pairs = []
    for (i, (ma, ta)), (j, (mb, tb)) in itertools.combinations(enumerate(records), 2):
        if ma != mb:
            pairs.append((vectors[i], vectors[j], content_words(ta), content_words(tb), _topic(ta) == _topic(tb)))
    everything = [r for m, raw in MONTHS.items() for r in extract_text(raw).records if r.kind in ("directive", "issue")]
    return pairs, idf_table([content_words(r.text) for r in everything])


def corpus_pairs(index: Index) -> tuple[list, dict]:
    """The hand-labelled pairs of corpus/ and the IDF of the indexed collection."""
    lookup = index.store.query("SELECT r.vid, r.text, n.source, r.vector FROM records r JOIN notices n USING(notice_id) "
                               "WHERE r.vector IS NOT NULL")

    def find(key: str):  # noqa: ANN202
        prefix, text = key.split("|", 1)
        for row in lookup:
            if row["source"].startswith(prefix) and text in row["text"]:
                return np.frombuffer(row["vector"], dtype=np.float16).astype(np.float32), row["text"]
        raise KeyError(f"annotated record not found: {key}")

    pairs = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        (va, ta), (vb, tb) = find(item["a"]), find(item["b"])
        pairs.append((va, vb, content_words(ta), content_words(tb), item["same"]))
    members, _ = _load(index, None, None)
    return pairs, idf_table([content_words(m.text) for m in members])


def scores(sets, similarity: float, lexical: float) -> tuple[float, float, int, int]:  # noqa: ANN001
    """Precision, recall, positives and negatives over (pairs, idf) sets at these thresholds."""
    tp = fp = fn = 0
    flat = [(pair, idf) for pairs, idf in sets for pair in pairs]
    for (va, vb, wa, wb, same), idf in flat:
        linked = float(va @ vb) >= similarity and lexical_overlap(wa, wb, idf) >= lexical
        tp += linked and same
        fp += linked and not same
        fn += (not linked) and same
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp + fn, sum(not pair[4] for pair, _ in flat)


def main() -> None:
    index = Index()
    sets = {"corpus (hand-labelled)": corpus_pairs(index), "constructed months": constructed_pairs(index)}
    best = None
    for similarity in np.arange(0.80, 0.96, 0.01):
        for lexical in np.arange(0.0, 6.01, 0.25):
            precision, recall, _, _ = scores(sets.values(), similarity, lexical)
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
            key = (round(f1, 3), precision, -similarity, -lexical)
            if best is None or key > best[0]:
                best = (key, round(float(similarity), 2), round(float(lexical), 2))
    _, similarity, lexical = best
    print(f"best cell: cosine >= {similarity}, shared specific terms (normalised IDF mass) >= {lexical}")
    print(f"{'pair set':28} {'positives':>9} {'negatives':>9} {'precision':>9} {'recall':>7}")
    for name, chosen in {**{k: [v] for k, v in sets.items()}, "all": list(sets.values())}.items():
        precision, recall, positives, negatives = scores(chosen, similarity, lexical)
        print(f"{name:28} {positives:9} {negatives:9} {precision:9.2f} {recall:7.2f}")
    from index.recurring import LEXICAL, SIMILARITY

    precision, recall, _, _ = scores(sets.values(), SIMILARITY, LEXICAL)
    print(f"defaults in index/recurring.py (cosine {SIMILARITY}, mass {LEXICAL}): precision {precision:.2f}, recall {recall:.2f}")
    pairs, idf = sets["corpus (hand-labelled)"]
    for va, vb, wa, wb, same in pairs:
        print(f"  same={same!s:5} cos={float(va @ vb):.3f} mass={lexical_overlap(wa, wb, idf):.2f}")


if __name__ == "__main__":
    main()
