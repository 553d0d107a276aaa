"""Side by side with txtai 9.14 on the same model folder and corpus: build time, query latency,
Recall@10 and MRR@10 on bench/data/queries_tune.jsonl. Runs in its own environment:

    python3 -m venv .bench-venv && .bench-venv/bin/pip install -r bench/requirements-txtai.txt
    .bench-venv/bin/python bench/compare_txtai.py INDEX_DIR MODEL_FOLDER

It reads the directives chidao indexed (INDEX_DIR/chidao.sqlite) so both systems see the same
texts; chidao's own figures come from python -m bench.search_quality."""
from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import time
import unicodedata
from pathlib import Path

from txtai import Embeddings

QUERIES = Path(__file__).parent / "data" / "queries_tune.jsonl"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def main() -> None:
    index_dir, model = Path(sys.argv[1]), sys.argv[2]
    db = sqlite3.connect(index_dir / "chidao.sqlite")
    rows = db.execute("SELECT r.vid, r.text, n.source FROM records r JOIN notices n USING(notice_id) "
                      "WHERE r.vector IS NOT NULL").fetchall()
    queries = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    for item in queries:
        item["vids"] = {vid for vid, text, source in rows for key in item["relevant"]
                        if source.startswith(key.split("|", 1)[0]) and key.split("|", 1)[1] in text}
    for hybrid in (False, True):
        embeddings = Embeddings(path=model, content=False, hybrid=hybrid, instructions={"query": "query: ", "data": "passage: "},
                                vectors={"trust_remote_code": False})
        start = time.perf_counter()
        embeddings.index([(vid, text, None) for vid, text, _ in rows])
        build = time.perf_counter() - start
        for bare in (False, True):
            recall = mrr = 0.0
            times = []
            for item in queries:
                text = fold(item["query"]) if bare else item["query"]
                begin = time.perf_counter()
                hits = [int(uid) for uid, _ in embeddings.search(text, 10)]
                times.append(time.perf_counter() - begin)
                found = [rank for rank, uid in enumerate(hits, 1) if uid in item["vids"]]
                recall += len(set(hits) & item["vids"]) / min(len(item["vids"]), 10)
                mrr += 1 / found[0] if found else 0.0
            n = len(queries)
            print(f"txtai {'hybrid' if hybrid else 'dense '} {'no accents' if bare else 'as written'}: build {build:.0f} s "
                  f"for {len(rows)} texts, Recall@10 {recall / n:.3f}, MRR@10 {mrr / n:.3f}, "
                  f"p50 {statistics.median(times) * 1000:.0f} ms/query")


if __name__ == "__main__":
    main()
