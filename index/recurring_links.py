"""Candidate links between records of different notices, kept in the index's SQLite file so that
after a new notice only its records' neighbourhoods are computed.

For every member record (a directive or issue that is a task, see recurring_terms.is_task) its
NEIGHBOURS nearest records in OTHER notices (exact inner product over the stored vectors) become
candidates; each candidate keeps its cosine, the weighed mass of the specific phrases the two
records share (document frequency over notices, so phrases found in many notices weigh nothing)
and whether they name different specific entities. The thresholds are applied when grouping, so
the table serves any setting."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index.recurring_terms import Terms, is_task, record_terms, shared_mass
from index.store import Store

NEIGHBOURS = 40
COMMON = 0.05  # a phrase in more than this share of the notices links nothing
FLOOR = 0.70  # candidates below this cosine are not stored
SCHEMA = """
CREATE TABLE IF NOT EXISTS recurring_links (
    a INTEGER, b INTEGER, cosine REAL, mass REAL, conflict INTEGER, PRIMARY KEY (a, b));
CREATE TABLE IF NOT EXISTS recurring_df (term TEXT PRIMARY KEY, n INTEGER);
CREATE TABLE IF NOT EXISTS recurring_seen (notice_id TEXT PRIMARY KEY);
"""
MEMBER_SQL = ("SELECT r.vid, r.notice_id, r.text, r.vector FROM records r WHERE r.kind IN ('directive', 'issue') "
              "AND r.vector IS NOT NULL ORDER BY r.vid")


@lru_cache(maxsize=200_000)
def terms_of(text: str) -> Terms:
    """record_terms, cached by text."""
    return record_terms(text)


@dataclass
class Pool:
    """The member records a link computation searches: vids, notice of each, texts, vectors."""

    vids: np.ndarray
    notices: list[str]
    texts: list[str]
    vectors: np.ndarray

    @classmethod
    def from_rows(cls, rows: list) -> "Pool":
        rows = [r for r in rows if is_task(r["text"])]
        vectors = Store.decode_vectors(rows) if rows else np.zeros((0, 384), dtype=np.float32)
        return cls(np.array([r["vid"] for r in rows], dtype=np.int64), [r["notice_id"] for r in rows],
                   [r["text"] for r in rows], vectors)


def neighbours(pool: Pool, queries: np.ndarray, k: int = NEIGHBOURS, block: int = 256) -> list[list[tuple[int, float]]]:
    """For each query position, its k nearest pool positions in other notices with the cosine."""
    codes = {n: i for i, n in enumerate(dict.fromkeys(pool.notices))}
    notice = np.array([codes[n] for n in pool.notices], dtype=np.int64)
    result: list[list[tuple[int, float]]] = []
    for start in range(0, len(queries), block):
        chosen = queries[start:start + block]
        scores = pool.vectors[chosen] @ pool.vectors.T
        scores[notice[chosen][:, None] == notice[None, :]] = -2.0
        take = min(k, scores.shape[1])
        top = np.argpartition(-scores, take - 1, axis=1)[:, :take] if take else np.zeros((len(chosen), 0), dtype=np.int64)
        for row, columns in enumerate(top):
            result.append([(int(j), float(scores[row, j])) for j in columns if scores[row, j] >= FLOOR])
    return result


def notice_terms(pool: Pool, notices: set[str]) -> dict[str, int]:
    """Per term, in how many of these notices it occurs (each notice counts a term once)."""
    per_notice: dict[str, set[str]] = {}
    for notice, text in zip(pool.notices, pool.texts):
        if notice in notices:
            per_notice.setdefault(notice, set()).update(terms_of(text).phrases)
    counts: dict[str, int] = {}
    for terms in per_notice.values():
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
    return counts


def score_candidates(pool: Pool, queries: np.ndarray, df: dict[str, int], notices: int,
                     k: int = NEIGHBOURS, common: float = COMMON) -> dict[tuple[int, int], tuple[float, float, bool]]:
    """(vid a, vid b) with a < b -> (cosine, shared mass, conflict) for the queries' neighbours."""
    links: dict[tuple[int, int], tuple[float, float, bool]] = {}
    for i, near in zip(queries.tolist(), neighbours(pool, queries, k)):
        for j, cosine in near:
            key = (int(min(pool.vids[i], pool.vids[j])), int(max(pool.vids[i], pool.vids[j])))
            if key in links:
                continue
            mass, conflict = shared_mass(terms_of(pool.texts[i]), terms_of(pool.texts[j]), df, notices, common)
            if mass > 0:
                links[key] = (cosine, mass, conflict)
    return links


def sync(store: Store, full: bool = False) -> int:
    """Bring the link table up to date: links of removed records go, the records of notices not
    seen yet get their neighbourhoods computed (all of them when full). Returns how many
    notices were processed."""
    store.db.executescript(SCHEMA)
    if full:
        with store.transaction() as db:
            db.execute("DELETE FROM recurring_links")
            db.execute("DELETE FROM recurring_df")
            db.execute("DELETE FROM recurring_seen")
    seen = {r["notice_id"] for r in store.query("SELECT notice_id FROM recurring_seen")}
    present = {r["notice_id"] for r in store.query("SELECT notice_id FROM notices")}
    gone = seen - present
    new = {r["notice_id"] for r in store.query("SELECT DISTINCT notice_id FROM records WHERE kind IN ('directive', 'issue')"
                                               " AND vector IS NOT NULL")} - seen
    if gone:
        with store.transaction() as db:
            db.executemany("DELETE FROM recurring_seen WHERE notice_id = ?", [(n,) for n in gone])
            db.execute("DELETE FROM recurring_links WHERE a NOT IN (SELECT vid FROM records) OR b NOT IN (SELECT vid FROM records)")
    if not new:
        return 0
    pool = Pool.from_rows(store.query(MEMBER_SQL))
    added = notice_terms(pool, new)
    df = document_frequency(store, added)
    total = len(seen - gone) + len(new)
    queries = np.array([i for i, n in enumerate(pool.notices) if n in new], dtype=np.int64)
    links = score_candidates(pool, queries, df, total)
    with store.transaction() as db:
        db.executemany("INSERT INTO recurring_df VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n",
                       list(added.items()))
        db.executemany("INSERT OR REPLACE INTO recurring_links VALUES (?, ?, ?, ?, ?)",
                       [(a, b, c, m, int(x)) for (a, b), (c, m, x) in links.items()])
        db.executemany("INSERT OR IGNORE INTO recurring_seen VALUES (?)", [(n,) for n in new])
    return len(new)


class Frequencies(dict):
    """Notice counts of terms: those given, plus any other looked up in the stored table when
    first asked for (a neighbour's entities)."""

    def __init__(self, store: Store | None, counts: dict[str, int]) -> None:
        super().__init__(counts)
        self.store = store

    def get(self, term: str, default: int = 1) -> int:  # type: ignore[override]
        if term not in self:
            rows = self.store.query("SELECT n FROM recurring_df WHERE term = ?", (term,)) if self.store else []
            self[term] = rows[0]["n"] if rows else default
        return self[term]


def document_frequency(store: Store, added: dict[str, int]) -> Frequencies:
    """Stored notice counts of these terms plus the new notices' counts."""
    df = dict(added)
    terms = list(added)
    for start in range(0, len(terms), 900):
        chunk = terms[start:start + 900]
        for row in store.query(f"SELECT term, n FROM recurring_df WHERE term IN ({','.join('?' * len(chunk))})", chunk):
            df[row["term"]] += row["n"]
    return Frequencies(store, df)
