"""The index on a real index of corpus/: search by meaning and words, filters, adds, removes,
repairs."""
from __future__ import annotations

import shutil

import pytest

from extraction import extract_text
from index import Index, ModelMismatch
from tests import samples

pytestmark = pytest.mark.slow


def texts(hits):
    return [h.text for h in hits]


@pytest.mark.parametrize("query, expected", [
    ("giải phóng mặt bằng", "giải phóng mặt bằng"),
    ("giai phong mat bang", "giải phóng mặt bằng"),
    ("GPMB", "GPMB|giải phóng mặt bằng"),
    ("cắt giảm thủ tục hành chính", "thủ tục hành chính"),
    ("cat giam thu tuc hanh chinh", "thủ tục hành chính"),
    ("TTHC", "TTHC|thủ tục hành chính"),
    ("phong chong chay rung", "cháy rừng"),
    ("sơ tán người dân khỏi vùng sạt lở", "sơ tán"),
    ("vat lieu no cong nghiep", "vật liệu nổ"),
])
def test_queries_find_expected_directives(corpus_index, query, expected):
    hits = corpus_index.search(query, k=10)
    forms = expected.lower().split("|")  # an abbreviation finds itself or its full form
    assert any(form in h.text.lower() for h in hits[:5] for form in forms), texts(hits)


def test_abbreviation_finds_full_form_and_back(corpus_index):
    full = corpus_index.search("giải phóng mặt bằng", k=10, mode="keyword")
    assert any("GPMB" in h.text for h in full)
    short = corpus_index.search("GPMB", k=10, mode="keyword")
    assert any("giải phóng mặt bằng" in h.text for h in short)


def test_hits_carry_what_a_clerk_needs(corpus_index):
    hit = corpus_index.search("Trung tâm Phát triển quỹ đất kế hoạch phát triển quỹ đất năm 2024", k=3)[0]
    assert hit.source.startswith("000_") and hit.meeting_date == "2024-03-18"
    assert hit.agencies == ["Trung tâm Phát triển quỹ đất"] and hit.action
    assert hit.text in hit.context and hit.score > 0


def test_filters_restrict_results(corpus_index):
    agency = "Phòng Tài chính - Kế hoạch"
    hits = corpus_index.search("ngân sách", k=20, agency=agency)
    assert hits and all(agency in h.agencies + h.cooperating for h in hits)
    kinds = corpus_index.search("chậm", k=20, kind="issue")
    assert kinds and all(h.kind == "issue" for h in kinds)
    months = corpus_index.search("mưa lũ", k=20, since="2025-11", until="2025-11")
    assert months and all(h.meeting_date is None or h.meeting_date.startswith("2025-11") for h in months)
    dated = corpus_index.store.query("SELECT month FROM records r WHERE r.vid IN (%s)" % ",".join(str(h.vid) for h in months))
    assert all(row["month"] == "2025-11" for row in dated)
    one = corpus_index.search("giải phóng mặt bằng", k=20, notice="000_laichau-tp-ketluan-phien-hop-thang-3-2024.txt")
    assert one and all(h.source.startswith("000_") for h in one)
    field = corpus_index.search("dự án", k=20, field="đầu tư công")
    assert field and all("đầu tư công" in (h.field or "") for h in field)


def test_readding_is_a_noop_and_remove_removes(tmp_path):
    index = Index(tmp_path / "idx")
    notice = extract_text(samples.AGENCY_DASH, "a.txt")
    assert index.add_notice(notice).status == "added"
    before = index.stats()
    assert index.add_notice(extract_text(samples.AGENCY_DASH, "copy.txt")).status == "duplicate"
    assert index.stats() == before
    assert index.search("lấn chiếm vỉa hè", k=3)
    assert index.remove(notice.notice_id) > 0
    assert index.stats()["records"] == 0 and index.stats()["vectors"] == 0
    assert index.search("lấn chiếm vỉa hè", k=3) == []


def test_corrupt_or_missing_vectors_are_repaired(tmp_path):
    path = tmp_path / "idx"
    index = Index(path)
    index.add_notice(extract_text(samples.AGENCY_DASH, "a.txt"))
    vectors = index.stats()["vectors"]
    del index
    (path / "vectors.faiss").write_bytes(b"not a faiss index")
    reopened = Index(path)
    assert reopened.repair_note and reopened.stats()["vectors"] == vectors
    assert reopened.search("vỉa hè", k=1)
    (path / "vectors.faiss").unlink()
    assert Index(path).stats()["vectors"] == vectors
    # a vector file that lags behind the database (a crash between the two writes)
    stale = Index(path)
    shutil.copy(path / "vectors.faiss", tmp_path / "old.faiss")
    stale.add_notice(extract_text(samples.INLINE, "b.txt"))
    shutil.copy(tmp_path / "old.faiss", path / "vectors.faiss")
    (path / "vectors.faiss.added").unlink(missing_ok=True)  # the add's segment file (index/vectors.py) not written
    healed = Index(path)
    assert healed.repair_note and healed.stats()["vectors"] == healed.stats()["by_kind"].get("directive", 0) + \
        healed.stats()["by_kind"].get("issue", 0) + healed.stats()["by_kind"].get("assessment", 0)


def test_other_model_is_refused(tmp_path):
    index = Index(tmp_path / "idx")
    index.add_notice(extract_text(samples.INLINE, "b.txt"))
    with pytest.raises(ModelMismatch):
        Index(tmp_path / "idx", model="sentence-transformers/all-MiniLM-L6-v2")
