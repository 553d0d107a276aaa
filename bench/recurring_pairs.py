"""Pair precision and recall of the recurring groups on hand-labelled cross-notice pairs of
corpus/ (bench/data/recurring_pairs.jsonl), split by matter into a tuning half and a check half.
A pair counts as found when both records end up in one group of `recurring()` (the code path of
`python -m index recurring`). The grid is searched on the tuning half only; both halves are
printed at the best cell and at the defaults of index/recurring.py.

    python -m bench.recurring_pairs [--no-grid]   (index: data/ or CHIDAO_INDEX_DIR, of corpus/)"""
from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from index import Index
from index.recurring import recurring, thresholds

DATA = Path(__file__).parent / "data" / "recurring_pairs.jsonl"
SALT = "3"  # fixed: the salt that splits the 170 pairs 86 / 84 (44+42 same, 42+42 look-alikes)


def half(matter: str) -> str:
    """"tune" or "check", by a stable hash of the matter id."""
    return "tune" if int(hashlib.sha1(f"{SALT}:{matter}".encode()).hexdigest(), 16) % 2 == 0 else "check"


def labelled_pairs(index: Index) -> list[dict]:
    """The annotated pairs with the vids of their records ("source prefix|text fragment")."""
    rows = index.store.query("SELECT r.vid, r.text, n.source FROM records r JOIN notices n USING(notice_id) ORDER BY r.vid")

    def find(key: str) -> int:
        prefix, text = key.split("|", 1)
        for row in rows:
            if row["source"].startswith(prefix) and text in row["text"]:
                return row["vid"]
        raise KeyError(f"annotated record not found: {key}")

    pairs = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        pairs.append({**item, "va": find(item["a"]), "vb": find(item["b"]), "half": half(item["matter"])})
    return pairs


def score(pairs: list[dict], groups: list) -> dict[str, tuple[float, float, int, int, int]]:  # noqa: ANN001
    """Per half (and all): precision, recall, true positives, false positives, positives."""
    group_of = {m.vid: number for number, g in enumerate(groups) for m in g.members}
    result = {}
    for name in ("tune", "check", "all"):
        chosen = [p for p in pairs if name == "all" or p["half"] == name]
        found = [p["va"] in group_of and group_of.get(p["va"]) == group_of.get(p["vb"]) for p in chosen]
        tp = sum(f and p["same"] for f, p in zip(found, chosen))
        fp = sum(f and not p["same"] for f, p in zip(found, chosen))
        positives = sum(p["same"] for p in chosen)
        result[name] = (tp / (tp + fp) if tp + fp else 1.0, tp / positives if positives else 1.0, tp, fp, positives)
    return result


def report(title: str, scores: dict) -> None:
    print(title)
    print(f"  {'half':6} {'pairs':>5} {'precision':>9} {'recall':>6}  (found same / found look-alikes / same)")
    for name, (precision, recall, tp, fp, positives) in scores.items():
        print(f"  {name:6} {'':5} {precision:9.2f} {recall:6.2f}  ({tp} / {fp} / {positives})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-grid", action="store_true", help="only the defaults")
    parser.add_argument("--misses", action="store_true", help="print the wrongly judged pairs of the tuning half")
    args = parser.parse_args()
    index = Index()
    pairs = labelled_pairs(index)
    print(f"{len(pairs)} pairs: tune {sum(p['half'] == 'tune' for p in pairs)}, check {sum(p['half'] == 'check' for p in pairs)}")
    if not args.no_grid:
        best = None
        for similarity in (0.82, 0.85, 0.87, 0.89, 0.91):
            for lexical in (1.0, 2.0, 3.0, 5.0):
                precision, recall, *_ = score(pairs, recurring(index, similarity=similarity, lexical=lexical))["tune"]
                f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
                key = (round(f1, 3), precision, similarity, lexical)
                if best is None or key > best[0]:
                    best = (key, similarity, lexical)
        _, similarity, lexical = best
        report(f"best cell on the tuning half: cosine >= {similarity}, shared mass >= {lexical}",
               score(pairs, recurring(index, similarity=similarity, lexical=lexical)))
    groups = recurring(index)
    similarity, lexical = thresholds()
    report(f"defaults (cosine >= {similarity}, shared mass >= {lexical}):", score(pairs, groups))
    if args.misses:
        group_of = {m.vid: number for number, g in enumerate(groups) for m in g.members}
        for p in pairs:
            found = p["va"] in group_of and group_of.get(p["va"]) == group_of.get(p["vb"])
            if p["half"] == "tune" and found != p["same"]:
                print(f"  {'missed' if p['same'] else 'merged'}: {p['a']} ~ {p['b']} ({p['matter']})")


if __name__ == "__main__":
    main()
