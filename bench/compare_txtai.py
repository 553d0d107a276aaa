"""Side by side with txtai 9.14, like for like: the same passages chidao encodes (a record's text with
its agencies and context, abbreviations expanded: index.passages), the same model folder in float32,
txtai's hybrid index (method "sentence-transformers"), the tuning queries as a clerk types them
(bench/data/queries_tune.jsonl, also without diacritics), scored on the same relevant records as
python -m bench.search_quality. Prints txtai's build time (wall and CPU) for those passages, its
Recall@10, MRR@10 and p50 per query. Runs in its own environment (txtai is no dependency of chidao):

    python3 -m venv .bench-venv && .bench-venv/bin/pip install -r bench/requirements-txtai.txt
    PYTHONPATH=. .bench-venv/bin/python -m bench.compare_txtai INDEX_DIR MODEL_FOLDER

chidao's own figures for the same index come from `python -m bench.search_quality --set tune`, and
its build time from `python -m index build` into an empty folder (which extracts the notices too)."""
from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import index  # noqa: F401,I001 - first: it sets OpenMP's wait policy before txtai loads torch, for both alike
from txtai import Embeddings

from bench.search_quality import HALVES, load
from extraction.textnorm import fold
from index.passages import passage_text
from index.store import Store


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    index_dir, model = Path(sys.argv[1]), sys.argv[2]
    store = Store(index_dir / "chidao.sqlite")
    queries = load(HALVES["tune"], SimpleNamespace(store=store))  # the relevant records as search_quality reads them
    rows = store.query("SELECT vid, text, agencies, context FROM records WHERE vector IS NOT NULL ORDER BY vid")
    passages = [(row["vid"], passage_text(row["text"], json.loads(row["agencies"] or "[]"), row["context"]), None)
                for row in rows]
    for hybrid in (False, True):
        embeddings = Embeddings(path=model, method="sentence-transformers", content=False, hybrid=hybrid,
                                instructions={"query": "query: ", "data": "passage: "},
                                vectors={"trust_remote_code": False, "model_kwargs": {"dtype": "float32"}})
        start, cpu = time.perf_counter(), _cpu()
        embeddings.index(passages)
        build, build_cpu = time.perf_counter() - start, _cpu() - cpu
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
            print(f"txtai {'hybrid' if hybrid else 'dense '} {'no accents' if bare else 'as written'}: build {build:.0f} s [{build_cpu:.0f} CPU] "
                  f"for {len(rows)} passages, Recall@10 {recall / n:.3f}, MRR@10 {mrr / n:.3f}, "
                  f"p50 {statistics.median(times) * 1000:.0f} ms/query")


if __name__ == "__main__":
    main()
