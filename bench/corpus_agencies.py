"""Who the demo corpus's directives name: the share with a responsible agency and the most
frequent canonical names (the figures the extraction issue asks for).

    python -m bench.corpus_agencies [--top 40]"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from extraction import extract

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    directives = named = 0
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        for record in extract(path).directives:
            directives += 1
            named += bool(record.agencies)
            counts.update(record.agencies)
    print(f"{directives} directives, {named / directives:.1%} with a responsible agency, {len(counts)} distinct names")
    for rank, (name, count) in enumerate(counts.most_common(args.top), 1):
        print(f"{rank:3}. {count:5}  {name}")


if __name__ == "__main__":
    main()
