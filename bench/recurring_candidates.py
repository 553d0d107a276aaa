"""List cross-notice record pairs of an index at several similarity levels, for annotating
recurring-issue pairs by hand (bench/data/recurring_pairs.jsonl).

    python -m bench.recurring_candidates [--per-band 8]"""
from __future__ import annotations

import argparse
import random

import numpy as np

from index import Index
from index.recurring import _load, content_words, lexical_overlap


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-band", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    members, vectors = _load(Index(), None, None)
    rng = random.Random(args.seed)
    similarity = vectors @ vectors.T
    bands = [(0.95, 1.01), (0.92, 0.95), (0.90, 0.92), (0.88, 0.90), (0.85, 0.88)]
    for low, high in bands:
        pairs = [(i, j) for i, j in zip(*np.where((similarity >= low) & (similarity < high)))
                 if i < j and members[i].notice_id != members[j].notice_id]
        for i, j in rng.sample(pairs, min(args.per_band, len(pairs))):
            overlap = lexical_overlap(content_words(members[i].text), content_words(members[j].text))
            print(f"--- cos {similarity[i, j]:.3f} lex {overlap:.2f}\nA {members[i].id} {members[i].source[:40]}: {members[i].text[:220]}\n"
                  f"B {members[j].id} {members[j].source[:40]}: {members[j].text[:220]}")


if __name__ == "__main__":
    main()
