"""The keyword postings and the accent counts live in SQLite and follow every change: an added
notice is found by its own words at once, a removed one is gone, a reopened index keeps them
without rebuilding, an index made before the tables gets them on open; after any sequence of
changes the tables equal a build from scratch. Real SQLite, the real model; a fresh index per test."""
from __future__ import annotations

import json
import math
from itertools import takewhile

import numpy as np
import pytest

from extraction import extract_text
from index import Index
from index import accents, corrections
from index import keyword as kw
from index.passages import passage_text
from index.register import mark_done
from index.store import SEARCHABLE_SQL, Store
from index.text import keyword_tokens
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
        "postings": postings(store),
        "docs": set(map(tuple, store.query("SELECT vid, length, terms FROM kw_docs"))),
        "stats": set(map(tuple, store.query("SELECT docs, length FROM kw_stats"))),
        "accents": set(map(tuple, store.query("SELECT folded, form, count FROM accent_forms"))),
    }


def postings(store: Store) -> set[tuple[str, int, int, int]]:
    """(term, vid, tf, length) of every posting in the blocks, checking each block's own columns."""
    out = set()
    for term, tid, low, high, n, vids, tfs, lengths in store.query(
            "SELECT t.term, b.tid, b.low, b.high, b.n, b.vids, b.tfs, b.lengths FROM kw_blocks b JOIN kw_terms t USING(tid)"):
        rows = [np.frombuffer(blob, dtype="<u4") for blob in (vids, tfs, lengths)]
        assert 0 < n <= kw.BLOCK and all(len(r) == n for r in rows)
        assert low == rows[0].min() and high == rows[0].max() and np.all(np.diff(rows[0].astype(np.int64)) > 0)
        out.update((term, int(v), int(f), int(n)) for v, f, n in zip(*rows))
    assert len(out) == store.query("SELECT COALESCE(SUM(n), 0) FROM kw_blocks")[0][0]  # no posting twice
    return out


def from_scratch(store: Store) -> dict[str, set]:
    """The tables as a build from the stored records makes them (rolled back afterwards)."""
    rows = store.query(SEARCHABLE_SQL + " ORDER BY r.vid")
    with pytest.raises(InterruptedError), store.transaction() as db:
        kw.build(db, ((r["vid"], Store.keyword_text(r)) for r in rows))
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
    assert not {p for p in postings(index.store) if p[1] in vids}
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
        for table in ("kw_blocks", "kw_terms", "kw_docs", "kw_stats", "accent_forms"):
            db.execute(f"DROP TABLE {table}")
        db.execute("DELETE FROM meta WHERE key = 'accents'")
    index.store.db.close()
    migrated = Index(index.path)
    assert tables(migrated.store) == expected
    assert found(migrated, "DA0003")
    migrated.add_notice(notice(9))
    assert found(migrated, "DA0009")
    assert tables(migrated.store) == from_scratch(migrated.store)


def test_a_task_is_found_by_its_notices_title_and_older_postings_are_rebuilt(index):
    raw = notice_text(56).replace("tại phiên họp thường kỳ", "về phòng chống sốt xuất huyết tại phiên họp thường kỳ")
    result = index.add_notice(extract_text(raw, "so-56.txt"))
    _, vids = index.keyword.search("sốt xuất huyết", 10)  # in the title only, not in any task's own words
    titled = {r["vid"] for r in index.store.query("SELECT vid FROM records WHERE notice_id = ? AND vector IS NOT NULL",
                                                  (result.notice_id,))}
    assert titled and titled <= set(vids.tolist())
    assert not any("sốt xuất huyết" in r["text"] for r in index.store.query(
        "SELECT text FROM records WHERE notice_id = ? AND kind != 'other'", (result.notice_id,)))
    expected = tables(index.store)
    with index.store.transaction() as db:  # as built by a version whose postings read the tasks' words only
        kw.build(db, ((r["vid"], passage_text(r["text"], json.loads(r["agencies"] or "[]"), r["context"]))
                      for r in db.execute(SEARCHABLE_SQL)))
        db.execute("DELETE FROM meta WHERE key = 'keyword_text'")
    assert not set(index.keyword.search("sốt xuất huyết", 10)[1].tolist())
    index.store.db.close()
    assert tables(Index(index.path).store) == expected


def test_postings_not_covering_the_records_are_rebuilt(index):
    with index.store.transaction() as db:  # as if written by a version that kept no postings
        db.execute("DELETE FROM kw_docs WHERE vid = (SELECT MIN(vid) FROM kw_docs)")
        db.execute("UPDATE kw_stats SET docs = docs - 1")
    assert tables(Index(index.path).store) == from_scratch(index.store)


def test_removal_finds_postings_the_tokens_no_longer_name(index):
    row = index.store.query("SELECT vid FROM records WHERE vector IS NOT NULL AND text LIKE '%DA0001%'")[0]
    with index.store.transaction() as db:  # a passage that tokenises differently (the tokeniser changed)
        kw.remove(db, [(row["vid"], "một văn bản khác hẳn DA0001")])
    assert not {p for p in postings(index.store) if p[1] == row["vid"]}
    assert not index.store.query("SELECT 1 FROM kw_docs WHERE vid = ?", (row["vid"],))
    docs = index.store.query(SEARCHABLE_SQL + " AND r.vid != ?", (row["vid"],))
    with pytest.raises(InterruptedError), index.store.transaction() as db:
        kw.build(db, ((r["vid"], Store.keyword_text(r)) for r in docs))
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


def bm25(store: Store, query: str) -> dict[int, float]:
    """vid -> BM25 score of a query, from the tables row by row (the formula written out again;
    every query term kept: the collection is small)."""
    docs, total = store.query("SELECT docs, length FROM kw_stats")[0]
    scores: dict[int, float] = {}
    for term in set(keyword_tokens(query)):
        times = keyword_tokens(query).count(term)
        found = store.query("SELECT df FROM kw_terms WHERE term = ?", (term,))
        if not found:
            continue
        df = found[0][0]
        idf = math.log(1 + (docs - df + 0.5) / (df + 0.5))
        for _, vid, tf, length in (p for p in postings(store) if p[0] == term):
            scores[vid] = scores.get(vid, 0.0) + times * idf * tf / (kw.K1 * (1 - kw.B + kw.B * length / (total / docs)) + tf)
    return scores


def test_scores_equal_the_formula(index):
    for query in ("kiểm kê kho DA0002", "công trình trên địa bàn", "báo cáo kết quả kho kho"):
        expected = bm25(index.store, query)
        scores, vids = index.keyword.search(query, 1000)
        assert sorted(vids.tolist()) == sorted(v for v, s in expected.items() if s > 0)
        np.testing.assert_allclose(scores, [expected[v] for v in vids.tolist()], rtol=1e-6)


def test_blocks_stay_few_through_many_adds_and_removes(tmp_path, monkeypatch):
    monkeypatch.setattr(kw, "BLOCK", 8)  # small blocks, so a few notices fill, split and merge them
    monkeypatch.setattr(kw, "TAIL", 2)
    index = Index(tmp_path / "idx")
    index.add_notices([notice(1)])
    added = [index.add_notice(notice(n)).notice_id for n in range(10, 30)]
    assert tables(index.store) == from_scratch(index.store)
    for (tid,) in index.store.query("SELECT DISTINCT tid FROM kw_blocks"):  # adds: at most TAIL partial blocks at the end
        counts = [n for n, in index.store.query("SELECT n FROM kw_blocks WHERE tid = ? ORDER BY block DESC", (tid,))]
        partial = len(list(takewhile(lambda n: n < kw.BLOCK, counts)))
        assert partial <= kw.TAIL and all(n == kw.BLOCK for n in counts[partial:])
    assert index.store.query("SELECT MAX(c) FROM (SELECT COUNT(*) AS c FROM kw_blocks GROUP BY tid)")[0][0] > kw.TAIL + 1
    for notice_id in added[3:12:2]:  # notices 13, 15, ... 21
        index.remove(notice_id)
    assert tables(index.store) == from_scratch(index.store)
    for tid, blocks, count in index.store.query("SELECT tid, COUNT(*), SUM(n) FROM kw_blocks GROUP BY tid"):
        assert blocks <= -(-count // kw.BLOCK) + kw.TAIL  # removals: never many more blocks than the postings need
    queries = ("kiểm kê kho", "DA0014", "công trình số 22 trên địa bàn", "báo cáo")
    before = [index.keyword.search(q, 50) for q in queries]
    assert found(index, "DA0014") and found(index, "DA0029") and not found(index, "DA0015")
    with index.store.transaction() as db:  # the same tables written by a build: the same answers
        kw.build(db, ((r["vid"], Store.keyword_text(r)) for r in index._searchable_rows()))
    for (scores, vids), query in zip(before, queries):
        again = index.keyword.search(query, 50)
        assert np.array_equal(vids, again[1]) and np.array_equal(scores, again[0])


def rows_of(store: Store, skip: tuple[str, ...]) -> dict[str, list]:
    """Every row of every table but those named."""
    names = [n for n, in store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: sorted((tuple(r) for r in store.query(f"SELECT * FROM {name}")), key=repr) for name in names
            if name not in skip}


def test_row_table_index_is_converted_once_on_open(index, monkeypatch):
    added = index.add_notice(notice(777))
    record = index.store.query("SELECT id, text FROM records WHERE notice_id = ? AND vector IS NOT NULL",
                               (added.notice_id,))[0]
    assert mark_done(index, record["id"], note="xong")
    corrections.correct(index.store, added.notice_id, record["text"], "deadline", "2026-03-31")
    expected = tables(index.store)
    queries = ("kiểm kê kho DA0002", "DA0777", "công trình trên địa bàn")
    answers = [index.keyword.search(q, 20) for q in queries]
    with index.store.transaction() as db:  # the postings as an older version kept them: one row each
        db.execute("CREATE TABLE kw_postings (tid INTEGER NOT NULL, vid INTEGER NOT NULL, tf INTEGER NOT NULL, "
                   "length INTEGER NOT NULL, PRIMARY KEY (tid, vid)) WITHOUT ROWID")
        terms = dict(db.execute("SELECT term, tid FROM kw_terms").fetchall())
        db.executemany("INSERT INTO kw_postings VALUES (?, ?, ?, ?)",
                       [(terms[t], v, f, n) for t, v, f, n in expected["postings"]])
        db.execute("DROP TABLE kw_blocks")
    others = rows_of(index.store, ("kw_postings", "kw_blocks"))
    index.store.db.close()

    def no_build(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("built from the records")

    monkeypatch.setattr(kw, "build", no_build)
    monkeypatch.setattr(kw, "_ROWS", 300)  # several chunks, a term going on from one into the next
    converted = Index(index.path)
    assert not kw.outdated(converted.store.db)
    assert tables(converted.store) == expected
    assert rows_of(converted.store, ("kw_blocks",)) == others  # marks, corrections, notices, records as they were
    for query, (scores, vids) in zip(queries, answers):
        again = converted.keyword.search(query, 20)
        assert np.array_equal(vids, again[1]) and np.array_equal(scores, again[0])
    monkeypatch.setattr(kw, "convert", no_build)
    reopened = Index(index.path)  # converted once: nothing to do on the next open
    assert tables(reopened.store) == expected and found(reopened, "DA0777")
    monkeypatch.undo()
    reopened.remove(added.notice_id)
    assert not found(reopened, "DA0777") and tables(reopened.store) == from_scratch(reopened.store)
