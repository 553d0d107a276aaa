"""Recurring-issue timings on a synthetic SQLite index of N records: real texts and vectors of an
index (each copied into several synthetic notices, the text with a variant word, the vector with
noise), 100 records a notice. Prints the full link computation, the grouping from the link table,
and the update after one more notice (its links, then the grouping again, which works out again
only the clusters the notice can change: index/recurring_cache.py), wall-clock and (in brackets)
this process's CPU seconds, which other work on the machine does not inflate; then that grouping
from scratch and whether its groups are the same. Above
recurring_links.EXACT_UP_TO members the neighbours come from an IVF index: the share of the exact
neighbours it finds is printed for 1000 sampled records. Times are printed, not asserted.

    python -m bench.recurring_speed [--sizes 10000,100000]   (index: data/ or CHIDAO_INDEX_DIR)"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from index import Index
from index.recurring import group_links
from index import recurring_links
from index.recurring_links import MEMBER_SQL, Pool, neighbours, sync
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


def timed(work):  # noqa: ANN001, ANN201
    """(result, wall seconds, CPU seconds) of work()."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def ivf_recall(store: Store, rng: np.random.Generator) -> str:
    """The share of 1000 sampled members' exact neighbours that the IVF search finds (all
    candidates, and those at the default link cosine)."""
    pool = Pool.load(store, set())
    sample = np.sort(rng.choice(len(pool.vids), min(1000, len(pool.vids)), replace=False))
    exact = neighbours(pool, sample, exact_up_to=len(pool.vids))
    found = neighbours(pool, sample, exact_up_to=0)
    got = set(zip(found[0].tolist(), found[1].tolist()))
    pairs = list(zip(exact[0].tolist(), exact[1].tolist()))
    strong = [p for p, cosine in zip(pairs, exact[2].tolist()) if cosine >= 0.89]
    return (f"IVF neighbours (1000 sampled): {sum(p in got for p in pairs) / max(1, len(pairs)):.3f} of the exact ones, "
            f"{sum(p in got for p in strong) / max(1, len(strong)):.3f} of those at cosine >= 0.89")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    pool = Pool.from_rows(Index().store.query(MEMBER_SQL))
    if not pool.texts:  # the texts and vectors come from a real index
        raise SystemExit("lỗi: chỉ mục chưa có nhiệm vụ nào; đặt CHIDAO_INDEX_DIR là thư mục chỉ mục của corpus/ "
                         "(python -m index build corpus)")
    rng = np.random.default_rng(5)
    print(f"{'records':>8} {'links (full)':>16} {'grouping':>14} {'groups':>7} {'update: links':>14} {'+ grouping':>14}"
          f" {'= update':>14}   (wall s [CPU s])")
    notes = []
    for size in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            store = synthetic_store(Path(folder) / "index.sqlite", pool, size, rng)
            _, full, full_cpu = timed(lambda: sync(store, full=True))
            groups, grouping, grouping_cpu = timed(lambda: group_links(store))
            add_notice(store, pool, size, rng)
            _, update, update_cpu = timed(lambda: sync(store))
            regrouped, regroup, regroup_cpu = timed(lambda: group_links(store))
            scratch, again, again_cpu = timed(lambda: group_links(store, reuse=False))
            print(f"{size:>8} {full:7.1f} [{full_cpu:5.1f}] {grouping:5.1f} [{grouping_cpu:5.1f}] {len(groups):>7} "
                  f"{update:5.1f} [{update_cpu:5.1f}] {regroup:5.1f} [{regroup_cpu:5.1f}] "
                  f"{update + regroup:5.1f} [{update_cpu + regroup_cpu:5.1f}]", flush=True)
            notes.append(f"{size}: the grouping after the update without the memo {again:.1f} s [{again_cpu:.1f}], "
                         f"same groups: {regrouped == scratch}")
            if size > recurring_links.EXACT_UP_TO:
                notes.append(f"{size}: {ivf_recall(store, rng)}")
            store.db.close()
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
