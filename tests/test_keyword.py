"""The keyword postings and the accent counts live in SQLite and follow every change: an added
notice is found by its own words at once, a removed one is gone, a reopened index keeps them
without rebuilding, an index made before the tables gets them on open; after any sequence of
changes the tables equal a build from scratch. Real SQLite, the real model; a fresh index per test."""
from __future__ import annotations

import numpy as np
import pytest

from extraction import extract_text
from index import Index
from index import accents
from index import keyword as kw
from index.store import Store
from tests.crash_child import notice_text

pytestmark = pytest.mark.slow


def notice(number: int):
    return extract_text(notice_text(number), f"so-{number}.txt")


def found(index: Index, code: str) -> bool:
    """Whether the keyword leg returns a record whose text names code."""
    _, vids = index.keyword.search(code, 10)
    texts = [r["text"] for r in index.store.query(
        f"SELECT text FROM records WHERE vid IN ({','.join('?' * len(vids))})", vids.tolist())] if len(vids) else []
    return any(code in text for text in texts)


def tables(store: Store) -> dict[str, set]:
    """The keyword and accent tables by term (term ids aside)."""
    return {
        "terms": set(map(tuple, store.query("SELECT term, df FROM kw_terms"))),
        "postings": set(map(tuple, store.query("SELECT t.term, p.vid, p.tf, p.length FROM kw_postings p "
                                               "JOIN kw_terms t USING(tid)"))),
        "docs": set(map(tuple, store.query("SELECT vid, length, terms FROM kw_docs"))),
        "stats": set(map(tuple, store.query("SELECT docs, length FROM kw_stats"))),
        "accents": set(map(tuple, store.query("SELECT folded, form, count FROM accent_forms"))),
    }


def from_scratch(store: Store) -> dict[str, set]:
    """The tables as a build from the stored records makes them (rolled back afterwards)."""
    rows = store.query("SELECT vid, text, agencies, context FROM records WHERE vector IS NOT NULL ORDER BY vid")
    with pytest.raises(InterruptedError), store.transaction() as db:
        kw.build(db, ((r["vid"], Store.passage(r)) for r in rows))
        accents.build(db, (r["text"] for r in rows))
        fresh = tables(store)
        raise InterruptedError  # roll back
    return fresh


@pytest.fixture
def index(tmp_path):
    index = Index(tmp_path / "idx")
    index.add_notices([notice(n) for n in range(1, 4)])
    return index


def test_added_notice_is_found_at_once_and_removed_is_gone(index):
    assert not found(index, "DA0777")
    result = index.add_notice(notice(777))
    assert result.status == "added"
    assert found(index, "DA0777")
    assert any("DA0777" in hit.text for hit in index.search("DA0777", k=3, mode="keyword"))
    assert tables(index.store) == from_scratch(index.store)

    vids = [r["vid"] for r in index.store.query("SELECT vid FROM records WHERE notice_id=?", (result.notice_id,))]
    assert index.remove(result.notice_id) > 0
    assert not found(index, "DA0777")
    assert not index.store.query("SELECT 1 FROM kw_terms WHERE term = 'da0777'")
    marks = ",".join("?" * len(vids))
    assert not index.store.query(f"SELECT 1 FROM kw_postings WHERE vid IN ({marks})", vids)
    assert not index.store.query(f"SELECT 1 FROM kw_docs WHERE vid IN ({marks})", vids)
    assert tables(index.store) == from_scratch(index.store)
    assert found(index, "DA0002")  # the others stay


def test_accent_counts_follow_adds_and_removes(index):
    unique = "Tổ chức lễ hội khinh khí cầu quốc tế"
    raw = notice_text(55).replace("Đẩy nhanh tiến độ công trình số 55 trên địa bàn", unique)
    assert index.restorer.restore("khinh khi cau") != "khinh khí cầu"
    result = index.add_notice(extract_text(raw, "so-55.txt"))
    assert index.restorer.restore("khinh khi cau") == "khinh khí cầu"
    assert tables(index.store) == from_scratch(index.store)
    index.remove(result.notice_id)
    assert index.restorer.restore("khinh khi cau") != "khinh khí cầu"
    assert tables(index.store) == from_scratch(index.store)


def test_reopen_keeps_the_tables_without_rebuilding(index, monkeypatch):
    index.add_notice(notice(777))
    before = tables(index.store)

    def no_build(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("rebuilt on reopen")

    monkeypatch.setattr(kw, "build", no_build)
    monkeypatch.setattr(accents, "build", no_build)
    reopened = Index(index.path)
    assert tables(reopened.store) == before
    assert found(reopened, "DA0777")
    assert reopened.restorer.restore("kiem ke kho") == "kiểm kê kho"


def test_older_index_is_migrated_on_open(index):
    expected = from_scratch(index.store)
    with index.store.transaction() as db:  # as an index made before the tables: none of them
        for table in ("kw_postings", "kw_terms", "kw_docs", "kw_stats", "accent_forms"):
            db.execute(f"DROP TABLE {table}")
        db.execute("DELETE FROM meta WHERE key = 'accents'")
    index.store.db.close()
    migrated = Index(index.path)
    assert tables(migrated.store) == expected
    assert found(migrated, "DA0003")
    migrated.add_notice(notice(9))
    assert found(migrated, "DA0009")
    assert tables(migrated.store) == from_scratch(migrated.store)


def test_postings_not_covering_the_records_are_rebuilt(index):
    with index.store.transaction() as db:  # as if written by a version that kept no postings
        db.execute("DELETE FROM kw_docs WHERE vid = (SELECT MIN(vid) FROM kw_docs)")
        db.execute("UPDATE kw_stats SET docs = docs - 1")
    assert tables(Index(index.path).store) == from_scratch(index.store)


def test_removal_finds_postings_the_tokens_no_longer_name(index):
    row = index.store.query("SELECT vid FROM records WHERE vector IS NOT NULL AND text LIKE '%DA0001%'")[0]
    with index.store.transaction() as db:  # a passage that tokenises differently (the tokeniser changed)
        kw.remove(db, [(row["vid"], "một văn bản khác hẳn DA0001")])
    assert not index.store.query("SELECT 1 FROM kw_postings WHERE vid = ?", (row["vid"],))
    assert not index.store.query("SELECT 1 FROM kw_docs WHERE vid = ?", (row["vid"],))
    docs = index.store.query("SELECT vid, text, agencies, context FROM records WHERE vector IS NOT NULL AND vid != ?",
                             (row["vid"],))
    with pytest.raises(InterruptedError), index.store.transaction() as db:
        kw.build(db, ((r["vid"], Store.passage(r)) for r in docs))
        fresh = tables(index.store)
        raise InterruptedError
    assert {k: v for k, v in tables(index.store).items() if k != "accents"} == \
        {k: v for k, v in fresh.items() if k != "accents"}


def test_rebuild_rewrites_the_tables(index, tmp_path):
    files = []
    for number in (1, 2):
        path = tmp_path / f"so-{number}.txt"
        path.write_text(notice_text(number), encoding="utf-8")
        files.append(path)
    index.rebuild(files)
    assert tables(index.store) == from_scratch(index.store)
    assert found(index, "DA0003")  # an added notice re-extracted from its stored text


def test_scores_follow_bm25_and_the_allowed_filter(index):
    scores, vids = index.keyword.search("kiểm kê kho DA0002", 10)
    assert len(vids) and np.all(np.diff(scores) <= 0)
    best = int(vids[0])
    assert "DA0002" in index.store.query("SELECT text FROM records WHERE vid=?", (best,))[0]["text"]
    others = np.setdiff1d(vids, [best])
    _, allowed = index.keyword.search("kiểm kê kho DA0002", 10, others)
    assert best not in allowed.tolist() and set(allowed.tolist()) <= set(others.tolist())
    assert not len(index.keyword.search("kiểm kê kho", 10, np.zeros(0, dtype=np.int64))[1])
    assert not len(index.keyword.search("xyzzy", 10)[1])
