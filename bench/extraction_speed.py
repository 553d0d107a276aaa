"""Extraction speed: notices per second over corpus/, and the time of one 10-page notice.

    python -m bench.extraction_speed"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

from extraction import extract, extract_text

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    files = sorted((ROOT / "corpus").glob("*.txt"))
    extract(files[0])  # imports and underthesea's first load are not extraction
    start = time.perf_counter()
    records = sum(len(extract(path).records) for path in files)
    elapsed = time.perf_counter() - start
    size = sum(path.stat().st_size for path in files) / 1048576
    print(f"corpus: {len(files)} notices ({size:.1f} MB, {records} records) in {elapsed:.2f} s: "
          f"{len(files) / elapsed:.1f} notices/s, {size / elapsed:.2f} MB/s")
    seed = (ROOT / "corpus" / "000_laichau-tp-ketluan-phien-hop-thang-3-2024.txt").read_text(encoding="utf-8")
    pages = seed.count("\n\n") / 45  # about 45 broken lines a page in the seed's PDF text
    ten_pages = seed * max(1, round(10 / pages))
    times = []
    for _ in range(5):
        start = time.perf_counter()
        extract_text(ten_pages)
        times.append(time.perf_counter() - start)
    print(f"a 10-page notice (the seed repeated, {len(ten_pages)} characters): median {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
