"""Search quality on a query set over the indexed corpus: Recall@10 and MRR@10 for the dense leg,
the keyword leg and their fusion, each with the queries as written and typed without diacritics.

    python -m bench.search_quality [--queries bench/data/queries.jsonl]   (index: data/ or CHIDAO_INDEX_DIR)"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from extraction.textnorm import fold
from index import Index

DATA = Path(__file__).parent / "data" / "queries.jsonl"


def relevant_vids(index: Index, keys: list[str]) -> set[int]:
    """The records each "source-prefix|text-prefix" key names."""
    vids = set()
    for key in keys:
        prefix, text = key.split("|", 1)
        rows = index.store.query("SELECT r.vid FROM records r JOIN notices n USING(notice_id) "
                                 "WHERE n.source LIKE ? AND r.text LIKE ? AND r.vector IS NOT NULL", (f"{prefix}%", f"%{text}%"))
        if not rows:
            raise KeyError(f"no record for {key!r}")
        vids.update(row["vid"] for row in rows)
    return vids


def evaluate(index: Index, queries: list[dict], mode: str, bare: bool, k: int = 10) -> tuple[float, float, float]:
    """(Recall@k, MRR@k, mean milliseconds) over the query set."""
    recall = mrr = elapsed = 0.0
    for item in queries:
        wanted = item["vids"]
        text = fold(item["query"]) if bare else item["query"]
        start = time.perf_counter()
        hits = index.search(text, k=k, mode=mode)
        elapsed += time.perf_counter() - start
        ranks = [rank for rank, hit in enumerate(hits, 1) if hit.vid in wanted]
        recall += len({h.vid for h in hits} & wanted) / min(len(wanted), k)
        mrr += 1 / ranks[0] if ranks else 0.0
    n = len(queries)
    return recall / n, mrr / n, 1000 * elapsed / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", default=str(DATA))
    args = parser.parse_args()
    index = Index()
    queries = [json.loads(line) for line in Path(args.queries).read_text(encoding="utf-8").splitlines() if line.strip()]
    for item in queries:
        item["vids"] = relevant_vids(index, item["relevant"])
    index.search("khởi động", k=1)
    print(f"{len(queries)} queries over {index.stats()['vectors']} searchable records")
    print(f"{'leg':8} {'queries':10} {'Recall@10':>9} {'MRR@10':>7} {'ms/query':>9}")
    for mode in ("dense", "keyword", "hybrid"):
        for bare in (False, True):
            recall, mrr, ms = evaluate(index, queries, mode, bare)
            print(f"{mode:8} {'no accents' if bare else 'as written':10} {recall:9.3f} {mrr:7.3f} {ms:9.1f}")


if __name__ == "__main__":
    main()
