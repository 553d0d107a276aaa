"""List candidate cross-notice record pairs (each record's nearest records in other notices, from
the link table) at several cosine levels, for annotating recurring-matter pairs by hand
(bench/data/recurring_pairs.jsonl: "a"/"b" are "source prefix|text fragment").

    python -m bench.recurring_candidates [--per-band 8]   (index: data/ or CHIDAO_INDEX_DIR)"""
from __future__ import annotations

import argparse
import random

from index import Index
from index.recurring_links import sync

BANDS = [(0.95, 1.01), (0.90, 0.95), (0.85, 0.90), (0.80, 0.85), (0.70, 0.80)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-band", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    store = Index().store
    sync(store)
    rng = random.Random(args.seed)
    for low, high in BANDS:
        rows = store.query(
            "SELECT l.cosine, l.mass, l.conflict, ra.text ta, rb.text tb, na.source sa, nb.source sb FROM recurring_links l"
            " JOIN records ra ON ra.vid = l.a JOIN records rb ON rb.vid = l.b JOIN notices na ON na.notice_id = ra.notice_id"
            " JOIN notices nb ON nb.notice_id = rb.notice_id WHERE l.cosine >= ? AND l.cosine < ? ORDER BY l.a, l.b",
            (low, high))
        for row in rng.sample(rows, min(args.per_band, len(rows))):
            print(f"--- cos {row['cosine']:.3f} mass {row['mass']:.2f}{' conflict' if row['conflict'] else ''}\n"
                  f"A {row['sa'][:3]}|{row['ta'][:220]}\nB {row['sb'][:3]}|{row['tb'][:220]}")


if __name__ == "__main__":
    main()
