"""The keyword leg: BM25 (Okapi, k1 1.5, b 0.75, bm25s's "lucene" formula) over accent-blind tokens
(index.text.keyword_tokens), its postings kept in SQLite beside the records and written in the
transactions that add or remove them, so the two never disagree and an added notice is searchable
at once. A query reads the posting blocks of its own terms only (a few rows a term, each three
little-endian uint32 arrays taken with np.frombuffer) and scores them with numpy.

Tables: kw_terms (term id, term, document frequency), kw_blocks (term id, block number, lowest and
highest vid, count, then the vids, term frequencies and document lengths of up to BLOCK postings
of the term, in vid order within the block), kw_docs (vid, length, distinct terms), kw_stats (one
row: documents, total length; present once the tables are built: an index made before them has
none and is built once on open, see build). An add appends one small block per term of its
records; once a term ends in more than TAIL blocks under BLOCK postings, those are merged into
full ones (adds leave a term at most TAIL partial blocks at its end). A removal rewrites, or
deletes, every block holding a removed vid, in the same transaction, and a term it leaves with
more than TAIL blocks beyond the fewest its postings need is rewritten as full ones. An index
whose postings are in the older table of one row per posting (kw_postings) has them moved into
blocks once on open (convert, from index.store), leaving every other table as it was."""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from itertools import takewhile
from typing import Iterable, Iterator

import numpy as np

from index.text import keyword_tokens

FREQUENT = 0.05  # a query term in more than this share (and 5,000) of records is dropped when rarer ones remain
K1, B = 1.5, 0.75
BLOCK = 4096  # postings in a full block
TAIL = 8  # partial blocks a term may end in before they are merged
_CHUNK = 500  # terms per IN (...) lookup
_ROWS = 1_000_000  # postings gathered (and read by convert) at a time by build
_WORD = np.dtype("<u4")

SCHEMA = """
CREATE TABLE IF NOT EXISTS kw_terms (tid INTEGER PRIMARY KEY, term TEXT UNIQUE NOT NULL, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kw_blocks (
    tid INTEGER NOT NULL, block INTEGER NOT NULL, low INTEGER NOT NULL, high INTEGER NOT NULL, n INTEGER NOT NULL,
    vids BLOB NOT NULL, tfs BLOB NOT NULL, lengths BLOB NOT NULL, PRIMARY KEY (tid, block));
CREATE TABLE IF NOT EXISTS kw_docs (vid INTEGER PRIMARY KEY, length INTEGER NOT NULL, terms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kw_stats (id INTEGER PRIMARY KEY CHECK (id = 0), docs INTEGER NOT NULL, length INTEGER NOT NULL);
"""
_INSERT = "INSERT INTO kw_blocks VALUES (?, ?, ?, ?, ?, ?, ?, ?)"

_EMPTY = (np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64))


def built(db: sqlite3.Connection) -> bool:
    """Whether the keyword tables are built (an older index has them empty, without kw_stats's row)."""
    return db.execute("SELECT 1 FROM kw_stats").fetchone() is not None


def _plain(db: sqlite3.Connection) -> sqlite3.Cursor:
    """A cursor giving tuples (the Store's connection gives sqlite3.Row)."""
    cursor = db.cursor()
    cursor.row_factory = None
    return cursor


def _term_ids(db: sqlite3.Connection, terms: Iterable[str]) -> dict[str, tuple[int, int]]:
    """term -> (tid, df) for the known ones."""
    terms, db = list(dict.fromkeys(terms)), _plain(db)
    found: dict[str, tuple[int, int]] = {}
    for start in range(0, len(terms), _CHUNK):
        chunk = terms[start:start + _CHUNK]
        for tid, term, df in db.execute(f"SELECT tid, term, df FROM kw_terms WHERE term IN ({','.join('?' * len(chunk))})",
                                        chunk):
            found[term] = (tid, df)
    return found


def _counted(docs: Iterable[tuple[int, str]]) -> list[tuple[int, Counter[str], int]]:
    """(vid, term counts, length) of (vid, passage) pairs."""
    out = []
    for vid, text in docs:
        tokens = keyword_tokens(text)
        out.append((vid, Counter(tokens), len(tokens)))
    return out


def _blob(values: np.ndarray) -> bytes:
    if len(values) and (values.min() < 0 or values.max() > np.iinfo(_WORD).max):
        raise ValueError("a posting value does not fit in 32 bits")
    return np.ascontiguousarray(values).astype(_WORD).tobytes()


def _rows(tid: int, first: int, postings: np.ndarray) -> Iterator[tuple]:
    """kw_blocks rows numbered from first holding postings (rows of vid, tf, length, in vid order)."""
    for number, start in enumerate(range(0, len(postings), BLOCK), first):
        part = postings[start:start + BLOCK]
        vids = part[:, 0]
        yield (tid, number, int(vids.min()), int(vids.max()), len(part), _blob(vids), _blob(part[:, 1]),
               _blob(part[:, 2]))


def _decoded(blocks: list[tuple[bytes, bytes, bytes]]) -> np.ndarray:
    """The postings (rows of vid, tf, length, int64) of (vids, tfs, lengths) blobs."""
    if not blocks:
        return np.zeros((0, 3), dtype=np.int64)
    return np.column_stack([np.concatenate([np.frombuffer(block[i], dtype=_WORD) for block in blocks])
                            for i in range(3)]).astype(np.int64)


def term_postings(db: sqlite3.Connection, tid: int) -> np.ndarray:
    """A term's postings (rows of vid, tf, length), block after block."""
    return _decoded(_plain(db).execute("SELECT vids, tfs, lengths FROM kw_blocks WHERE tid = ? ORDER BY block",
                                       (tid,)).fetchall())


def _append(db: sqlite3.Connection, tid: int, new: np.ndarray) -> None:
    """Add a term's new postings (in vid order) as a block after its last one, merging its
    partial blocks at the end with them once there would be more than TAIL."""
    cursor = _plain(db)
    tail = cursor.execute("SELECT block, n FROM kw_blocks WHERE tid = ? ORDER BY block DESC LIMIT ?",
                          (tid, TAIL)).fetchall()
    partial = list(takewhile(lambda row: row[1] < BLOCK, tail))
    if len(partial) < TAIL:
        db.executemany(_INSERT, _rows(tid, tail[0][0] + 1 if tail else 0, new))
        return
    first = partial[-1][0]
    old = _decoded(cursor.execute("SELECT vids, tfs, lengths FROM kw_blocks WHERE tid = ? AND block >= ? ORDER BY block",
                                  (tid, first)).fetchall())
    merged = np.concatenate([old, new])
    merged = merged[np.argsort(merged[:, 0], kind="stable")]
    db.execute("DELETE FROM kw_blocks WHERE tid = ? AND block >= ?", (tid, first))
    db.executemany(_INSERT, _rows(tid, first, merged))


def _drop(db: sqlite3.Connection, tid: int, removed: np.ndarray) -> int:
    """Take the removed vids (sorted) out of a term's blocks; returns how many postings went."""
    cursor, gone = _plain(db), 0
    for block, vids, tfs, lengths in cursor.execute(
            "SELECT block, vids, tfs, lengths FROM kw_blocks WHERE tid = ? AND low <= ? AND high >= ?",
            (tid, int(removed[-1]), int(removed[0]))).fetchall():
        rows = _decoded([(vids, tfs, lengths)])
        keep = ~np.isin(rows[:, 0], removed)
        if keep.all():
            continue
        gone += int((~keep).sum())
        if not keep.any():
            db.execute("DELETE FROM kw_blocks WHERE tid = ? AND block = ?", (tid, block))
            continue
        rows = rows[keep]
        db.execute("UPDATE kw_blocks SET low = ?, high = ?, n = ?, vids = ?, tfs = ?, lengths = ? "
                   "WHERE tid = ? AND block = ?",
                   (int(rows[:, 0].min()), int(rows[:, 0].max()), len(rows), _blob(rows[:, 0]), _blob(rows[:, 1]),
                    _blob(rows[:, 2]), tid, block))
    return gone


def _compact(db: sqlite3.Connection, tid: int) -> None:
    """Rewrite a term's blocks as full ones when removals have left it more than TAIL blocks
    beyond the fewest its postings need."""
    cursor = _plain(db)
    blocks, count = cursor.execute("SELECT COUNT(*), COALESCE(SUM(n), 0) FROM kw_blocks WHERE tid = ?", (tid,)).fetchone()
    if blocks <= -(-count // BLOCK) + TAIL:
        return
    rows = _decoded(cursor.execute("SELECT vids, tfs, lengths FROM kw_blocks WHERE tid = ? ORDER BY block",
                                   (tid,)).fetchall())
    db.execute("DELETE FROM kw_blocks WHERE tid = ?", (tid,))
    db.executemany(_INSERT, _rows(tid, 0, rows[np.argsort(rows[:, 0], kind="stable")]))


def add(db: sqlite3.Connection, docs: Iterable[tuple[int, str]]) -> None:
    """Index (vid, passage) pairs inside the caller's transaction (nothing while the tables are
    not built yet: the build on the next open takes every record)."""
    if not built(db):
        return
    counted = _counted(docs)
    if not counted:
        return
    frequencies = Counter(term for _, counts, _ in counted for term in counts)
    db.executemany("INSERT INTO kw_terms (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                   list(frequencies.items()))
    tids = _term_ids(db, frequencies)
    by_term: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for vid, counts, length in counted:
        for term, tf in counts.items():
            by_term[tids[term][0]].append((vid, tf, length))
    for tid in sorted(by_term):
        _append(db, tid, np.array(sorted(by_term[tid]), dtype=np.int64).reshape(-1, 3))
    db.executemany("INSERT INTO kw_docs VALUES (?, ?, ?)", [(vid, length, len(counts)) for vid, counts, length in counted])
    db.execute("UPDATE kw_stats SET docs = docs + ?, length = length + ?",
               (len(counted), sum(length for _, _, length in counted)))


def remove(db: sqlite3.Connection, docs: Iterable[tuple[int, str]]) -> None:
    """Take (vid, passage) pairs out of the index inside the caller's transaction: every block of
    the passages' terms holding one of the vids is rewritten without them (or deleted). Should
    that miss some postings (the tokeniser changed since), the blocks spanning the vids are
    searched, so nothing of a removed record stays."""
    docs = list(docs)
    if not docs or not built(db):
        return
    stored = {vid: (length, terms) for vid, length, terms in _plain(db).execute(
        f"SELECT vid, length, terms FROM kw_docs WHERE vid IN ({','.join('?' * len(docs))})", [v for v, _ in docs])}
    counted = [(vid, counts) for vid, counts, _ in _counted(d for d in docs if d[0] in stored)]
    if not counted:
        return
    removed = np.array(sorted(stored), dtype=np.int64)
    tids = _term_ids(db, (term for _, counts in counted for term in counts))
    gone: Counter[int] = Counter()
    searched = sorted({tid for tid, _ in tids.values()})
    for tid in searched:
        gone[tid] += _drop(db, tid, removed)
    if sum(gone.values()) < sum(terms for _, terms in stored.values()):  # left over: look for them
        spanning = _plain(db).execute("SELECT DISTINCT tid FROM kw_blocks WHERE low <= ? AND high >= ?",
                                      (int(removed[-1]), int(removed[0]))).fetchall()
        for tid in sorted({tid for tid, in spanning} - set(searched)):
            gone[tid] += _drop(db, tid, removed)
    gone = Counter({tid: n for tid, n in gone.items() if n})
    for tid in gone:
        _compact(db, tid)
    db.executemany("UPDATE kw_terms SET df = df - ? WHERE tid = ?", [(n, tid) for tid, n in gone.items()])
    db.executemany("DELETE FROM kw_terms WHERE tid = ? AND df <= 0", [(tid,) for tid in gone])
    db.executemany("DELETE FROM kw_docs WHERE vid = ?", [(vid,) for vid in stored])
    db.execute("UPDATE kw_stats SET docs = docs - ?, length = length - ?",
               (len(stored), sum(length for length, _ in stored.values())))


def clear(db: sqlite3.Connection) -> None:
    """Empty the tables and mark them built (a rebuild adds every record again)."""
    for table in ("kw_blocks", "kw_terms", "kw_docs", "kw_stats"):
        db.execute(f"DELETE FROM {table}")
    db.execute("INSERT INTO kw_stats VALUES (0, 0, 0)")


def _write_sorted(db: sqlite3.Connection, postings: np.ndarray) -> None:
    """Write postings (rows of tid, vid, tf, length, in (tid, vid) order) as full blocks, each
    term's last one partial."""
    if not len(postings):
        return
    tids = postings[:, 0]
    starts = np.flatnonzero(np.r_[True, tids[1:] != tids[:-1]])
    ends = np.r_[starts[1:], len(postings)]
    rows = postings[:, 1:]
    db.executemany(_INSERT, (row for start, end in zip(starts.tolist(), ends.tolist())
                             for row in _rows(int(tids[start]), 0, rows[start:end])))


def build(db: sqlite3.Connection, docs: Iterable[tuple[int, str]]) -> int:
    """Replace the tables by the index of (vid, passage) pairs, inside the caller's transaction:
    term ids assigned in memory, postings written in key order. Returns how many documents."""
    return build_tokens(db, ((vid, keyword_tokens(text)) for vid, text in docs))


def build_tokens(db: sqlite3.Connection, docs: Iterable[tuple[int, list[str]]]) -> int:
    """build() from (vid, tokens) pairs (bench/index_speed.py gives its own tokens)."""
    clear(db)
    vocabulary: dict[str, int] = {}
    frequencies: list[int] = []
    parts: list[np.ndarray] = []
    lengths: list[tuple[int, int, int]] = []
    batch: list[tuple[int, int, int, int]] = []

    def flush() -> None:
        if batch:
            parts.append(np.array(batch, dtype=np.int32))
            batch.clear()

    for vid, tokens in docs:
        counts = Counter(tokens)
        for term, tf in counts.items():
            tid = vocabulary.setdefault(term, len(vocabulary) + 1)
            if tid > len(frequencies):
                frequencies.append(0)
            frequencies[tid - 1] += 1
            batch.append((tid, vid, tf, len(tokens)))
        lengths.append((vid, len(tokens), len(counts)))
        if len(batch) >= _ROWS:
            flush()
    flush()
    db.executemany("INSERT INTO kw_terms VALUES (?, ?, ?)",
                   ((tid, term, frequencies[tid - 1]) for term, tid in vocabulary.items()))
    if parts:
        postings = np.concatenate(parts)
        del parts[:]
        _write_sorted(db, postings[np.lexsort((postings[:, 1], postings[:, 0]))])
    db.executemany("INSERT INTO kw_docs VALUES (?, ?, ?)", lengths)
    db.execute("UPDATE kw_stats SET docs = ?, length = ?", (len(lengths), sum(n for _, n, _ in lengths)))
    return len(lengths)


def outdated(db: sqlite3.Connection) -> bool:
    """Whether the postings are still in the older table of one row per posting."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kw_postings'").fetchone() is not None


def convert(db: sqlite3.Connection) -> int:
    """Move the postings of the older row table kw_postings into blocks and drop it, inside the
    caller's transaction (terms, documents and statistics stay as they are; a table never built
    is just dropped, the build on open takes every record). Returns how many postings moved."""
    if not outdated(db):
        return 0
    moved = 0
    db.execute("DELETE FROM kw_blocks")
    if built(db):
        cursor = _plain(db).execute("SELECT tid, vid, tf, length FROM kw_postings ORDER BY tid, vid")
        carried = np.zeros((0, 4), dtype=np.int64)
        while rows := cursor.fetchmany(_ROWS):
            chunk = np.concatenate([carried, np.array(rows, dtype=np.int64).reshape(-1, 4)])
            last = np.searchsorted(chunk[:, 0], chunk[-1, 0])  # the last term may go on in the next chunk
            _write_sorted(db, chunk[:last])
            carried = chunk[last:]
            moved += last
        _write_sorted(db, carried)
        moved += len(carried)
    db.execute("DROP TABLE kw_postings")
    return moved


class KeywordIndex:
    """BM25 search over the postings in a Store's SQLite (always current: nothing is cached),
    read through the searching thread's own connection, so it runs beside the query encoding."""

    def __init__(self, store) -> None:  # noqa: ANN001 - index.store.Store (which imports this module)
        self.store = store

    def _postings(self, tokens: list[str]) -> tuple[int, float, list[tuple[int, int, np.ndarray]]]:
        """(documents, mean length, [(query multiplicity, df, rows of vid, tf, length)]) for the
        query's selective terms: those found in over FREQUENT of the records ("công", "tác") are
        dropped when rarer ones remain (their IDF is near zero, their long postings cost most)."""
        db = self.store.reader()
        db.execute("BEGIN")  # one snapshot for the statistics and the postings
        try:
            stats = db.execute("SELECT docs, length FROM kw_stats").fetchone()
            if stats is None or not stats[0]:
                return 0, 0.0, []
            docs, total = stats
            terms = _term_ids(db, tokens)
            known = [t for t in tokens if t in terms]
            limit = max(5000, FREQUENT * docs)  # small collections keep every term
            chosen = Counter([t for t in known if terms[t][1] <= limit] or known)
            out = []
            for term, times in chosen.items():
                tid, df = terms[term]
                out.append((times, df, term_postings(db, tid)))
        finally:
            db.execute("COMMIT")
        return docs, total / docs, out

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, vids) of the k best matches with a positive score, restricted to allowed vids
        when given; ties in vid order."""
        docs, mean, postings = self._postings(keyword_tokens(query))
        postings = [p for p in postings if len(p[2])]
        if not postings or k <= 0 or (allowed is not None and not len(allowed)):
            return _EMPTY
        vids = np.concatenate([rows[:, 0] for _, _, rows in postings])
        parts = []
        for times, df, rows in postings:
            idf = np.log(1 + (docs - df + 0.5) / (df + 0.5))
            tf, length = rows[:, 1].astype(np.float64), rows[:, 2].astype(np.float64)
            parts.append(times * idf * tf / (K1 * ((1 - B) + B * length / mean) + tf))
        totals = np.bincount(vids, weights=np.concatenate(parts))
        if allowed is not None:
            keep = np.zeros(len(totals), dtype=bool)
            keep[allowed[(allowed >= 0) & (allowed < len(totals))]] = True
            totals[~keep] = 0.0
        found = np.flatnonzero(totals > 0)
        top = found[np.argsort(-totals[found], kind="stable")[:k]]
        return totals[top].astype(np.float32), top.astype(np.int64)
