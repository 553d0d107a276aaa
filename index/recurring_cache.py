"""What the recurring grouping worked out per cluster, kept between calls in this process, so that
after one new notice only the clusters it can change are worked out again.

A cluster's outcome (which members hold an anchor, its label and shared phrases) depends only on
its members (text, notice, meeting, date order) and on the notice counts of the terms it read:
of most terms only through their side of the limits they are compared with (recurring_terms.limit
and word_limit, which move with the number of notices), of its anchors exactly (they rank the
label). So an outcome stays valid while its members are the same, none of its anchors has a new
count and no term it read has crossed a limit. The link table stamps each count with the update
that last changed it (recurring_links.sync), so a refresh reads only the counts changed since the
last call; a full recomputation of the table starts a new epoch, which nothing kept survives."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from index.recurring_terms import RECORDS, WORD
from index.store import Store

Key = tuple[tuple[int, str, str, str], ...]  # (vid, notice, meeting, text) of each member, in date order


@dataclass
class Outcome:
    """What a cluster came to: positions of the members kept (those holding an anchor), its
    label and other shared phrases (label None when fewer than two notices are kept), the
    anchors whose counts rank its label, and the anchor that names its matter (recurring_names.named_anchor)."""

    kept: tuple[int, ...]
    label: str | None
    terms: list[str]
    anchors: frozenset[str]
    named: str = ""


class Reading:
    """A notice-count lookup (dict-like `get`) that remembers every count it was asked for."""

    def __init__(self, counts) -> None:  # noqa: ANN001
        self.counts = counts
        self.read: dict[str, int] = {}

    def get(self, term: str, default: int = 1) -> int:
        """The count of a term, remembered."""
        value = self.read[term] = self.counts.get(term, default)
        return value


@dataclass
class _Entry:
    outcome: Outcome
    read: frozenset[str]  # the terms whose counts it read


@dataclass(frozen=True)
class Limits:
    """The notice counts above which a phrase weighs nothing (recurring_terms.limit: one per
    share compared) and above which a syllable (a WORD key) is common by itself; a record count
    (a RECORDS key) is read exactly (recurring_terms.theme compares it with the phrase's notice
    count, which cannot change without it)."""

    phrase: tuple[int, ...]
    word: int

    def side(self, term: str, count: int) -> tuple[int, ...]:
        """Which of its limits a term's count is above: all an outcome reads of most counts."""
        if term.startswith(RECORDS):
            return (count,)
        return (count > self.word,) if term.startswith(WORD) else tuple(count > limit for limit in self.phrase)


class Memo:
    """Outcomes of the clusters of one link table (one epoch), valid at one update (generation)
    and one set of limits."""

    def __init__(self, epoch: str, generation: int, limits: Limits) -> None:
        self.epoch = epoch
        self.generation = generation
        self.limits = limits
        self.entries: dict[Key, _Entry] = {}
        self.counts: dict[str, int] = {}  # the counts the kept outcomes read, at this generation
        self.used: set[Key] = set()

    def refresh(self, store: Store, generation: int, limits: Limits) -> None:
        """Drop the outcomes that the updates since the last call or these limits may change."""
        moved: set[str] = set()  # terms read whose side of a limit changed
        exact: set[str] = set()  # terms read whose count changed
        if generation != self.generation:
            for row in store.query("SELECT term, n FROM recurring_df WHERE at > ?", (self.generation,)):
                old = self.counts.get(row["term"])
                if old is not None and old != row["n"]:
                    exact.add(row["term"])
                    if self.limits.side(row["term"], old) != limits.side(row["term"], row["n"]):
                        moved.add(row["term"])
                    self.counts[row["term"]] = row["n"]
        if limits != self.limits:
            moved.update(t for t, n in self.counts.items() if self.limits.side(t, n) != limits.side(t, n))
        if moved or exact:
            self.entries = {k: e for k, e in self.entries.items()
                            if not _meets(moved, e.read) and e.outcome.anchors.isdisjoint(exact)}
        self.generation, self.limits, self.used = generation, limits, set()

    def get(self, key: Key) -> Outcome | None:
        """The kept outcome of a cluster, if still valid."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        self.used.add(key)
        return entry.outcome

    def put(self, key: Key, outcome: Outcome, reading: Reading) -> Outcome:
        """Keep the outcome of a cluster, with the counts it read."""
        self.entries[key] = _Entry(outcome, frozenset(reading.read))
        self.counts.update(reading.read)
        self.used.add(key)
        return outcome

    def retain_used(self) -> None:
        """Keep only the outcomes of the last call (a memo holds one grouping's clusters), and
        only the counts they read."""
        self.entries = {k: e for k, e in self.entries.items() if k in self.used}
        read = set().union(*(e.read for e in self.entries.values()))
        self.counts = {t: n for t, n in self.counts.items() if t in read}


def _meets(few: set[str], many: frozenset[str]) -> bool:
    return any(t in many for t in few) if len(few) < len(many) else not many.isdisjoint(few)


_MEMOS: dict[tuple[str, str], Memo] = {}  # (file, epoch) -> memo; one per link table this process grouped lately
_MOST = 4
LOCK = threading.RLock()  # held by a grouping while it uses a memo


def _state(store: Store) -> tuple[str, int] | None:
    """(epoch, generation) of this store's link table; None when it has no epoch (it was never
    brought up to date by recurring_links.sync)."""
    if not store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recurring_state'"):
        return None
    state = {r["key"]: r["value"] for r in store.query("SELECT key, value FROM recurring_state")}
    return (state["epoch"], int(state.get("generation", 0))) if "epoch" in state else None


def _file(store: Store) -> str:
    return str(Path(store.path).resolve())  # a copy of an index folder has its own memo


def memo_for(store: Store, limits: Limits) -> Memo | None:
    """The memo of this store's link table, refreshed to its current update; None when the table
    has no epoch."""
    state = _state(store)
    if state is None:
        return None
    epoch, generation = state
    key = (_file(store), epoch)
    memo = _MEMOS.pop(key, None) or Memo(epoch, generation, limits)
    memo.refresh(store, generation, limits)
    _MEMOS[key] = memo
    while len(_MEMOS) > _MOST:
        del _MEMOS[next(iter(_MEMOS))]
    return memo


def still_current(store: Store, memo: Memo) -> bool:
    """Whether the link table is still at the memo's update: the counts a grouping read after
    memo_for belong to it (another process may have updated the table in between)."""
    return _state(store) == (memo.epoch, memo.generation)


def forget(store: Store) -> None:
    """Drop the memos of this store's link tables."""
    for key in [k for k in _MEMOS if k[0] == _file(store)]:
        del _MEMOS[key]
