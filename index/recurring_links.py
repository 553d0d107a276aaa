"""Candidate links between records of different notices, kept in the index's SQLite file so that
after a new notice only its records' neighbourhoods are computed.

For every member record (a directive or issue that is a task, see recurring_terms.is_task) its
NEIGHBOURS nearest records in OTHER notices become candidates: exact inner products over the
stored vectors up to EXACT_UP_TO members, an inverted-file FAISS index (batched, PROBES of its
lists) above. Each candidate keeps its cosine, the weighed mass of the specific phrases the two
records share (document frequency over notices, so phrases found in many notices weigh nothing)
and whether they conflict: they name different specific entities, or their notices come from
the bodies of two different provinces or cities (recurring_places); these are computed for all
candidates at once over sparse record x term matrices. Which records are tasks is stored too, so an update
reads only vectors, and the texts of the new records and their neighbours. The thresholds are
applied when grouping, so the table serves any setting."""
from __future__ import annotations

import math
import secrets
from collections import Counter
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
from scipy import sparse

from index.recurring_places import notice_places
from index.recurring_terms import RECORDS, WORD, is_task, limit, record_terms, words_of
from index.store import Store

NEIGHBOURS = 40
COMMON = 0.05  # a phrase in more than this share of the notices links nothing
FLOOR = 0.70  # candidates below this cosine are not stored
RULES = "3"  # the link rules a stored table follows (2: a conflict also when two provinces' bodies issued the notices; 3: record counts kept)
EXACT_UP_TO = 30_000  # members searched exactly; a larger pool goes through an IVF index
PROBES = 16  # IVF lists searched per query (of about 2 * sqrt(members))
SCHEMA = """
CREATE TABLE IF NOT EXISTS recurring_links (
    a INTEGER, b INTEGER, cosine REAL, mass REAL, conflict INTEGER, PRIMARY KEY (a, b));
CREATE TABLE IF NOT EXISTS recurring_df (term TEXT PRIMARY KEY, n INTEGER, at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS recurring_state (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS recurring_seen (notice_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS recurring_members (vid INTEGER PRIMARY KEY, notice_id TEXT, task INTEGER);
CREATE INDEX IF NOT EXISTS recurring_members_notice ON recurring_members(notice_id);
CREATE INDEX IF NOT EXISTS recurring_links_b ON recurring_links(b);
"""
KINDS = "r.kind IN ('directive', 'issue') AND r.vector IS NOT NULL"
MEMBER_SQL = f"SELECT r.vid, r.notice_id, r.text, r.vector FROM records r WHERE {KINDS} ORDER BY r.vid"


@dataclass
class Pool:
    """The member records a link computation searches: vids, notice of each, texts (None where
    not read yet), vectors."""

    vids: np.ndarray
    notices: list[str]
    texts: list[str | None]
    vectors: np.ndarray

    @classmethod
    def from_rows(cls, rows: list) -> "Pool":
        rows = [r for r in rows if is_task(r["text"])]
        return cls._of(rows, [r["text"] for r in rows])

    @classmethod
    def _of(cls, rows: list, texts: list[str | None]) -> "Pool":
        vectors = Store.decode_vectors(rows) if rows else np.zeros((0, 384), dtype=np.float32)
        return cls(np.array([r["vid"] for r in rows], dtype=np.int64), [r["notice_id"] for r in rows], texts, vectors)

    @classmethod
    def load(cls, store: Store, fresh: set[str]) -> "Pool":
        """The task members of the index: those of the fresh notices judged now (and stored in
        recurring_members), the others read from it; texts only of the fresh ones."""
        sql = f"SELECT r.vid, r.notice_id, r.text FROM records r WHERE {KINDS}"
        if len(fresh) > 100:
            rows = [r for r in store.query(f"{sql} ORDER BY r.vid") if r["notice_id"] in fresh]
        else:
            rows = [r for n in sorted(fresh) for r in store.query(f"{sql} AND r.notice_id = ?", (n,))]
        with store.transaction() as db:
            db.executemany("DELETE FROM recurring_members WHERE notice_id = ?", [(n,) for n in fresh])
            marks = [(r["vid"], r["notice_id"], int(is_task(r["text"]))) for r in rows]
            db.executemany("INSERT OR REPLACE INTO recurring_members VALUES (?, ?, ?)", marks)
        texts = {r["vid"]: r["text"] for r, (*_, task) in zip(rows, marks) if task}
        members = store.query("SELECT r.vid, r.notice_id, r.vector FROM recurring_members m JOIN records r USING(vid) "
                              f"WHERE m.task = 1 AND {KINDS} ORDER BY r.vid")
        return cls._of(members, [texts.get(r["vid"]) for r in members])

    def read_texts(self, store: Store, positions: np.ndarray) -> None:
        """Fill in the texts of these positions."""
        missing = [int(p) for p in positions if self.texts[p] is None]
        where = {int(self.vids[p]): p for p in missing}
        vids = list(where)
        for start in range(0, len(vids), 900):
            chunk = vids[start:start + 900]
            for row in store.query(f"SELECT vid, text FROM records WHERE vid IN ({','.join('?' * len(chunk))})", chunk):
                self.texts[where[row["vid"]]] = row["text"]

    def codes(self) -> np.ndarray:
        """A number per notice, for each position."""
        codes = {n: i for i, n in enumerate(dict.fromkeys(self.notices))}
        return np.array([codes[n] for n in self.notices], dtype=np.int64)


def neighbours(pool: Pool, queries: np.ndarray, k: int = NEIGHBOURS, exact_up_to: int = EXACT_UP_TO,
               block: int = 256) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(query position, pool position, cosine) of each query's k nearest pool records in other
    notices whose cosine reaches FLOOR."""
    notice = pool.codes()
    if len(pool.vids) > exact_up_to and len(queries) > block:
        return _ivf_neighbours(pool, queries, notice, k)
    found = []
    for start in range(0, len(queries), block):
        chosen = queries[start:start + block]
        scores = pool.vectors[chosen] @ pool.vectors.T
        scores[notice[chosen][:, None] == notice[None, :]] = -2.0
        take = min(k, scores.shape[1])
        if not take:
            continue
        top = np.argpartition(-scores, take - 1, axis=1)[:, :take]
        found.append((np.repeat(chosen, take), top.ravel(), np.take_along_axis(scores, top, axis=1).ravel()))
    return _keep(found)


def _ivf_neighbours(pool: Pool, queries: np.ndarray, notice: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """neighbours() through a FAISS inverted-file index: asks for k plus the largest notice's
    size, so that k remain once a query's own notice is left out."""
    import faiss

    size, dim = pool.vectors.shape
    lists = max(16, int(2 * math.sqrt(size)))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
    sample = np.random.default_rng(0).choice(size, min(size, 64 * lists), replace=False)
    index.train(np.ascontiguousarray(pool.vectors[np.sort(sample)]))
    index.add(np.ascontiguousarray(pool.vectors))
    index.nprobe = min(PROBES, lists)
    ask = k + int(np.bincount(notice).max())
    found = []
    for start in range(0, len(queries), 8192):
        chosen = queries[start:start + 8192]
        scores, columns = index.search(np.ascontiguousarray(pool.vectors[chosen]), ask)
        other = (columns >= 0) & (notice[np.maximum(columns, 0)] != notice[chosen][:, None])
        other &= np.cumsum(other, axis=1) <= k  # results come best first: the first k of other notices
        rows = np.repeat(chosen[:, None], ask, axis=1)
        found.append((rows[other], columns[other], scores[other]))
    return _keep(found)


def _keep(found: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    rows, columns, scores = (np.concatenate(part) for part in zip(*found))
    keep = scores >= FLOOR
    return rows[keep].astype(np.int64), columns[keep].astype(np.int64), scores[keep]


@dataclass
class TermTable:
    """Sparse record x term incidence of some pool positions over a vocabulary: which terms each
    holds and which of them are named entities of that record."""

    vocabulary: pd.Index  # term -> column
    rows: np.ndarray  # pool position -> row (-1: none)
    phrases: sparse.csr_matrix
    entities: sparse.csr_matrix

    @classmethod
    def of(cls, pool: Pool, positions: np.ndarray, extend: np.ndarray) -> "TermTable":
        """The terms of `extend` positions all enter the vocabulary; the other positions add only
        their entities (a neighbour can share no other term with a query)."""
        grows = np.isin(positions, extend)
        positions = np.concatenate([positions[grows], positions[~grows]])  # the vocabulary first
        grown = int(grows.sum())
        terms = [record_terms(pool.texts[p]) for p in positions.tolist()]
        phrases, entities = [list(t.phrases) for t in terms], [list(t.entities) for t in terms]
        codes, vocabulary = pd.factorize(np.array([*chain.from_iterable(phrases[:grown]),
                                                   *chain.from_iterable(entities[grown:])], dtype=object))
        vocabulary = pd.Index(vocabulary)
        lengths = np.array([len(p) for p in phrases], dtype=np.int64)
        others = vocabulary.get_indexer(np.array(list(chain.from_iterable(phrases[grown:])), dtype=object))
        inside = others >= 0
        lengths[grown:] = np.bincount(np.repeat(np.arange(len(positions) - grown), lengths[grown:])[inside],
                                      minlength=len(positions) - grown)
        columns = np.concatenate([codes[:int(lengths[:grown].sum())], others[inside]])
        entity_columns = vocabulary.get_indexer(np.array(list(chain.from_iterable(entities)), dtype=object))
        shape = (len(positions), len(vocabulary))
        rows = np.full(len(pool.vids), -1, dtype=np.int64)
        rows[positions] = np.arange(len(positions))
        return cls(vocabulary, rows, _incidence(columns, lengths, shape),
                   _incidence(entity_columns, np.array([len(e) for e in entities], dtype=np.int64), shape))

    def notice_counts(self, pool: Pool, positions: np.ndarray) -> np.ndarray:
        """Per vocabulary term, in how many notices among these positions it occurs."""
        _, notice = np.unique(pool.codes()[positions], return_inverse=True)
        members = sparse.csr_matrix((np.ones(len(positions)), (notice, np.arange(len(positions)))),
                                    shape=(int(notice.max(initial=-1)) + 1, len(positions)))
        per_notice = members @ self.phrases[self.rows[positions]]  # notice x term, each pair once
        return np.bincount(per_notice.indices, minlength=len(self.vocabulary))

    def record_counts(self, positions: np.ndarray) -> np.ndarray:
        """Per vocabulary term, how many of these positions hold it."""
        return np.bincount(self.phrases[self.rows[positions]].indices, minlength=len(self.vocabulary))


def _incidence(columns: np.ndarray, lengths: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    indptr = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
    matrix = sparse.csr_matrix((np.ones(len(columns)), columns.astype(np.int64), indptr), shape=shape)
    matrix.sort_indices()
    return matrix


def score_pairs(table: TermTable, weights: np.ndarray, a: np.ndarray, b: np.ndarray,
                chunk: int = 50_000) -> tuple[np.ndarray, np.ndarray]:
    """(shared mass, conflict) of the row pairs a, b: the summed weight of the terms both hold;
    whether both name specific (weighing) entities and none in common."""
    weighed = table.phrases.multiply(weights[None, :]).tocsr()
    weighed.eliminate_zeros()
    held = weighed.copy()
    held.data[:] = 1.0
    specific = table.entities.multiply((weights > 0)[None, :]).tocsr()
    specific.eliminate_zeros()
    named = np.diff(specific.indptr) > 0
    mass, common = np.zeros(len(a)), np.zeros(len(a))
    for start in range(0, len(a), chunk):
        ca, cb = a[start:start + chunk], b[start:start + chunk]
        mass[start:start + chunk] = np.asarray(weighed[ca].multiply(held[cb]).sum(axis=1)).ravel()
        common[start:start + chunk] = np.asarray(specific[ca].multiply(specific[cb]).sum(axis=1)).ravel()
    return mass, named[a] & named[b] & (common == 0)


def weights_of(counts: np.ndarray, notices: int, common: float = COMMON) -> np.ndarray:
    """recurring_terms.weight over an array of notice counts."""
    counts = np.maximum(counts, 1).astype(np.float64)
    if notices < 2:
        return np.zeros(len(counts))
    return np.where(counts > limit(notices, common), 0.0, np.log((notices + 1) / counts) / math.log(notices + 1))


def sync(store: Store, full: bool = False, exact_up_to: int = EXACT_UP_TO) -> int:
    """Bring the link table up to date: links of removed records go, the records of notices not
    seen yet get their neighbourhoods computed (all of them when full), and so do those of a
    notice removed and added again since the last update (same content, same id, new records;
    its terms are counted once). Returns how many notices were processed."""
    _prepare(store)
    if not full and store.query("SELECT 1 FROM recurring_seen LIMIT 1") and (
            not store.query("SELECT 1 FROM recurring_members LIMIT 1")
            or not store.query(f"SELECT 1 FROM recurring_df WHERE term > '{WORD}' LIMIT 1")
            or not store.query("SELECT 1 FROM recurring_state WHERE key = 'rules' AND value = ?", (RULES,))):
        full = True  # a table from before recurring_members, the syllable counts or these link rules: recompute once
    if full:
        with store.transaction() as db:
            for table in ("recurring_links", "recurring_df", "recurring_seen", "recurring_members", "recurring_state"):
                db.execute(f"DELETE FROM {table}")
    if full or not store.query("SELECT 1 FROM recurring_state WHERE key = 'epoch'"):
        with store.transaction() as db:  # a new epoch: what a grouping kept of the old table is no longer valid
            db.execute("INSERT OR REPLACE INTO recurring_state VALUES ('epoch', ?)", (secrets.token_hex(8),))
            db.execute("INSERT OR REPLACE INTO recurring_state VALUES ('rules', ?)", (RULES,))
    seen = {r["notice_id"] for r in store.query("SELECT notice_id FROM recurring_seen")}
    present = {r["notice_id"] for r in store.query("SELECT notice_id FROM notices")}
    gone = seen - present
    unjudged = {r["notice_id"] for r in store.query(
        f"SELECT DISTINCT r.notice_id FROM records r LEFT JOIN recurring_members m USING(vid) WHERE {KINDS} AND m.vid IS NULL")}
    new, stale = unjudged - seen, unjudged & seen
    if gone or stale:
        with store.transaction() as db:
            db.executemany("DELETE FROM recurring_seen WHERE notice_id = ?", [(n,) for n in gone])
            db.executemany("DELETE FROM recurring_members WHERE notice_id = ?", [(n,) for n in gone])
            db.execute("DELETE FROM recurring_links WHERE a NOT IN (SELECT vid FROM records) OR b NOT IN (SELECT vid FROM records)")
    if not new and not stale:
        return 0
    pool = Pool.load(store, new | stale)
    total = len(seen - gone) + len(new)
    queries = np.array([i for i, n in enumerate(pool.notices) if n in new or n in stale], dtype=np.int64)
    rows, columns, cosines = neighbours(pool, queries, exact_up_to=exact_up_to)
    positions = np.union1d(queries, columns)
    pool.read_texts(store, positions)
    table = TermTable.of(pool, positions, queries)
    fresh = np.array([q for q in queries.tolist() if pool.notices[q] in new], dtype=np.int64)
    counts, records = table.notice_counts(pool, fresh), table.record_counts(fresh)
    terms = list(table.vocabulary)
    stored = np.zeros(len(terms), dtype=np.int64)
    if not full:  # notice counts stored so far; a neighbour's entity never stored counts as 1
        found = document_frequency(store, dict.fromkeys(terms, 0))
        stored = np.array([found[t] for t in terms], dtype=np.int64)
    syllables: dict[str, set[str]] = {}  # per new notice, the syllables of its task records
    for q in queries.tolist():
        if pool.notices[q] in new:
            syllables.setdefault(pool.notices[q], set()).update(words_of(pool.texts[q]))
    word_counts = Counter(chain.from_iterable(syllables.values()))
    weights = weights_of(np.where(counts + stored > 0, counts + stored, 1), total)
    a, b = np.minimum(pool.vids[rows], pool.vids[columns]), np.maximum(pool.vids[rows], pool.vids[columns])
    _, first = np.unique(a * (int(pool.vids.max(initial=0)) + 1) + b, return_index=True)  # each pair once, by (a, b)
    mass, conflict = score_pairs(table, weights, table.rows[rows[first]], table.rows[columns[first]])
    where = notice_places(store, pool.notices)  # two provinces' bodies: two matters, however alike the texts
    conflict |= (where[rows[first]] >= 0) & (where[columns[first]] >= 0) & (where[rows[first]] != where[columns[first]])
    keep = first[mass > 0]
    links = zip(a[keep].tolist(), b[keep].tolist(), cosines[keep].astype(float).tolist(), mass[mass > 0].tolist(),
                conflict[mass > 0].astype(int).tolist())
    generation = _generation(store) + 1  # counts are stamped with the update that changed them last
    with store.transaction() as db:
        db.executemany("INSERT INTO recurring_df VALUES (?, ?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n, "
                       "at = excluded.at", [*((terms[i], int(counts[i]), generation) for i in np.flatnonzero(counts)),
                                            *((RECORDS + terms[i], int(records[i]), generation) for i in np.flatnonzero(records)),
                                            *((WORD + word, n, generation) for word, n in word_counts.items())])
        db.execute("INSERT OR REPLACE INTO recurring_state VALUES ('generation', ?)", (str(generation),))
        db.executemany("INSERT OR REPLACE INTO recurring_links VALUES (?, ?, ?, ?, ?)", links)
        db.executemany("INSERT OR IGNORE INTO recurring_seen VALUES (?)", [(n,) for n in new])
    return len(new | stale)


def _prepare(store: Store) -> None:
    """The link tables, the update stamp of notice counts added to a table from before it."""
    store.db.executescript(SCHEMA)
    if "at" not in {r["name"] for r in store.query("PRAGMA table_info(recurring_df)")}:
        store.db.execute("ALTER TABLE recurring_df ADD COLUMN at INTEGER NOT NULL DEFAULT 0")
    store.db.execute("CREATE INDEX IF NOT EXISTS recurring_df_at ON recurring_df(at)")


def _generation(store: Store) -> int:
    rows = store.query("SELECT value FROM recurring_state WHERE key = 'generation'")
    return int(rows[0]["value"]) if rows else 0


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
