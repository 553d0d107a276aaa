"""A clerk's corrections of what extraction produced, kept apart from it in the same SQLite file.

A correction names its record by notice id + normalised record text (not by the record id,
which depends on character offsets), so it survives re-indexing and re-extraction of the
notice. Corrections are a log: the newest value of a field wins and undo drops the newest
entry. Agency aliases merge two spellings of one agency into a canonical name."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace
from datetime import date

from index.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT, notice_id TEXT NOT NULL, text_key TEXT NOT NULL,
    field TEXT NOT NULL, value TEXT, made_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE INDEX IF NOT EXISTS corrections_key ON corrections(notice_id, text_key);
CREATE TABLE IF NOT EXISTS agency_aliases (
    alias TEXT PRIMARY KEY, canonical TEXT NOT NULL, made_at TEXT DEFAULT CURRENT_TIMESTAMP);
"""
FIELDS = ("agencies", "cooperating", "deadline", "kind")
KINDS = ("directive", "issue", "assessment", "other")


def ensure(store: Store) -> None:
    """Create the tables (idempotent)."""
    with store.lock:
        store.db.executescript(SCHEMA)


def text_key(text: str) -> str:
    """A record's text normalised: NFC, lower case, whitespace collapsed, end punctuation dropped."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return re.sub(r"\s+", " ", text).strip(" .;:,-–+*")


def fold(text: str) -> str:
    """Lower case without tone marks (đ → d), for accent-insensitive matching."""
    text = unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def parse_date(text: str) -> str | None:
    """ISO date of "2025-06-30" or "30/6/2025"; None for anything else."""
    text = (text or "").strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = map(int, match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not match:
            return None
        day, month, year = map(int, match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def split_names(text: str | list[str]) -> list[str]:
    """Agency names typed by a clerk, separated by ";" or new lines (or a list already)."""
    parts = text if isinstance(text, list) else re.split(r"[;\n]", text or "")
    return [re.sub(r"\s+", " ", p).strip() for p in parts if p and p.strip()]


# -- writing ------------------------------------------------------------------------------------
def correct(store: Store, notice_id: str, text: str, field: str, value: str | list[str]) -> None:
    """Record a correction of one field (agencies, cooperating: a list; deadline: a date or the
    text of one, "" for none; kind: directive, issue, assessment, other)."""
    ensure(store)
    if field not in FIELDS:
        raise ValueError(f"không sửa được trường {field!r}")
    if field in ("agencies", "cooperating"):
        stored = split_names(value)
    elif field == "kind":
        if value not in KINDS:
            raise ValueError(f"loại không hợp lệ: {value!r}")
        stored = value
    else:
        text_value = (value or "").strip()
        day = parse_date(text_value)
        if text_value and day is None:
            raise ValueError(f"ngày không hợp lệ: {text_value!r} (nhập dạng 30/6/2025)")
        stored = {"deadline": text_value or None, "deadline_date": day}
    with store.transaction() as db:
        db.execute("INSERT INTO corrections (notice_id, text_key, field, value) VALUES (?, ?, ?, ?)",
                   (notice_id, text_key(text), field, json.dumps(stored, ensure_ascii=False)))


def undo(store: Store, notice_id: str, text: str) -> str | None:
    """Drop the newest correction of a record; returns the field it had corrected (None: nothing to undo)."""
    ensure(store)
    rows = store.query("SELECT id, field FROM corrections WHERE notice_id = ? AND text_key = ? ORDER BY id DESC LIMIT 1",
                       (notice_id, text_key(text)))
    if not rows:
        return None
    with store.transaction() as db:
        db.execute("DELETE FROM corrections WHERE id = ?", (rows[0]["id"],))
    return rows[0]["field"]


def add_alias(store: Store, alias: str, canonical: str) -> None:
    """Merge two spellings: alias is shown and counted as canonical from now on."""
    ensure(store)
    alias, canonical = alias.strip(), resolve(store, canonical.strip())
    if not alias or not canonical or alias == canonical:
        raise ValueError("hãy chọn hai tên cơ quan khác nhau")
    with store.transaction() as db:
        db.execute("INSERT OR REPLACE INTO agency_aliases (alias, canonical) VALUES (?, ?)", (alias, canonical))
        db.execute("UPDATE agency_aliases SET canonical = ? WHERE canonical = ?", (canonical, alias))


def remove_alias(store: Store, alias: str) -> bool:
    """Undo a merge."""
    ensure(store)
    with store.transaction() as db:
        return db.execute("DELETE FROM agency_aliases WHERE alias = ?", (alias.strip(),)).rowcount > 0


# -- reading ------------------------------------------------------------------------------------
def aliases(store: Store) -> dict[str, str]:
    """alias → canonical name."""
    ensure(store)
    return {r["alias"]: r["canonical"] for r in store.query("SELECT alias, canonical FROM agency_aliases")}


def resolve(store: Store, name: str, table: dict[str, str] | None = None) -> str:
    """The canonical name of an agency."""
    table = aliases(store) if table is None else table
    seen = set()
    while name in table and name not in seen:
        seen.add(name)
        name = table[name]
    return name


def names_of(store: Store, canonical: str) -> set[str]:
    """A canonical name and every alias merged into it."""
    table = aliases(store)
    return {canonical, *[a for a in table if resolve(store, a, table) == canonical]}


def current(store: Store) -> dict[tuple[str, str], dict]:
    """(notice id, text key) → {field: newest value} of every corrected record."""
    ensure(store)
    latest: dict[tuple[str, str], dict] = {}
    for row in store.query("SELECT notice_id, text_key, field, value FROM corrections ORDER BY id"):
        latest.setdefault((row["notice_id"], row["text_key"]), {})[row["field"]] = json.loads(row["value"])
    return latest


def mentions(store: Store, names: set[str]) -> bool:
    """Whether some correction gives a record to one of these agency names."""
    for fixes in current(store).values():
        for field in ("agencies", "cooperating"):
            if names & set(fixes.get(field, [])):
                return True
    return False


def stamp(store: Store) -> tuple:
    """Changes whenever a correction or a merge is made or taken back (for caches)."""
    ensure(store)
    row = store.query("SELECT (SELECT COUNT(*) FROM corrections) a, (SELECT MAX(id) FROM corrections) b, "
                      "(SELECT COUNT(*) FROM agency_aliases) c, (SELECT MAX(rowid) FROM agency_aliases) d")[0]
    return tuple(row)


def corrections_of(store: Store, notice_id: str, text: str) -> dict:
    """The newest corrected values of one record ({} if never corrected)."""
    return current(store).get((notice_id, text_key(text)), {})


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def apply(item, fixes: dict | None, table: dict[str, str], store: Store):  # noqa: ANN001, ANN201 - Task or Hit
    """A copy of a Task or Hit with its corrections and agency aliases applied, `corrected` set
    when a clerk corrected it."""
    changes: dict = {"corrected": bool(fixes)}
    for name in ("agencies", "cooperating"):
        values = (fixes or {}).get(name, getattr(item, name))
        changes[name] = _unique([resolve(store, a, table) for a in values])
    if fixes:
        if "deadline" in fixes:
            changes.update(fixes["deadline"])
        if "kind" in fixes:
            changes["kind"] = fixes["kind"]
    changes = {k: v for k, v in changes.items() if hasattr(item, k)}
    return replace(item, **changes)


def apply_all(store: Store, items: list) -> list:
    """Tasks or Hits with corrections and agency aliases applied, corrected ones marked."""
    table, latest = aliases(store), current(store)
    return [apply(item, latest.get((item.notice_id, text_key(item.text))), table, store) for item in items]
