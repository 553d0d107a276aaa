"""The accent restorer's n-gram counts kept in SQLite (table accent_forms: folded n-gram, accented
form, count), written in the transactions that add or remove records, so opening an index learns
nothing again and a query looks up only its own n-grams. An index made before the table has it
empty and unmarked (meta "accents"): it is built once on open."""
from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Iterable

from index.text import AccentRestorer

SCHEMA = """
CREATE TABLE IF NOT EXISTS accent_forms (
    folded TEXT NOT NULL, form TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (folded, form)) WITHOUT ROWID;
"""
_BATCH = 20_000  # texts counted in memory at a time by build


def built(db: sqlite3.Connection) -> bool:
    """Whether accent_forms holds the counts of every searchable record."""
    return db.execute("SELECT 1 FROM meta WHERE key = 'accents'").fetchone() is not None


def _counts(texts: Iterable[str]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for text in texts:
        counts.update(AccentRestorer.grams(text))
    return counts


def learn(db: sqlite3.Connection, texts: Iterable[str], force: bool = False) -> None:
    """Count the n-grams of record texts inside the caller's transaction (nothing while the table
    is not built: the build on the next open counts every record)."""
    if not force and not built(db):
        return
    db.executemany("INSERT INTO accent_forms VALUES (?, ?, ?) ON CONFLICT(folded, form) DO UPDATE "
                   "SET count = count + excluded.count", [(f, g, n) for (f, g), n in _counts(texts).items()])


def forget(db: sqlite3.Connection, texts: Iterable[str]) -> None:
    """Take back what learn(texts) counted (removed records)."""
    if not built(db):
        return
    counts = [(n, f, g) for (f, g), n in _counts(texts).items()]
    db.executemany("UPDATE accent_forms SET count = count - ? WHERE folded = ? AND form = ?", counts)
    db.executemany("DELETE FROM accent_forms WHERE folded = ? AND form = ? AND count <= 0", [c[1:] for c in counts])


def clear(db: sqlite3.Connection) -> None:
    """Empty the table and mark it built (a rebuild learns every record again)."""
    db.execute("DELETE FROM accent_forms")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('accents', '1')")


def build(db: sqlite3.Connection, texts: Iterable[str]) -> None:
    """Replace the counts by those of these texts, inside the caller's transaction."""
    clear(db)
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= _BATCH:
            learn(db, batch, force=True)
            batch = []
    learn(db, batch, force=True)


class StoredRestorer(AccentRestorer):
    """AccentRestorer reading the counts from a Store's SQLite (always current)."""

    def __init__(self, store) -> None:  # noqa: ANN001 - index.store.Store (which imports this module)
        super().__init__()
        self.store = store

    def _form(self, key: str) -> str | None:
        row = self.store.reader().execute("SELECT form FROM accent_forms WHERE folded = ? ORDER BY count DESC, form "
                                          "LIMIT 1", (key,)).fetchone()
        return row[0] if row else None
