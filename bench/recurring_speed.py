"""Recurring-issue timings on a synthetic SQLite index of N records: real texts and vectors of an
index (each copied into several synthetic notices, the text with a variant word, the vector with
noise), 100 records a notice. Prints the full link computation, the grouping from the link table,
and the update after one more notice (its links, then the grouping again). Times are printed,
not asserted.

    python -m bench.recurring_speed [--sizes 10000,100000]   (index: data/ or CHIDAO_INDEX_DIR)"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from index import Index
from index.recurring import group_links
from index.recurring_links import MEMBER_SQL, Pool, sync
from index.store import Store

PER_NOTICE = 100


def synthetic_store(path: Path, pool: Pool, size: int, rng: np.random.Generator) -> Store:
    """A real Store with size records spread over size / PER_NOTICE notices."""
    store = Store(path)
    picks = rng.integers(0, len(pool.texts), size)
    vectors = pool.vectors[picks] + rng.normal(0, 0.02, (size, pool.vectors.shape[1])).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    with store.transaction() as db:
        for n in range((size + PER_NOTICE - 1) // PER_NOTICE + 1):
            db.execute("INSERT INTO notices (notice_id, source, issuer, meeting_date, month) VALUES (?, ?, ?, ?, ?)",
                       (f"n{n}", f"tb-{n}.txt", f"UBND {n % 40}", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", f"2025-{1 + n % 12:02d}"))
        db.executemany("INSERT INTO records (id, notice_id, kind, text, agencies, month, vector) VALUES (?, ?, ?, ?, '[]', ?, ?)",
                       [(f"r{i}", f"n{i // PER_NOTICE}", "directive", f"{pool.texts[p]} đợt {i % 97}", f"2025-{1 + (i // PER_NOTICE) % 12:02d}",
                         vectors[i].astype(np.float16).tobytes()) for i, p in enumerate(picks.tolist())])
    return store


def add_notice(store: Store, pool: Pool, size: int, rng: np.random.Generator) -> None:
    """One more notice of PER_NOTICE / 3 records."""
    picks = rng.integers(0, len(pool.texts), PER_NOTICE // 3)
    notice = f"n{size // PER_NOTICE + 1}"
    with store.transaction() as db:
        db.execute("INSERT INTO notices (notice_id, source, meeting_date, month) VALUES (?, ?, '2026-01-15', '2026-01')",
                   (notice, f"{notice}.txt"))
        db.executemany("INSERT INTO records (id, notice_id, kind, text, agencies, month, vector) VALUES (?, ?, 'directive', ?, '[]', '2026-01', ?)",
                       [(f"new{i}", notice, pool.texts[p], pool.vectors[p].astype(np.float16).tobytes())
                        for i, p in enumerate(picks.tolist())])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    pool = Pool.from_rows(Index().store.query(MEMBER_SQL))
    rng = np.random.default_rng(5)
    print(f"{'records':>8} {'links (full)':>12} {'grouping':>9} {'groups':>7} {'update: links':>14} {'+ grouping':>11}")
    for size in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            store = synthetic_store(Path(folder) / "index.sqlite", pool, size, rng)
            start = time.perf_counter()
            sync(store, full=True)
            full = time.perf_counter() - start
            start = time.perf_counter()
            groups = group_links(store)
            grouping = time.perf_counter() - start
            add_notice(store, pool, size, rng)
            start = time.perf_counter()
            sync(store)
            update = time.perf_counter() - start
            start = time.perf_counter()
            group_links(store)
            regroup = time.perf_counter() - start
            print(f"{size:>8} {full:11.1f}s {grouping:8.1f}s {len(groups):>7} {update:13.1f}s {regroup:10.1f}s", flush=True)
            store.db.close()


if __name__ == "__main__":
    main()
