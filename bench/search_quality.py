"""Search quality on the two query halves over the indexed corpus: Recall@10 and MRR@10, with the
queries as written and typed without diacritics, through Index.search itself.

    python -m bench.search_quality [--set tune|check|both] [--modes dense,keyword,hybrid]
    (index: data/ or CHIDAO_INDEX_DIR; queries: bench/data/queries_tune.jsonl, queries_check.jsonl,
    split by notice; per type, Recall@10 is printed)"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

from extraction.textnorm import fold, nfc
from index import Index

DATA = Path(__file__).parent / "data"
HALVES = {"tune": DATA / "queries_tune.jsonl", "check": DATA / "queries_check.jsonl"}


def relevant_vids(index: Index, keys: list[str]) -> set[int]:
    """The searchable records each "NNN|text" key names (NNN: the notice file's number prefix):
    the records whose span covers where the text occurs in the notice, however it was split. A key
    whose text extraction left unsearchable (taken for a heading, say) stays wanted as a negative
    id that no hit has, so it counts as missed."""
    vids: set[int] = set()
    for number, key in enumerate(keys, 1):
        prefix, text = key.split("|", 1)
        pattern = re.compile(r"\s+".join(re.escape(word) for word in nfc(text).split()), re.IGNORECASE)
        notices = index.store.query("SELECT notice_id, text FROM notices WHERE source LIKE ?", (f"{prefix}%",))
        found = [(notice, match) for notice in notices if (match := pattern.search(notice["text"]))]
        for notice, match in found:
            rows = index.store.query("SELECT vid FROM records WHERE notice_id = ? AND span_start < ? AND span_end > ? "
                                     "AND vector IS NOT NULL", (notice["notice_id"], match.end(), match.start()))
            vids.update(row["vid"] for row in rows)
            if not rows:
                vids.add(-number)
        if not found:
            raise KeyError(f"no notice {prefix} with {text!r}")
    return vids


def evaluate(index: Index, queries: list[dict], mode: str, bare: bool, k: int = 10) -> dict[str, tuple[float, float]]:
    """(Recall@k, MRR@k) per query type and "all", plus "ms" (median and mean milliseconds per query)."""
    sums: dict[str, list[float]] = {}
    times: list[float] = []
    for item in queries:
        wanted = item["vids"]
        text = fold(item["query"]) if bare else item["query"]
        start = time.perf_counter()
        hits = index.search(text, k=k, mode=mode)
        times.append(time.perf_counter() - start)
        ranks = [rank for rank, hit in enumerate(hits, 1) if hit.vid in wanted]
        recall = len({h.vid for h in hits} & wanted) / min(len(wanted), k)
        for group in ("all", item["type"]):
            entry = sums.setdefault(group, [0.0, 0.0, 0])
            entry[0] += recall
            entry[1] += 1 / ranks[0] if ranks else 0.0
            entry[2] += 1
    result = {group: (r / n, m / n) for group, (r, m, n) in sums.items()}
    result["ms"] = (1000 * statistics.median(times), 1000 * statistics.fmean(times))
    return result


def load(path: Path, index: Index) -> list[dict]:
    """A query file with each query's relevant vids resolved in the index."""
    queries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for item in queries:
        item["vids"] = relevant_vids(index, item["relevant"])
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=("tune", "check", "both"), default="both")
    parser.add_argument("--modes", default="hybrid", help="comma-separated: dense,keyword,hybrid")
    args = parser.parse_args()
    index = Index()
    index.search("khởi động", k=1)
    print(f"over {index.stats()['vectors']} searchable records")
    for half in (("tune", "check") if args.set == "both" else (args.set,)):
        queries = load(HALVES[half], index)
        types = sorted({q["type"] for q in queries})
        print(f"\n{half} half: {len(queries)} queries, each also typed without diacritics")
        print(f"{'leg':8} {'queries':11} {'R@10':>6} {'MRR@10':>7} {'p50 ms':>6} {'mean':>6}  " + "  ".join(f"{t[:10]:>10}" for t in types))
        for mode in args.modes.split(","):
            for bare in (False, True):
                result = evaluate(index, queries, mode, bare)
                recall, mrr = result["all"]
                print(f"{mode:8} {'no accents' if bare else 'as written':11} {recall:6.3f} {mrr:7.3f} {result['ms'][0]:6.1f} {result['ms'][1]:6.1f}  "
                      + "  ".join(f"{result[t][0]:10.3f}" for t in types))


if __name__ == "__main__":
    main()
