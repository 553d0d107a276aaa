"""The keyword leg: BM25 (Okapi, k1 1.5, b 0.75, bm25s's "lucene" formula) over accent-blind tokens
(index.text.keyword_tokens), its postings kept in SQLite beside the records and written in the
transactions that add or remove them, so the two never disagree and an added notice is searchable
at once. A query reads the postings of its own terms only and scores them with numpy.

Tables: kw_terms (term id, term, document frequency), kw_postings (term id, vid, term frequency,
document length), kw_docs (vid, length, distinct terms), kw_stats (one row: documents, total
length; present once the tables are built: an index made before them has none and is built once
on open, see build)."""
from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Iterable

import numpy as np

from index.text import keyword_tokens

FREQUENT = 0.05  # a query term in more than this share (and 5,000) of records is dropped when rarer ones remain
K1, B = 1.5, 0.75
_CHUNK = 500  # terms per IN (...) lookup
_ROWS = 1_000_000  # postings gathered (and written) at a time by build

SCHEMA = """
CREATE TABLE IF NOT EXISTS kw_terms (tid INTEGER PRIMARY KEY, term TEXT UNIQUE NOT NULL, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kw_postings (
    tid INTEGER NOT NULL, vid INTEGER NOT NULL, tf INTEGER NOT NULL, length INTEGER NOT NULL,
    PRIMARY KEY (tid, vid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kw_docs (vid INTEGER PRIMARY KEY, length INTEGER NOT NULL, terms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kw_stats (id INTEGER PRIMARY KEY CHECK (id = 0), docs INTEGER NOT NULL, length INTEGER NOT NULL);
"""

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
    postings = sorted((tids[term][0], vid, tf, length) for vid, counts, length in counted for term, tf in counts.items())
    db.executemany("INSERT INTO kw_postings VALUES (?, ?, ?, ?)", postings)
    db.executemany("INSERT INTO kw_docs VALUES (?, ?, ?)", [(vid, length, len(counts)) for vid, counts, length in counted])
    db.execute("UPDATE kw_stats SET docs = docs + ?, length = length + ?",
               (len(counted), sum(length for _, _, length in counted)))


def remove(db: sqlite3.Connection, docs: Iterable[tuple[int, str]]) -> None:
    """Take (vid, passage) pairs out of the index inside the caller's transaction. Their terms
    are re-tokenised from the passage; should that miss some postings (the tokeniser changed
    since), those are found by a scan, so nothing of a removed record stays."""
    docs = list(docs)
    if not docs or not built(db):
        return
    stored = {vid: (length, terms) for vid, length, terms in _plain(db).execute(
        f"SELECT vid, length, terms FROM kw_docs WHERE vid IN ({','.join('?' * len(docs))})", [v for v, _ in docs])}
    counted = [(vid, counts) for vid, counts, _ in _counted(d for d in docs if d[0] in stored)]
    if not counted:
        return
    tids = _term_ids(db, (term for _, counts in counted for term in counts))
    gone: Counter[int] = Counter()
    for vid, counts in counted:
        for term in counts:
            if term in tids and db.execute("DELETE FROM kw_postings WHERE tid = ? AND vid = ?",
                                           (tids[term][0], vid)).rowcount:
                gone[tids[term][0]] += 1
    if sum(gone.values()) < sum(terms for _, terms in stored.values()):  # left over: look for them
        marks = ",".join("?" * len(stored))
        rest = _plain(db).execute(f"SELECT tid, vid FROM kw_postings WHERE vid IN ({marks})", list(stored)).fetchall()
        db.executemany("DELETE FROM kw_postings WHERE tid = ? AND vid = ?", rest)
        gone.update(tid for tid, _ in rest)
    db.executemany("UPDATE kw_terms SET df = df - ? WHERE tid = ?", [(n, tid) for tid, n in gone.items()])
    db.executemany("DELETE FROM kw_terms WHERE tid = ? AND df <= 0", [(tid,) for tid in gone])
    db.executemany("DELETE FROM kw_docs WHERE vid = ?", [(vid,) for vid in stored])
    db.execute("UPDATE kw_stats SET docs = docs - ?, length = length - ?",
               (len(stored), sum(length for length, _ in stored.values())))


def clear(db: sqlite3.Connection) -> None:
    """Empty the tables and mark them built (a rebuild adds every record again)."""
    for table in ("kw_postings", "kw_terms", "kw_docs", "kw_stats"):
        db.execute(f"DELETE FROM {table}")
    db.execute("INSERT INTO kw_stats VALUES (0, 0, 0)")


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
        postings = postings[np.lexsort((postings[:, 1], postings[:, 0]))]
        for start in range(0, len(postings), _ROWS):
            db.executemany("INSERT INTO kw_postings VALUES (?, ?, ?, ?)", postings[start:start + _ROWS].tolist())
    db.executemany("INSERT INTO kw_docs VALUES (?, ?, ?)", lengths)
    db.execute("UPDATE kw_stats SET docs = ?, length = ?", (len(lengths), sum(n for _, n, _ in lengths)))
    return len(lengths)


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
                rows = db.execute("SELECT vid, tf, length FROM kw_postings WHERE tid = ?", (tid,)).fetchall()
                out.append((times, df, np.array(rows, dtype=np.int64).reshape(-1, 3)))
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
