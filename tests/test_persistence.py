"""Nothing a clerk did is lost: done-marks and notices added outside corpus/ survive a rebuild,
a re-embedding with another model and a re-extraction that moves every span; removal works on
an HNSW index (tombstones); the command line answers errors in one line and logs the traceback.
Real SQLite, real FAISS, the real model; a fresh index per test."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

import extraction
from extraction import extract_text
from index import Index, ModelMismatch, register
from index import core
from index import vectors as vecs
from index.__main__ import _report, main
from extraction.log import LOG_NAME
from index.model import model_folder
from tests.crash_child import notice_text

pytestmark = pytest.mark.slow


def write_notice(folder: Path, number: int) -> Path:
    path = folder / f"so-{number}.txt"
    path.write_text(notice_text(number), encoding="utf-8")
    return path


def directive(index: Index, code: str) -> dict:
    """The stored directive whose text names code."""
    rows = index.store.query("SELECT id, text, notice_id FROM records WHERE kind='directive' AND text LIKE ?",
                             (f"%{code}%",))
    assert len(rows) >= 1, code
    return dict(rows[0])


def marked(index: Index) -> dict[str, str]:
    """Text of the record behind each done-mark (None when the mark lost its record)."""
    rows = index.store.query("SELECT s.record_id, r.text FROM status s LEFT JOIN records r ON r.id = s.record_id")
    return {row["record_id"]: row["text"] for row in rows}


def assert_consistent(index: Index) -> None:
    rows = index.store.query("SELECT vid FROM records WHERE vector IS NOT NULL ORDER BY vid")
    held = np.setdiff1d(vecs.stored_ids(index.vectors), index.store.tombstones())
    assert np.array_equal(np.sort(held), np.array([r["vid"] for r in rows], dtype=np.int64))


@pytest.fixture
def folders(tmp_path):
    corpus, uploads = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus.mkdir()
    uploads.mkdir()
    return tmp_path / "idx", corpus, uploads


def clerk_work(directory: Path, corpus: Path, uploads: Path) -> tuple[Index, list[Path]]:
    """An index with two corpus notices, one added by the CLI (file kept), one uploaded (text
    only, as the page does), and a done-mark on a directive of each."""
    index = Index(directory)
    files = [write_notice(corpus, 1), write_notice(corpus, 2)]
    index.add_many(files, origin="corpus")
    assert main(["--dir", str(directory), "add", str(write_notice(uploads, 3))]) == 0
    index = Index(directory)
    index.add_notice(extract_text(notice_text(4), "tai-len-4.txt"))
    for number in (1, 2, 3, 4):
        assert register.mark_done(index, directive(index, f"DA{number:04d}")["id"], note=f"xong {number}")
    return index, files


def test_rebuild_keeps_marks_and_added_notices(folders):
    directory, corpus, uploads = folders
    index, files = clerk_work(directory, corpus, uploads)
    before = marked(index)
    origins = {r["source"]: r["origin"] for r in index.store.query("SELECT source, origin FROM notices")}
    assert origins == {"so-1.txt": "corpus", "so-2.txt": "corpus", "so-3.txt": "added", "tai-len-4.txt": "added"}
    assert index.store.query("SELECT name FROM originals")[0]["name"] == "so-3.txt"

    assert main(["--dir", str(directory), "build", "--rebuild", *map(str, files)]) == 0
    assert directory.is_dir()
    index = Index(directory)
    assert index.repair_note is None
    assert_consistent(index)
    assert index.stats()["notices"] == 4
    assert marked(index) == before  # same texts, every mark still on a record
    for number in (3, 4):  # the added notices are searchable again
        hits = index.search(f"DA{number:04d}", k=3, mode="keyword")
        assert any(f"DA{number:04d}" in h.text for h in hits)


def test_reextraction_moves_marks_to_new_ids(folders, monkeypatch):
    directory, corpus, uploads = folders
    index, files = clerk_work(directory, corpus, uploads)
    before = set(marked(index).values())
    old_ids = set(marked(index))

    def new_version(real):
        """An extractor whose spans all end one character later: every record id changes."""
        def run(*args, **kwargs):
            notice = real(*args, **kwargs)
            for record in notice.records:
                record.span = (record.span[0], record.span[1] + 1)
                record.id = hashlib.sha1(f"{notice.notice_id}:{record.span}".encode()).hexdigest()[:16]
            return notice
        return run

    monkeypatch.setattr(core, "extract", new_version(core.extract))
    monkeypatch.setattr(extraction, "extract_text", new_version(extraction.extract_text))
    results, moved = index.rebuild(files)
    assert moved == 4 and not [r for r in results if r.status == "error"]
    now = marked(index)
    assert set(now.values()) == before and not set(now) & old_ids  # marks on the new ids, same tasks
    assert_consistent(index)


def test_reembed_with_another_model(folders, monkeypatch):
    directory, corpus, uploads = folders
    index, _ = clerk_work(directory, corpus, uploads)
    before = marked(index)
    other = str(model_folder())  # the same weights under another name: the index must be re-embedded
    with pytest.raises(ModelMismatch, match="reembed"):
        Index(directory, model=other)
    monkeypatch.setenv("CHIDAO_MODEL", other)
    assert main(["--dir", str(directory), "reembed"]) == 0
    index = Index(directory)
    assert index.store.get_meta("model") == other and index.repair_note is None
    assert sorted(p.name for p in directory.glob("vectors*.faiss")) == ["vectors.1.faiss"]
    assert marked(index) == before
    assert_consistent(index)
    row = directive(index, "DA0003")
    hits = index.search(row["text"], k=3, mode="dense")
    assert hits and hits[0].text == row["text"]


def test_remove_from_hnsw_leaves_tombstones(folders, monkeypatch):
    directory, corpus, _ = folders
    monkeypatch.setenv("CHIDAO_APPROX_THRESHOLD", "0")  # every index is HNSW, which cannot remove
    index = Index(directory)
    index.add_many([write_notice(corpus, n) for n in (1, 2, 3)], origin="corpus")
    assert "HNSW" in type(faiss_inner(index)).__name__
    gone = directive(index, "DA0002")
    vids = [r["vid"] for r in index.store.query("SELECT vid FROM records WHERE notice_id=? AND vector IS NOT NULL",
                                                (gone["notice_id"],))]
    assert index.remove(gone["notice_id"]) > 0
    assert set(index.store.tombstones().tolist()) == set(vids)
    for mode in ("dense", "hybrid"):
        hits = index.search(gone["text"], k=20, mode=mode)
        assert hits and not {h.vid for h in hits} & set(vids)
    reopened = Index(directory)
    assert reopened.repair_note is None
    assert_consistent(reopened)
    assert not {h.vid for h in reopened.search(gone["text"], k=20, mode="dense")} & set(vids)


def faiss_inner(index: Index):
    import faiss

    return faiss.downcast_index(faiss.downcast_index(index.vectors).index)


def test_flat_remove_drops_vectors_and_tombstones(folders):
    directory, corpus, _ = folders
    index = Index(directory)
    index.add_many([write_notice(corpus, n) for n in (1, 2)], origin="corpus")
    gone = directive(index, "DA0001")
    index.remove(gone["notice_id"])
    assert len(index.store.tombstones()) == 0
    assert_consistent(Index(directory))


def test_removed_notices_can_be_restored_after_a_restart(folders):
    directory, corpus, uploads = folders
    index, _ = clerk_work(directory, corpus, uploads)
    before = marked(index)
    for number in (3, 4, 1):  # the CLI-added one (its file kept), the uploaded one (text only), a corpus one
        assert main(["--dir", str(directory), "remove", directive(index, f"DA{number:04d}")["notice_id"]]) == 0
    index = Index(directory)  # a restart: nothing is held in memory
    assert index.stats()["notices"] == 1
    def sources() -> set[str]:
        return {r["source"] for r in index.store.query("SELECT source FROM notices")}

    for expected in ("so-1.txt", "tai-len-4.txt"):  # the latest removed first
        name, result = index.restore()
        assert name.startswith("Số ") and result.status == "added" and expected in sources()
    assert main(["--dir", str(directory), "restore"]) == 0  # the CLI restores too
    index = Index(directory)
    assert "so-3.txt" in sources()
    assert index.restore() is None and main(["--dir", str(directory), "restore"]) == 1
    assert marked(index) == before  # every done-mark is on its record again
    origins = {r["source"]: r["origin"] for r in index.store.query("SELECT source, origin FROM notices")}
    assert origins == {"so-1.txt": "corpus", "so-2.txt": "corpus", "so-3.txt": "added", "tai-len-4.txt": "added"}
    assert index.store.query("SELECT name FROM originals")[0]["name"] == "so-3.txt"
    assert_consistent(index)
    assert any("DA0004" in h.text for h in index.search("DA0004", k=3, mode="keyword"))


def test_cli_error_is_one_line_and_logged(folders, monkeypatch, capsys):
    directory, corpus, _ = folders
    Index(directory).add_many([write_notice(corpus, 1)], origin="corpus")

    def broken(*args, **kwargs):
        raise RuntimeError("Error in faiss::IndexHNSW::search\nat line 42")

    monkeypatch.setattr(Index, "search", broken)
    assert main(["--dir", str(directory), "search", "dự án"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("lỗi:") and "\n" not in err and "Traceback" not in err
    logged = (directory / LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError" in logged


def test_cli_error_without_an_index_folder_is_logged_in_the_users_state_folder(tmp_path, monkeypatch, capsys):
    from extraction import log

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert main(["--dir", str(blocker / "index"), "search", "dự án"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("lỗi:") and "\n" not in err and "Traceback" not in err
    path = (tmp_path / "state" / "chidao" / LOG_NAME).resolve()
    try:
        logged = path.read_text(encoding="utf-8")
        assert "Traceback" in logged and "python -m index" in logged
    finally:
        log.LOGGER.removeHandler(log._handlers.pop(path))


def test_combined_abbreviation_scan_matches_one_pattern_per_word():
    """The one-regex expand_abbreviations finds exactly what one search per abbreviation did."""
    import random
    import re

    from extraction.agencies import abbreviations
    from extraction.textnorm import fold
    from index.text import expand_abbreviations

    pairs = [(a, f) for a, f in sorted(abbreviations().items(), key=lambda i: len(i[0]), reverse=True)
             if len(a) > 2 and a != "TP."]

    def reference(text: str) -> str:
        extra = [f for a, f in pairs if re.search(rf"(?<![\w&]){re.escape(a)}(?![\w&])", text)]
        extra += [a for a, f in pairs if re.search(rf"(?<!\w){re.escape(fold(f))}(?!\w)", fold(text))]
        return f"{text} ({'; '.join(dict.fromkeys(extra))})" if extra else text

    rng = random.Random(3)
    words = [a for a, _ in pairs] + [f for _, f in pairs] + ["và", "x", "&", "-", "UBND tỉnh", "GPMBX"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 8))) for _ in range(400)]
    assert [expand_abbreviations(t) for t in texts] == [reference(t) for t in texts]


def test_a_plain_build_after_a_new_extractor_does_not_give_a_corpus_notice_twice(folders, monkeypatch, capsys):
    directory, corpus, uploads = folders
    index, files = clerk_work(directory, corpus, uploads)
    before = index.stats()["notices"]

    def reread(real):
        """An extractor that reads the clean text differently: every notice id changes."""
        def run(*args, **kwargs):
            notice = real(*args, **kwargs)
            notice.notice_id = hashlib.sha1(notice.notice_id.encode()).hexdigest()[:12]
            for record in notice.records:
                record.notice_id = notice.notice_id
            return notice
        return run

    monkeypatch.setattr(core, "extract", reread(core.extract))
    index = Index(directory)
    results = index.add_many(files, origin="corpus")  # what "build" does with the corpus folder
    assert [r.status for r in results] == ["stale", "stale"] and index.stats()["notices"] == before
    assert _report(results) == 0 and "build --rebuild" in capsys.readouterr().err
    added = index.add_many([write_notice(uploads, 5)])  # another file is added as before
    assert [r.status for r in added] == ["added"] and index.stats()["notices"] == before + 1
