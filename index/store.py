"""SQLite storage of notices, records (every field from extraction), their vectors (fp16, so
the FAISS index can always be rebuilt without the model), the clerks' done-marks, where each
notice came from (origin: "corpus" or "added") with the original bytes of every added one, and the
tombstones of removed vectors an index without removal (HNSW) still holds; the keyword postings
(index.keyword) and the accent restorer's counts (index.accents) are written in the same
transactions as the records they come from."""
from __future__ import annotations

import json
import re
import sqlite3
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import numpy as np

from extraction.records import Notice, Record
from extraction.textnorm import fold, nfc
from index import accents, keyword
from index.passages import keyword_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS notices (
    notice_id TEXT PRIMARY KEY, source TEXT, issuer TEXT, number TEXT, place TEXT,
    issue_date TEXT, meeting_date TEXT, title TEXT, doc_type TEXT, chair TEXT, signer TEXT,
    month TEXT, text TEXT, added_at TEXT DEFAULT CURRENT_TIMESTAMP, origin TEXT DEFAULT 'corpus', ocr INTEGER DEFAULT 0);
CREATE TABLE IF NOT EXISTS records (
    vid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
    notice_id TEXT NOT NULL REFERENCES notices(notice_id) ON DELETE CASCADE,
    kind TEXT, text TEXT, agencies TEXT, agencies_raw TEXT, cooperating TEXT, action TEXT,
    deadline TEXT, deadline_date TEXT, field TEXT, section TEXT, span_start INTEGER,
    span_end INTEGER, meeting_date TEXT, month TEXT, context TEXT, vector BLOB);
CREATE INDEX IF NOT EXISTS records_notice ON records(notice_id);
CREATE INDEX IF NOT EXISTS records_month ON records(month);
CREATE TABLE IF NOT EXISTS record_agencies (
    vid INTEGER REFERENCES records(vid) ON DELETE CASCADE, agency TEXT, role TEXT);
CREATE INDEX IF NOT EXISTS record_agencies_agency ON record_agencies(agency);
CREATE TABLE IF NOT EXISTS status (
    record_id TEXT PRIMARY KEY, done_on TEXT, note TEXT, marked_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS originals (
    notice_id TEXT PRIMARY KEY REFERENCES notices(notice_id) ON DELETE CASCADE, name TEXT, data BLOB);
CREATE TABLE IF NOT EXISTS tombstones (vid INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS removed_notices (
    notice_id TEXT PRIMARY KEY, source TEXT, number TEXT, text TEXT, origin TEXT, name TEXT, data BLOB,
    removed_at TEXT DEFAULT CURRENT_TIMESTAMP);
"""
ORIGINS = ("corpus", "added")
# The searchable records with what their passages read (text, agencies, context, the notice's title).
SEARCHABLE_SQL = ("SELECT r.vid, r.text, r.agencies, r.context, n.title FROM records r JOIN notices n USING(notice_id) "
                  "WHERE r.vector IS NOT NULL")
_RECORD_FIELDS = ("id", "notice_id", "kind", "text", "agencies", "agencies_raw", "cooperating", "action",
                  "deadline", "deadline_date", "field", "section", "span_start", "span_end",
                  "meeting_date", "month", "context")
_JSON_FIELDS = ("agencies", "agencies_raw", "cooperating")


def normalised(text: str) -> str:
    """A record's text for matching across re-extractions: folded, lower case, spaces collapsed."""
    return re.sub(r"\s+", " ", fold(nfc(text or "")).lower()).strip(" .;:")


def month_range(since: str | None, until: str | None, column: str = "r.month") -> tuple[str, list[str]]:
    """SQL conditions (each starting with " AND ") limiting a YYYY-MM column to a range."""
    sql, params = "", []
    if since:
        sql += f" AND {column} >= ?"
        params.append(since[:7])
    if until:
        sql += f" AND {column} <= ?"
        params.append(until[:7])
    return sql, params


def notice_month(notice: Notice) -> str | None:
    """The month a notice belongs to: its meeting date, else its issue date, else the month of an
    issue date whose day was left blank (YYYY-MM)."""
    day = notice.meta.meeting_date or notice.meta.issue_date
    return day[:7] if day else notice.meta.issue_month


@lru_cache(maxsize=32768)
def _sql_fold(text: str | None) -> str:
    """SQL's fold(): the filters fold each notice's title and heading for every query, the same
    strings, so they are folded once per process (room for the two of 16,000 notices; past that a
    folded column would be the cure)."""
    return fold(text) if text else ""


class Store:
    """One SQLite file; every write is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.RLock()
        self._readers = threading.local()
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.create_function("fold", 1, _sql_fold, deterministic=True)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA + keyword.SCHEMA + accents.SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(notices)")}
        if "origin" not in columns:  # an index made before origins were kept: its notices came from corpus/
            self.db.execute("ALTER TABLE notices ADD COLUMN origin TEXT DEFAULT 'corpus'")
        if "ocr" not in columns:  # an index made before the OCR mark was kept: its notices count as read from text
            self.db.execute("ALTER TABLE notices ADD COLUMN ocr INTEGER DEFAULT 0")
        if keyword.outdated(self.db):  # postings in the older table of one row each: moved into blocks once
            with self.transaction() as db:
                keyword.convert(db)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def reader(self) -> sqlite3.Connection:
        """This thread's own read connection (tuples, not rows): with WAL its reads run beside
        the writer and each other, and see what was last committed."""
        connection = getattr(self._readers, "db", None)
        if connection is None:
            connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._readers.db = connection
        return connection

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        """Rows of a read query."""
        with self.lock:
            return self.db.execute(sql, params).fetchall()

    def get_meta(self, key: str) -> str | None:
        """A value of the meta table."""
        rows = self.query("SELECT value FROM meta WHERE key=?", (key,))
        return rows[0]["value"] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        """Set a value of the meta table."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def has_notice(self, notice_id: str) -> bool:
        """Whether a notice with this content id is stored."""
        return bool(self.query("SELECT 1 FROM notices WHERE notice_id=?", (notice_id,)))

    def insert_notice(self, notice: Notice, vectors: dict[str, np.ndarray], origin: str = "added",
                      original: tuple[str, bytes] | None = None) -> list[int]:
        """Store a notice with all its records in one transaction; records whose id is in
        vectors are searchable and keep their vector. origin says where it came from; original
        (name, bytes) keeps an added file so it can be re-extracted. Returns the searchable vids."""
        with self.transaction() as db:
            return self._insert(db, notice, vectors, origin, original)

    @staticmethod
    def _insert(db: sqlite3.Connection, notice: Notice, vectors: dict[str, np.ndarray], origin: str,
                original: tuple[str, bytes] | None) -> list[int]:
        meta = notice.meta
        month = notice_month(notice)
        vids, searchable = [], []
        db.execute(
            "INSERT INTO notices (notice_id, source, issuer, number, place, issue_date, meeting_date, title,"
            " doc_type, chair, signer, month, text, origin, ocr) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (notice.notice_id, notice.source, meta.issuer, meta.number, meta.place, meta.issue_date,
             meta.meeting_date, meta.title, meta.doc_type, meta.chair, meta.signer, month, notice.text, origin,
             int(notice.ocr)))
        if original is not None:
            db.execute("INSERT OR REPLACE INTO originals VALUES (?, ?, ?)", (notice.notice_id, *original))
        db.execute("DELETE FROM removed_notices WHERE notice_id=?", (notice.notice_id,))  # restored, or added again
        for record in notice.records:
            values = record.to_dict()
            values.update(span_start=record.span[0], span_end=record.span[1], month=month)
            row = [json.dumps(values[f], ensure_ascii=False) if f in _JSON_FIELDS else values[f] for f in _RECORD_FIELDS]
            vector = vectors.get(record.id)
            blob = vector.astype(np.float16).tobytes() if vector is not None else None
            cursor = db.execute(
                f"INSERT INTO records ({', '.join(_RECORD_FIELDS)}, vector) VALUES ({', '.join('?' * len(_RECORD_FIELDS))}, ?)",
                [*row, blob])
            if vector is None:
                continue
            vid = cursor.lastrowid
            vids.append(vid)
            searchable.append(record)
            db.executemany("INSERT INTO record_agencies VALUES (?, ?, ?)",
                           [(vid, a, "lead") for a in record.agencies] + [(vid, a, "coop") for a in record.cooperating])
        keyword.add(db, [(vid, keyword_text(r.text, r.agencies, r.context, meta.title)) for vid, r in zip(vids, searchable)])
        accents.learn(db, [r.text for r in searchable])
        return vids

    def replace_all(self, notices: list[tuple[Notice, dict[str, np.ndarray], str, tuple[str, bytes] | None]],
                    meta: dict[str, str]) -> int:
        """Replace every notice by these (notice, vectors, origin, original) and set meta values
        in one transaction, moving each done-mark to the new record of the same notice (same id,
        else same source) with the same normalised text. Returns how many marks moved."""
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(meta.items()))
            old = db.execute("SELECT r.id, r.notice_id, n.source, r.text FROM records r JOIN notices n USING(notice_id) "
                             "JOIN status s ON s.record_id = r.id").fetchall()
            db.execute("INSERT OR IGNORE INTO tombstones SELECT vid FROM records WHERE vector IS NOT NULL")
            db.execute("DELETE FROM notices")
            keyword.clear(db)
            accents.clear(db)
            new_ids: dict[tuple[str, str], str] = {}
            for notice, vectors, origin, original in notices:
                self._insert(db, notice, vectors, origin, original)
                for record in notice.records:
                    for key in (notice.notice_id, f"source:{notice.source}"):
                        new_ids.setdefault((key, normalised(record.text)), record.id)
            moved = 0
            for row in old:
                text = normalised(row["text"])
                target = new_ids.get((row["notice_id"], text)) or new_ids.get((f"source:{row['source']}", text))
                if target and target != row["id"]:
                    db.execute("UPDATE OR IGNORE status SET record_id = ? WHERE record_id = ?", (target, row["id"]))
                    moved += 1
        return moved

    def update_vectors(self, vids: np.ndarray, vectors: np.ndarray, meta: dict[str, str]) -> None:
        """Replace the stored vectors of these records and set meta values, in one transaction."""
        with self.transaction() as db:
            db.executemany("UPDATE records SET vector = ? WHERE vid = ?",
                           [(v.astype(np.float16).tobytes(), int(vid)) for vid, v in zip(vids.tolist(), vectors)])
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(meta.items()))

    def tombstones(self) -> np.ndarray:
        """The vids removed from SQLite that the vector index may still hold."""
        return np.array([r["vid"] for r in self.query("SELECT vid FROM tombstones ORDER BY vid")], dtype=np.int64)

    def clear_tombstones(self, vids: list[int] | None = None) -> None:
        """Forget tombstones once the vector index no longer holds them (all when vids is None)."""
        with self.transaction() as db:
            if vids is None:
                db.execute("DELETE FROM tombstones")
            else:
                db.executemany("DELETE FROM tombstones WHERE vid = ?", [(v,) for v in vids])

    def delete_notice(self, notice_id: str) -> list[int]:
        """Remove a notice and its records (done-marks stay, keyed by record id), keeping its text
        and original file in removed_notices so it can be restored, and leaving a tombstone for
        each searchable vid until the vector index drops it; returns the vids."""
        with self.transaction() as db:
            vids = [row[0] for row in db.execute("SELECT vid FROM records WHERE notice_id=?", (notice_id,))]
            searchable = db.execute(SEARCHABLE_SQL + " AND r.notice_id=?", (notice_id,)).fetchall()
            keyword.remove(db, [(r["vid"], Store.keyword_text(r)) for r in searchable])
            accents.forget(db, [r["text"] for r in searchable])
            db.execute("INSERT OR IGNORE INTO tombstones SELECT vid FROM records WHERE notice_id=? AND vector IS NOT NULL",
                       (notice_id,))
            db.execute("INSERT OR REPLACE INTO removed_notices (notice_id, source, number, text, origin, name, data) "
                       "SELECT n.notice_id, n.source, n.number, n.text, n.origin, o.name, o.data FROM notices n "
                       "LEFT JOIN originals o USING (notice_id) WHERE n.notice_id=?", (notice_id,))
            db.execute("DELETE FROM notices WHERE notice_id=?", (notice_id,))
        return vids

    def removed_notice(self, notice_id: str | None = None) -> sqlite3.Row | None:
        """A removed notice kept for restoring (the latest removed when no id is given)."""
        rows = self.query("SELECT * FROM removed_notices WHERE notice_id = ?", (notice_id,)) if notice_id else \
            self.query("SELECT * FROM removed_notices ORDER BY removed_at DESC, rowid DESC LIMIT 1")
        return rows[0] if rows else None

    def all_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """(vids, float32 vectors) of every record, to rebuild the vector index."""
        rows = self.query("SELECT vid, vector FROM records WHERE vector IS NOT NULL ORDER BY vid")
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        return np.array([r["vid"] for r in rows], dtype=np.int64), Store.decode_vectors(rows)

    @staticmethod
    def keyword_text(row: sqlite3.Row) -> str:
        """What the keyword index reads (index.passages.keyword_text) for a row of SEARCHABLE_SQL."""
        return keyword_text(row["text"], json.loads(row["agencies"] or "[]"), row["context"], row["title"])

    @staticmethod
    def decode_vectors(rows: list[sqlite3.Row]) -> np.ndarray:
        """The float32 matrix of the rows' stored fp16 vectors (column "vector")."""
        return np.stack([np.frombuffer(r["vector"], dtype=np.float16) for r in rows]).astype(np.float32)

    @staticmethod
    def record_dict(row: sqlite3.Row) -> dict:
        """A records row as a plain dict with its JSON lists decoded (vector left out)."""
        data = {key: row[key] for key in row.keys() if key != "vector"}
        for name in _JSON_FIELDS:
            if name in data and isinstance(data[name], str):
                data[name] = json.loads(data[name])
        return data
