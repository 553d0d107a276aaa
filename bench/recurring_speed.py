"""Time to compute recurring-issue groups for 10k and 100k records (varied real records: real
vectors plus noise, real texts with a variant token, spread over 24 monthly notices).

    python -m bench.recurring_speed [--sizes 10000,100000]   (index: data/ or CHIDAO_INDEX_DIR)"""
from __future__ import annotations

import argparse
import time

import numpy as np

from index import Index
from index.recurring import Member, _load, group_records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    base, vectors = _load(Index(), None, None)
    rng = np.random.default_rng(5)
    print(f"{'records':>8} {'groups':>7} {'seconds':>8}")
    for size in map(int, args.sizes.split(",")):
        picks = rng.integers(0, len(base), size)
        data = vectors[picks] + rng.normal(0, 0.01, (size, vectors.shape[1])).astype(np.float32)  # cosine ~0.96 to the source
        data /= np.linalg.norm(data, axis=1, keepdims=True)
        members = [Member(id=str(i), vid=i, text=f"{base[p].text} đợt {i % 7}", kind=base[p].kind, agencies=base[p].agencies,
                          month=f"2025-{1 + i % 12:02d}", meeting_date=f"2025-{1 + i % 12:02d}-15",
                          notice_id=f"n{i % 24}", source=f"so-{i % 24}.txt") for i, p in enumerate(picks.tolist())]
        start = time.perf_counter()
        groups = group_records(members, data)
        print(f"{size:>8} {len(groups):>7} {time.perf_counter() - start:8.1f}")


if __name__ == "__main__":
    main()
