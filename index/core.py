"""chidao's index: records in SQLite, vectors in FAISS under the same ids, BM25 beside them,
searched by meaning and by words with the filters a clerk uses."""
from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from extraction import Notice, extract
from extraction.textnorm import nfc
from index import vectors as vecs
from index.keyword import KeywordIndex
from index.model import Encoder, resolve_name
from index.passages import passage_text
from index.store import Store, month_range
from index.text import AccentRestorer, expand_abbreviations

ROOT = Path(__file__).resolve().parents[1]
RRF_K = 5
# Weight of each leg in reciprocal rank fusion, chosen on bench/search_quality.py (README).
LEG_WEIGHTS = {"dense": 1.0, "keyword": 2.0}
SEARCHABLE = ("directive", "issue", "assessment")


_LEGS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="chidao-keyword")


def fuse(legs: list[tuple[np.ndarray, float]], k: int) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of ranked id lists, each with its weight; best k first."""
    ranked: dict[int, float] = {}
    for ids, weight in legs:
        for rank, vid in enumerate(ids.tolist()):
            ranked[vid] = ranked.get(vid, 0.0) + weight / (RRF_K + rank + 1)
    return sorted(ranked.items(), key=lambda item: -item[1])[:k]


class ModelMismatch(Exception):
    """The index was built with another embedding model."""


def default_dir() -> Path:
    """data/ at the project root, or CHIDAO_INDEX_DIR."""
    return Path(os.environ.get("CHIDAO_INDEX_DIR") or ROOT / "data")


@dataclass
class AddResult:
    """What adding one file did."""

    source: str
    notice_id: str | None
    status: str  # "added" | "duplicate" | "error"
    records: int = 0
    directives: int = 0
    message: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class Hit:
    """One search result with what a clerk needs to act on it."""

    id: str
    vid: int
    text: str
    kind: str
    agencies: list[str]
    cooperating: list[str]
    action: str | None
    deadline: str | None
    deadline_date: str | None
    meeting_date: str | None
    field: str | None
    score: float
    notice_id: str
    source: str
    title: str | None
    number: str | None
    notice_date: str | None
    context: str
    span: tuple[int, int]
    done: bool = False


@dataclass
class Filters:
    """Search filters; None means no restriction."""

    agency: str | None = None
    field: str | None = None
    kind: str | None = None
    notice: str | None = None
    issuer: str | None = None
    since: str | None = None  # YYYY-MM
    until: str | None = None  # YYYY-MM

    def sql(self) -> tuple[str, list]:
        """WHERE clause over records r joined with notices n."""
        clauses, params = ["r.vector IS NOT NULL"], []
        if self.kind:
            clauses.append("r.kind = ?")
            params.append(self.kind)
        if self.agency:
            clauses.append("r.vid IN (SELECT vid FROM record_agencies WHERE agency = ?)")
            params.append(self.agency)
        if self.field:
            clauses.append("r.field LIKE ?")
            params.append(f"%{self.field}%")
        if self.notice:
            clauses.append("(n.notice_id = ? OR n.source = ? OR n.number = ?)")
            params += [self.notice] * 3
        if self.issuer:
            clauses.append("n.issuer LIKE ?")
            params.append(f"%{self.issuer}%")
        months, month_params = month_range(self.since, self.until)
        return " AND ".join(clauses) + months, params + month_params

    def active(self) -> bool:
        """Whether any filter is set."""
        return any(value for value in vars(self).values())


class Index:
    """The searchable register. Index(path) opens (and repairs) or creates it."""

    def __init__(self, path: str | Path | None = None, model: str | None = None) -> None:
        self.path = Path(path) if path else default_dir()
        self.path.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.path / "chidao.sqlite")
        self.model_name = resolve_name(model)
        stored = self.store.get_meta("model")
        if stored and stored != self.model_name:
            raise ModelMismatch(f"chỉ mục {self.path} được tạo bằng mô hình {stored!r}, không dùng chung với "
                                f"{self.model_name!r}; hãy tạo lại chỉ mục (python -m index build --rebuild)")
        self._encoder: Encoder | None = None
        self._write_lock = threading.Lock()
        self._lock = threading.RLock()  # guards the FAISS object and the lazily built parts
        self._keyword: KeywordIndex | None = None
        self._restorer: AccentRestorer | None = None
        self.version = 0  # bumped by every change, so callers can cache derived views
        self.repair_note = self._check_and_repair()

    # -- consistency -------------------------------------------------------------------------
    @property
    def vector_path(self) -> Path:
        """Where the FAISS index is persisted."""
        return self.path / "vectors.faiss"

    def _check_and_repair(self) -> str | None:
        """Make the FAISS file agree with SQLite; rebuild it from the stored vectors if not."""
        index = vecs.load(self.vector_path)
        rows = self.store.query("SELECT vid FROM records WHERE vector IS NOT NULL ORDER BY vid")
        expected = np.array([r["vid"] for r in rows], dtype=np.int64)
        if index is not None and np.array_equal(np.sort(vecs.stored_ids(index)), expected):
            self.vectors = index
            return None
        vids, vectors = self.store.all_vectors()
        dim = vectors.shape[1] if vectors.size else int(self.store.get_meta("dim") or 384)
        self.vectors = vecs.build(dim, vids, vectors)
        vecs.save(self.vectors, self.vector_path)
        reason = "thiếu" if index is None else "không khớp với cơ sở dữ liệu"
        return f"tệp vector {reason}: đã dựng lại {len(vids)} vector từ SQLite"

    # -- lazily built parts ------------------------------------------------------------------
    @property
    def encoder(self) -> Encoder:
        """The embedding model (loaded on first use)."""
        if self._encoder is None:
            self._encoder = Encoder(self.model_name)
        return self._encoder

    def _searchable_rows(self) -> list:
        return self.store.query("SELECT vid, text, agencies, context FROM records WHERE vector IS NOT NULL ORDER BY vid")

    @property
    def keyword(self) -> KeywordIndex:
        """BM25 over the searchable records (rebuilt after a change)."""
        with self._lock:
            if self._keyword is None:
                rows = self._searchable_rows()
                self._keyword = KeywordIndex([r["vid"] for r in rows], [
                    passage_text(r["text"], json.loads(r["agencies"] or "[]"), r["context"]) for r in rows])
            return self._keyword

    @property
    def restorer(self) -> AccentRestorer:
        """Diacritics restoration learned from the indexed texts."""
        with self._lock:
            if self._restorer is None:
                restorer = AccentRestorer()
                for row in self._searchable_rows():
                    restorer.learn(row["text"])
                self._restorer = restorer
            return self._restorer

    def _changed(self) -> None:
        with self._lock:
            self._keyword = None
            self._restorer = None
            self.version += 1

    # -- writing -----------------------------------------------------------------------------
    def add(self, path: str | Path, data: bytes | None = None, source: str | None = None) -> AddResult:
        """Extract a file and add its records; the same content twice changes nothing.

        Raises extraction.ReadError for a file that cannot be read; nothing is written then."""
        notice = extract(path, data)
        if source:
            notice.source = source
        return self.add_notice(notice)

    def add_notice(self, notice: Notice) -> AddResult:
        """Add an extracted notice (one SQLite transaction, then the vector file)."""
        return self.add_notices([notice])[0]

    def add_notices(self, notices: list[Notice]) -> list[AddResult]:
        """Add extracted notices: their texts are encoded together (faster), then each notice
        is written in its own transaction, and the vector file is saved once at the end."""
        results = []
        with self._write_lock:
            fresh: list[Notice] = []
            for notice in notices:
                result = AddResult(notice.source, notice.notice_id, "added", len(notice.records),
                                   len(notice.directives), warnings=list(notice.warnings))
                if self.store.has_notice(notice.notice_id) or notice.notice_id in {n.notice_id for n in fresh}:
                    result.status, result.message = "duplicate", "đã có trong chỉ mục (trùng nội dung)"
                else:
                    fresh.append(notice)
                results.append(result)
            searchable = [[r for r in n.records if r.kind in SEARCHABLE] for n in fresh]
            texts = [passage_text(r.text, r.agencies, r.context) for records in searchable for r in records]
            vectors = self.encoder.passages(texts)
            self._ensure_model_meta()
            offset = 0
            for notice, records in zip(fresh, searchable):
                chunk = vectors[offset:offset + len(records)]
                offset += len(records)
                vids = self.store.insert_notice(notice, {r.id: v for r, v in zip(records, chunk)})
                if vids:
                    with self._lock:
                        self.vectors.add_with_ids(chunk, np.array(vids, dtype=np.int64))
            if fresh:
                with self._lock:
                    vecs.save(self.vectors, self.vector_path)
                self._changed()
        return results

    def _ensure_model_meta(self) -> None:
        if self.store.get_meta("model") is None:
            self.store.set_meta("model", self.model_name)
            self.store.set_meta("dim", str(self.encoder.dim))

    def add_many(self, paths: Iterable[Path], progress: Callable[[int, int, str], None] | None = None,
                 group: int = 16) -> list[AddResult]:
        """Add files in groups (a bad file is reported, the others still added); progress is
        called after each file as (done, total, name)."""
        from extraction import ReadError

        paths = list(paths)
        results: list[AddResult] = []
        pending: list[Notice] = []
        for number, path in enumerate(paths, 1):
            try:
                pending.append(extract(path))
            except ReadError as exc:
                results.append(AddResult(Path(path).name, None, "error", message=str(exc)))
            if len(pending) >= group or number == len(paths):
                results.extend(self.add_notices(pending))
                pending = []
            if progress:
                progress(number, len(paths), Path(path).name)
        return results

    def remove(self, notice_id: str) -> int:
        """Remove a notice with its records and vectors; returns how many records went."""
        with self._write_lock:
            vids = self.store.delete_notice(notice_id)
            if vids:
                with self._lock:
                    self.vectors.remove_ids(np.array(vids, dtype=np.int64))
                    vecs.save(self.vectors, self.vector_path)
            self._changed()
        return len(vids)

    # -- reading -----------------------------------------------------------------------------
    def search(self, query: str, k: int = 10, mode: str = "hybrid", **filters: str | None) -> list[Hit]:
        """Hits for a query, best first. mode: "hybrid" (RRF of both legs), "dense" or "keyword".
        Filters: agency, field, kind, notice, issuer, since, until (YYYY-MM)."""
        query = nfc(query).strip()
        if not query:
            return []
        chosen = Filters(**filters)
        allowed = None
        if chosen.active():
            where, params = chosen.sql()
            rows = self.store.query(f"SELECT r.vid FROM records r JOIN notices n USING(notice_id) WHERE {where}", params)
            allowed = np.array([r["vid"] for r in rows], dtype=np.int64)
        depth = max(k, 50)
        if mode == "keyword":
            scores, ids = self.keyword.search(query, k, allowed)
            return self._hits(list(zip(ids.tolist(), scores.tolist())))
        # the keyword leg runs while the query is encoded and the vectors searched
        keyword = _LEGS.submit(self.keyword.search, query, depth, allowed) if mode == "hybrid" else None
        vector = self.encoder.query(expand_abbreviations(self.restorer.restore(query)))
        with self._lock:
            scores, ids = vecs.search(self.vectors, vector, depth if keyword else k, allowed)
        if keyword is None:
            return self._hits(list(zip(ids.tolist(), scores.tolist())))
        best = fuse([(ids, LEG_WEIGHTS["dense"]), (keyword.result()[1], LEG_WEIGHTS["keyword"])], k)
        return self._hits(best)

    def _hits(self, ranked: list[tuple[int, float]]) -> list[Hit]:
        if not ranked:
            return []
        marks = ",".join("?" * len(ranked))
        rows = self.store.query(
            f"SELECT r.*, n.source, n.title, n.number, n.issue_date, n.meeting_date AS n_meeting, n.text AS n_text, "
            f"s.record_id AS done FROM records r JOIN notices n USING(notice_id) "
            f"LEFT JOIN status s ON s.record_id = r.id WHERE r.vid IN ({marks})", [vid for vid, _ in ranked])
        by_vid = {row["vid"]: row for row in rows}
        hits = []
        for vid, score in ranked:
            row = by_vid.get(vid)
            if row is None:
                continue
            data = Store.record_dict(row)
            start, end = row["span_start"], row["span_end"]
            context = row["n_text"][max(0, start - 300):end + 300]
            hits.append(Hit(
                id=data["id"], vid=vid, text=data["text"], kind=data["kind"], agencies=data["agencies"],
                cooperating=data["cooperating"], action=data["action"], deadline=data["deadline"],
                deadline_date=data["deadline_date"], meeting_date=data["meeting_date"], field=data["field"],
                score=round(score, 6), notice_id=data["notice_id"], source=row["source"], title=row["title"],
                number=row["number"], notice_date=row["n_meeting"] or row["issue_date"], context=context,
                span=(start, end), done=row["done"] is not None))
        return hits

    def stats(self) -> dict:
        """Counts of notices, records by kind, vectors, agencies; the model and the directory."""
        kinds = {r["kind"]: r["n"] for r in self.store.query("SELECT kind, COUNT(*) n FROM records GROUP BY kind")}
        return {
            "directory": str(self.path), "model": self.store.get_meta("model") or self.model_name,
            "notices": self.store.query("SELECT COUNT(*) n FROM notices")[0]["n"],
            "records": sum(kinds.values()), "by_kind": kinds, "vectors": int(self.vectors.ntotal),
            "agencies": self.store.query("SELECT COUNT(DISTINCT agency) n FROM record_agencies")[0]["n"],
        }

    def notices(self) -> list[dict]:
        """Every stored notice's metadata (no text), newest meeting first."""
        rows = self.store.query("SELECT notice_id, source, issuer, number, issue_date, meeting_date, title, doc_type, "
                                "month FROM notices ORDER BY month DESC, source")
        return [dict(row) for row in rows]

    def notice_text(self, notice_id: str) -> str | None:
        """The clean text of a stored notice."""
        rows = self.store.query("SELECT text FROM notices WHERE notice_id=?", (notice_id,))
        return rows[0]["text"] if rows else None
