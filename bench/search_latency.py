"""Hybrid search latency through Index.search itself at scale, against one query encode (the
search issue's figure: p50 within 1.5x of encoding the query alone).

    python -m bench.search_latency [N ...]      # default 100000; copies CHIDAO_INDEX_DIR (or data/)

An index of N records is made from a real index's searchable records: each copy keeps a real
record's kind, text (numbered), agencies and heading, and its vector plus Gaussian noise (cosine to
its source about 0.9, re-normalised), written straight into SQLite; FAISS and the keyword index are
built from SQLite when the copy is first opened, as a repair would. The tuning queries are then
searched through Index.search, each timed beside encoding it. Prints figures and the ratio;
asserts nothing about time."""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

QUERIES = [json.loads(line)["query"] for line in
           (Path(__file__).parent / "data" / "queries_tune.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
PER_NOTICE = 40


def scaled_copy(source: Path, directory: Path, count: int) -> None:
    """Write an index of count records made from the searchable records of the index at source."""
    from index.store import Store

    real = Store(source / "chidao.sqlite")
    rows = real.query("SELECT vid, kind, text, agencies, cooperating, context, vector FROM records WHERE vector IS NOT NULL")
    named = {}
    for row in real.query("SELECT vid, agency, role FROM record_agencies"):
        named.setdefault(row["vid"], []).append((row["agency"], row["role"]))
    vectors = Store.decode_vectors(rows)
    rng = np.random.default_rng(11)
    copy = Store(directory / "chidao.sqlite")
    with copy.transaction() as db:
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(r["key"], r["value"]) for r in real.query("SELECT * FROM meta")])
        for first in range(0, count, PER_NOTICE):
            notice = f"scaled{first:09d}"
            db.execute("INSERT INTO notices (notice_id, source, month, text) VALUES (?, ?, ?, '')",
                       (notice, f"{notice}.txt", f"20{20 + first % 6}-{1 + first % 12:02d}"))
            picks = rng.integers(0, len(rows), min(PER_NOTICE, count - first))
            noisy = vectors[picks] + rng.normal(0, 0.025, (len(picks), vectors.shape[1])).astype(np.float32)
            noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
            for offset, (pick, vector) in enumerate(zip(picks.tolist(), noisy)):
                row = rows[pick]
                cursor = db.execute(
                    "INSERT INTO records (id, notice_id, kind, text, agencies, cooperating, context, span_start, span_end, "
                    "month, vector) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (f"{notice}-{offset}", notice, row["kind"], f"{row['text']} (bản {first + offset})", row["agencies"],
                     row["cooperating"], row["context"], offset, offset + 1, f"20{20 + first % 6}-{1 + first % 12:02d}",
                     vector.astype(np.float16).tobytes()))
                db.executemany("INSERT INTO record_agencies VALUES (?, ?, ?)",
                               [(cursor.lastrowid, agency, role) for agency, role in named.get(row["vid"], [])])


def latency(source: Path, count: int) -> None:
    """Print the first search and the p50/p95 of Index.search against one query encode."""
    from index import Index

    with tempfile.TemporaryDirectory(prefix="chidao-latency-") as folder:
        directory = Path(folder)
        made = time.perf_counter()
        scaled_copy(source, directory, count)
        made = time.perf_counter() - made
        index = Index(directory)
        start = time.perf_counter()
        index.search(QUERIES[0], k=10)
        first = time.perf_counter() - start
        searches, encodes = [], []
        for _ in range(3):
            for query in QUERIES:
                start = time.perf_counter()
                index.search(query, k=10)
                searches.append(time.perf_counter() - start)
                start = time.perf_counter()
                index.encoder.query(query)
                encodes.append(time.perf_counter() - start)
        search_p50, encode_p50 = statistics.median(searches) * 1e3, statistics.median(encodes) * 1e3
        search_p95 = sorted(searches)[int(0.95 * len(searches)) - 1] * 1e3
        print(f"{count:>9,} records (made in {made:.0f} s; first search after opening {first:.1f} s): Index.search "
              f"p50 {search_p50:.1f} ms, p95 {search_p95:.1f} ms; one query encode p50 {encode_p50:.1f} ms; "
              f"ratio {search_p50 / encode_p50:.2f}")


def main() -> None:
    from index.core import default_dir

    counts = [int(a.replace("_", "")) for a in sys.argv[1:] if a[0].isdigit()] or [100_000]
    for count in counts:
        latency(default_dir(), count)


if __name__ == "__main__":
    main()
