"""Index benchmarks: ingest speed against the raw encoder, query latency at 1k-1M directives
against one query encode, ANN recall against exact search, peak memory.

    python -m bench.index_speed                 (uses corpus/ and a temporary index)
    python -m bench.index_speed --scale 100000  (one scale, in this process: what the table runs)

Scale is made by varying real directives: each synthetic directive is a real one's vector plus
Gaussian noise (re-normalised, cosine to its source about 0.9) and its real keyword tokens plus
two variant tokens, so both legs search collections of realistic shape."""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [json.loads(line)["query"] for line in (Path(__file__).parent / "data" / "queries_tune.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def ingest(limit: int) -> dict:
    """Directives/s of Index.add_many against the raw encoder's sentences/s on the same texts."""
    from extraction import extract
    from index import Index
    from index.core import SEARCHABLE
    from index.model import Encoder
    from index.text import expand_abbreviations

    files = sorted((ROOT / "corpus").glob("*.txt"))[:limit]
    texts = [expand_abbreviations(r.text) for f in files for r in extract(f).records if r.kind in SEARCHABLE]
    encoder = Encoder()
    encoder.passages(texts[:32])  # warm up
    start = time.perf_counter()
    encoder.passages(texts)
    raw = len(texts) / (time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as directory:
        index = Index(directory)
        index._encoder = encoder
        start = time.perf_counter()
        index.add_many(files)
        elapsed = time.perf_counter() - start
        records = index.stats()["vectors"]
    return {"files": len(files), "texts": len(texts), "raw_per_s": raw, "ingest_per_s": records / elapsed}


def one_scale(size: int) -> dict:
    """Latency of the search legs on a synthetic collection of `size` directives ("hybrid" here is
    both legs run as Index.search runs them, without its scoring; bench/search_latency.py times
    Index.search itself)."""
    from index import keyword as kw  # index first: it sets OpenMP's wait policy before faiss loads
    from index import vectors as vecs
    from index.core import _LEGS as LEGS
    from index.core import Index
    from index.keyword import KeywordIndex
    from index.model import Encoder
    from index.store import Store
    from index.text import keyword_tokens

    import faiss  # noqa: I001 - after index

    source = Index(Path(sys.argv[sys.argv.index("--source") + 1]))
    rows = source.store.query("SELECT text, vector FROM records WHERE vector IS NOT NULL")
    base = source.store.decode_vectors(rows)
    rng = np.random.default_rng(7)
    picks = rng.integers(0, len(base), size)
    noise = rng.normal(0, 0.025, (size, base.shape[1])).astype(np.float32)
    data = base[picks] + noise
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    ids = np.arange(size, dtype=np.int64)
    start = time.perf_counter()
    index = vecs.build(data.shape[1], ids, data)
    build_s = time.perf_counter() - start
    encoder = Encoder()
    queries = [encoder.query(q) for q in QUERIES]
    encode_times = []
    for q in QUERIES * 2:
        t0 = time.perf_counter()
        encoder.query(q)
        encode_times.append(time.perf_counter() - t0)
    tokens = [keyword_tokens(r["text"]) for r in rows]
    keyword = None
    if size <= 1_000_000:  # the postings in a scratch SQLite file, as an index keeps them
        store = Store(Path(tempfile.mkdtemp(prefix="chidao-bench-kw-")) / "keyword.sqlite")
        with store.transaction() as db:
            kw.build_tokens(db, ((i, tokens[p] + [f"v{p % 97}", f"w{i % 89}"]) for i, p in enumerate(picks.tolist())))
        keyword = KeywordIndex(store)
    search_times, hybrid_times = [], []
    for _ in range(3):
        for text in QUERIES:
            t0 = time.perf_counter()
            pending = LEGS.submit(keyword.search, text, 50) if keyword is not None else None
            vector = encoder.query(text)  # as Index.search: encode and dense search while BM25 runs
            t1 = time.perf_counter()
            _, found = vecs.search(index, vector, 50)
            search_times.append(time.perf_counter() - t1)
            if pending is not None:  # both legs; hybrid through Index.search itself: bench/search_latency.py
                pending.result()
                hybrid_times.append(time.perf_counter() - t0)
    result = {"size": size, "index": type(faiss.downcast_index(index.index)).__name__, "build_s": build_s,
              "dense_p50_ms": _percentiles(search_times)[0], "dense_p95_ms": _percentiles(search_times)[1],
              "encode_p50_ms": _percentiles(encode_times)[0]}
    if hybrid_times:
        result["hybrid_p50_ms"], result["hybrid_p95_ms"] = _percentiles(hybrid_times)
    if size > vecs.approx_threshold():
        exact = faiss.IndexFlatIP(data.shape[1])
        exact.add(data)
        probe = np.stack(queries)
        _, truth = exact.search(probe, 10)
        _, approx = index.search(probe, 10)
        result["recall_at_10"] = float(np.mean([len(set(a) & set(t)) / 10 for a, t in zip(approx, truth)]))
    result["index_mb"] = faiss.serialize_index(index).nbytes / 1048576
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int)
    parser.add_argument("--source", help="index holding real directives (default: a temporary corpus index)")
    parser.add_argument("--ingest-files", type=int, default=40)
    parser.add_argument("--scales", default="1000,10000,100000,1000000")
    args = parser.parse_args()
    if args.scale:
        print(json.dumps(one_scale(args.scale)))
        return
    numbers = ingest(args.ingest_files)
    print(f"ingest: {numbers['files']} notices, {numbers['texts']} directive texts")
    print(f"  raw encoder {numbers['raw_per_s']:.1f} texts/s, index.add_many {numbers['ingest_per_s']:.1f} directives/s, "
          f"ratio {numbers['ingest_per_s'] / numbers['raw_per_s']:.2f}")
    source = args.source
    if not source:
        from index import Index

        source = tempfile.mkdtemp(prefix="chidao-bench-")
        Index(source).add_many(sorted((ROOT / "corpus").glob("*.txt")))
    print(f"{'directives':>10} {'index':>12} {'build s':>8} {'dense p50':>9} {'p95':>6} {'hybrid p50':>10} {'p95':>6} "
          f"{'encode':>7} {'p50/encode':>10} {'recall@10':>9} {'index MB':>8} {'peak MB':>8}")
    for size in map(int, args.scales.split(",")):
        run = subprocess.run([sys.executable, "-m", "bench.index_speed", "--scale", str(size), "--source", source],
                             cwd=ROOT, capture_output=True, text=True)
        if run.returncode:
            print(f"{size:>10} failed: {run.stderr.strip().splitlines()[-1] if run.stderr.strip() else run.returncode}")
            continue
        r = json.loads(run.stdout.strip().splitlines()[-1])
        hybrid = r.get("hybrid_p50_ms")
        total = hybrid if hybrid is not None else r["dense_p50_ms"] + r["encode_p50_ms"]
        print(f"{r['size']:>10} {r['index'][:12]:>12} {r['build_s']:8.1f} {r['dense_p50_ms']:9.2f} {r['dense_p95_ms']:6.2f} "
              f"{(hybrid or float('nan')):10.1f} {r.get('hybrid_p95_ms', float('nan')):6.1f} {r['encode_p50_ms']:7.1f} "
              f"{total / r['encode_p50_ms']:10.2f} {r.get('recall_at_10', float('nan')):9.3f} {r['index_mb']:8.0f} {r['peak_rss_mb']:8.0f}")


if __name__ == "__main__":
    main()
