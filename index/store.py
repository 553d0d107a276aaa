"""SQLite storage of notices, records (every field from extraction), their vectors (fp16, so
the FAISS index can always be rebuilt without the model) and the clerks' done-marks."""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np

from extraction.records import Notice, Record

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS notices (
    notice_id TEXT PRIMARY KEY, source TEXT, issuer TEXT, number TEXT, place TEXT,
    issue_date TEXT, meeting_date TEXT, title TEXT, doc_type TEXT, chair TEXT, signer TEXT,
    month TEXT, text TEXT, added_at TEXT DEFAULT CURRENT_TIMESTAMP);
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
"""
_RECORD_FIELDS = ("id", "notice_id", "kind", "text", "agencies", "agencies_raw", "cooperating", "action",
                  "deadline", "deadline_date", "field", "section", "span_start", "span_end",
                  "meeting_date", "month", "context")
_JSON_FIELDS = ("agencies", "agencies_raw", "cooperating")


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
    """The month a notice belongs to: its meeting date, else its issue date (YYYY-MM)."""
    day = notice.meta.meeting_date or notice.meta.issue_date
    return day[:7] if day else None


class Store:
    """One SQLite file; every write is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.RLock()
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)

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

    def insert_notice(self, notice: Notice, vectors: dict[str, np.ndarray]) -> list[int]:
        """Store a notice with all its records in one transaction; records whose id is in
        vectors are searchable and keep their vector. Returns the searchable records' vids."""
        meta = notice.meta
        month = notice_month(notice)
        vids = []
        with self.transaction() as db:
            db.execute(
                "INSERT INTO notices (notice_id, source, issuer, number, place, issue_date, meeting_date, title,"
                " doc_type, chair, signer, month, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (notice.notice_id, notice.source, meta.issuer, meta.number, meta.place, meta.issue_date,
                 meta.meeting_date, meta.title, meta.doc_type, meta.chair, meta.signer, month, notice.text))
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
                db.executemany("INSERT INTO record_agencies VALUES (?, ?, ?)",
                               [(vid, a, "lead") for a in record.agencies] + [(vid, a, "coop") for a in record.cooperating])
        return vids

    def delete_notice(self, notice_id: str) -> list[int]:
        """Remove a notice and its records (done-marks stay, keyed by record id); returns vids."""
        with self.transaction() as db:
            vids = [row[0] for row in db.execute("SELECT vid FROM records WHERE notice_id=?", (notice_id,))]
            db.execute("DELETE FROM notices WHERE notice_id=?", (notice_id,))
        return vids

    def all_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """(vids, float32 vectors) of every record, to rebuild the vector index."""
        rows = self.query("SELECT vid, vector FROM records WHERE vector IS NOT NULL ORDER BY vid")
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        return np.array([r["vid"] for r in rows], dtype=np.int64), Store.decode_vectors(rows)

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
