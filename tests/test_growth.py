"""An add does not rewrite the whole FAISS file: its vectors go to a segment file beside it, read
back on open and merged into the main file once the segment is full; a crash after the merge
but before the segment is removed opens without a repair. Real FAISS, the real model."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from extraction import extract_text
from index import Index
from index import vectors as vecs
from tests.crash_child import notice_text

pytestmark = pytest.mark.slow


def notice(number: int):
    return extract_text(notice_text(number), f"so-{number}.txt")


def held(index: Index) -> list[int]:
    return sorted(vecs.stored_ids(index.vectors).tolist())


def searchable(index: Index) -> list[int]:
    return [r["vid"] for r in index.store.query("SELECT vid FROM records WHERE vector IS NOT NULL ORDER BY vid")]


def test_adds_go_to_the_segment_and_are_merged_when_it_is_full(tmp_path, monkeypatch):
    index = Index(tmp_path / "idx")
    index.add_notices([notice(n) for n in range(3)])
    main, segment = index.vector_path, vecs.segment_path(index.vector_path)
    base = main.read_bytes()
    index.add_notice(notice(7))
    assert main.read_bytes() == base and segment.exists()  # the main file was not rewritten
    reopened = Index(index.path)
    assert reopened.repair_note is None and held(reopened) == searchable(reopened)
    assert any("DA0007" in h.text for h in reopened.search("DA0007", k=3, mode="dense"))
    assert np.allclose(reopened.vectors.reconstruct(searchable(reopened)[-1]),
                       reopened.store.all_vectors()[1][-1], atol=1e-3)

    monkeypatch.setenv("CHIDAO_SEGMENT_LIMIT", "1")  # the next add fills it: merged into the main file
    reopened.add_notice(notice(8))
    assert not segment.exists() and main.read_bytes() != base
    again = Index(index.path)
    assert again.repair_note is None and held(again) == searchable(again)


def test_crash_between_merge_and_segment_removal_opens_clean(tmp_path, monkeypatch):
    index = Index(tmp_path / "idx")
    index.add_notices([notice(n) for n in range(2)])
    index.add_notice(notice(5))
    segment = vecs.segment_path(index.vector_path)
    shutil.copy(segment, tmp_path / "segment")
    monkeypatch.setenv("CHIDAO_SEGMENT_LIMIT", "1")
    index.add_notice(notice(6))  # merged: the segment removed
    shutil.copy(tmp_path / "segment", segment)  # as if killed before removing it
    reopened = Index(index.path)
    assert reopened.repair_note is None and held(reopened) == searchable(reopened)


def test_unreadable_segment_is_repaired_from_sqlite(tmp_path):
    index = Index(tmp_path / "idx")
    index.add_notices([notice(n) for n in range(2)])
    index.add_notice(notice(5))
    vecs.segment_path(index.vector_path).write_bytes(b"not a segment")
    reopened = Index(index.path)
    assert reopened.repair_note and held(reopened) == searchable(reopened)
    assert not vecs.segment_path(reopened.vector_path).exists()
