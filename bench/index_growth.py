"""Growth through Index itself: open an index of N records, the first search, adding one notice
and the first search after it; cold start of that index (open + first search in a fresh process)
against the model's own load time.

    python -m bench.index_growth [N ...]      # default 100000

The N records are synthetic rows of realistic length (texts of corpus/ records with a number
appended, random unit vectors) written straight into SQLite, so no encoding is timed but the one
notice's; the first open builds the keyword postings and accent counts from SQLite (as for an
index made before them), timed apart. Prints figures and ratios; asserts nothing about time."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PER_NOTICE = 40


def corpus_texts(limit: int = 2000) -> list[tuple[str, str, str]]:
    """(text, agencies json, context) of real records, from a few corpus notices."""
    from extraction import extract

    rows = []
    for path in sorted((ROOT / "corpus").glob("*.txt"))[:40]:
        for record in extract(path).records:
            if record.kind == "directive":
                rows.append((record.text, json.dumps(record.agencies, ensure_ascii=False), record.context))
        if len(rows) >= limit:
            break
    return rows


def synthesise(directory: Path, count: int, dim: int = 384) -> None:
    """An index folder holding count synthetic searchable records (SQLite only: the FAISS file
    is built from SQLite's vectors when the index is first opened, as a repair would)."""
    from index.model import resolve_name
    from index.store import Store

    store = Store(directory / "chidao.sqlite")
    texts = corpus_texts()
    rng = np.random.default_rng(0)
    with store.transaction() as db:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('model', ?)", (resolve_name(),))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('dim', ?)", (str(dim),))
        for start in range(0, count, PER_NOTICE):
            notice_id = f"syn{start:09d}"
            db.execute("INSERT INTO notices (notice_id, source, month, text, origin) VALUES (?, ?, ?, ?, 'corpus')",
                       (notice_id, f"{notice_id}.txt", f"20{20 + start % 6}-{1 + start % 12:02d}", ""))
            vectors = rng.standard_normal((min(PER_NOTICE, count - start), dim)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            rows = []
            for offset, vector in enumerate(vectors):
                text, agencies, context = texts[(start + offset) % len(texts)]
                rows.append((f"{notice_id}-{offset}", notice_id, "directive", f"{text} (mục {start + offset})",
                             agencies, context, offset, offset + 1, vector.astype(np.float16).tobytes()))
            db.executemany("INSERT INTO records (id, notice_id, kind, text, agencies, context, span_start, span_end, "
                           "vector) VALUES (?,?,?,?,?,?,?,?,?)", rows)


def timed(action):  # noqa: ANN001, ANN201
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def growth(count: int) -> None:
    from extraction import extract_text
    from index import Index
    from index.core import SEARCHABLE
    from index.passages import passage_text
    from tests.crash_child import notice_text

    with tempfile.TemporaryDirectory(prefix="chidao-growth-") as folder:
        directory = Path(folder)
        _, made = timed(lambda: synthesise(directory, count))
        _, migrated = timed(lambda: Index(directory))  # FAISS, postings and accent counts built from SQLite
        Index(directory).encoder  # noqa: B018 - model loaded, outside the timings
        index, opened = timed(lambda: Index(directory))
        index.encoder  # noqa: B018
        _, first = timed(lambda: index.search("giải phóng mặt bằng", k=10))
        notice = extract_text(notice_text(777), "moi.txt")
        result, added = timed(lambda: index.add_notice(notice))
        _, encoding = timed(lambda: index.encoder.passages([passage_text(r.text, r.agencies, r.context)
                                                            for r in notice.records if r.kind in SEARCHABLE]))
        hits, after = timed(lambda: index.search("DA0777", k=10))
        found = any("DA0777" in hit.text for hit in hits)
        _, warm = timed(lambda: index.search("kiểm kê kho", k=10))
        size = sum(p.stat().st_size for p in directory.glob("vectors*.faiss")) / 1e6
        print(f"{count:>9,} records (made in {made:.0f} s, first open building FAISS and the tables {migrated:.0f} s): "
              f"open {opened:.2f} s, first search {first:.2f} s, add one notice {added:.2f} s ({result.status}; "
              f"encoding its records alone {encoding:.2f} s), first search after it {after:.2f} s (found: {found}), "
              f"searchable after {added + after:.2f} s, then a search {warm * 1e3:.0f} ms; "
              f"FAISS file {size:.0f} MB, SQLite {(directory / 'chidao.sqlite').stat().st_size / 1e6:.0f} MB")
        if "--no-cold" not in sys.argv:
            cold_start(directory, count)


def cold_start(folder: Path, count: int) -> None:
    """Open an index and answer a search in a fresh process, against loading the model alone in
    a fresh process."""
    model = ("import time; t = time.perf_counter(); from index.model import load; load();"
             "print(time.perf_counter() - t)")
    search = ("import time; t = time.perf_counter(); from index import Index;"
              f"Index({str(folder)!r}).search('kiểm kê kho', k=10); print(time.perf_counter() - t)")
    load = float(subprocess.run([sys.executable, "-c", model], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.split()[-1])
    first = float(subprocess.run([sys.executable, "-c", search], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.split()[-1])
    print(f"{count:>9,} records, cold start: open + first search {first:.2f} s, model load alone {load:.2f} s, "
          f"ratio {first / load:.2f}")


def main() -> None:
    counts = [int(a.replace("_", "")) for a in sys.argv[1:] if a[0].isdigit()] or [100_000]
    for count in counts:
        growth(count)


if __name__ == "__main__":
    main()
