"""chidao's index: records in SQLite, vectors in FAISS under the same ids, BM25 beside them,
searched by meaning and by words with the filters a clerk uses."""
from __future__ import annotations

import json
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from extraction import Notice, extract, extract_text, log
from extraction.textnorm import fold, nfc
from index import accents
from index import keyword as kw
from index import vectors as vecs
from index.accents import StoredRestorer
from index.keyword import KeywordIndex
from index.model import Encoder, resolve_name
from index.passages import KEYWORD_TEXT, passage_text
from index.query import ParsedQuery, parse_query
from index.store import SEARCHABLE_SQL, Store, month_range
from index.text import expand_abbreviations

ROOT = Path(__file__).resolve().parents[1]
# Hybrid score: the query's cosine to the passage plus this share of its BM25 score over the best
# BM25 score of the query, chosen on the tuning queries (README).
KEYWORD_WEIGHT = 0.1
SEARCHABLE = ("directive", "issue", "assessment")
SHOWN = ("directive", "issue")  # what search returns unless the kind filter asks for another
# Cosine (e5, query vs passage) a hit without any of the query's words must reach to be shown,
# chosen on the tuning queries and on nonsense queries (README).
RELEVANCE_FLOOR = 0.86
WORDS_FLOOR = 0.79  # the same for a hit that shares words with the query ("TTHC" encodes at about 0.81)


@lru_cache(maxsize=65536)
def _dedupe_key(text: str) -> str:
    """Texts equal but for case, accents, spacing and punctuation collapse into one hit."""
    return re.sub(r"[\W_]+", "", fold(text))


CONTEXT_CHARS = 300  # of the notice's text on each side of a hit, read with it (not the whole text)
_LEGS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="chidao-keyword")


class ModelMismatch(Exception):
    """The index was built with another embedding model."""


def file_origin(path: Path) -> str:
    """"corpus" for a file inside the project's corpus/ folder, else "added"."""
    try:
        path.resolve().relative_to(ROOT / "corpus")
        return "corpus"
    except ValueError:
        return "added"


def default_dir() -> Path:
    """data/ at the project root, or CHIDAO_INDEX_DIR."""
    return Path(os.environ.get("CHIDAO_INDEX_DIR") or ROOT / "data")


@dataclass
class AddResult:
    """What adding one file did."""

    source: str
    notice_id: str | None
    status: str  # "added" | "duplicate" | "stale" (a corpus file indexed already, read otherwise then) | "error"
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
    status: str = ""  # the register's: done, overdue, due_soon, open, no_deadline ("" for a problem)
    also_in: list[str] = field(default_factory=list)  # other notices with the same text
    ocr: bool = False  # its notice was read by OCR from a scan (its text may hold misread words)
    corrected: bool = False  # a clerk corrected it (index/corrections.py)


@dataclass
class Filters:
    """Search filters; None means no restriction."""

    agency: str | None = None
    field: str | None = None
    kind: str | None = None
    notice: str | None = None
    issuer: str | None = None
    place: str | None = None  # a province or city: notices issued there or about it
    since: str | None = None  # YYYY-MM
    until: str | None = None  # YYYY-MM
    undated: bool = False  # records of no known month pass since/until (a time read from the query)

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
        if self.notice:  # the notice itself, or the notices its title says carry it out ("thực hiện Nghị quyết số 214/NQ-CP")
            clauses.append("n.notice_id IN (SELECT notice_id FROM notices WHERE notice_id = ? OR source = ? OR number = ? "
                           "OR fold(title) LIKE ?)")  # a subquery: each notice's title folded once, not per record
            params += [self.notice] * 3 + [f"%{fold(self.notice)}%"]
        if self.issuer:
            clauses.append("n.issuer LIKE ?")
            params.append(f"%{self.issuer}%")
        if self.place:  # the notice's issuer or its heading (the first lines) names the place
            clauses.append("n.notice_id IN (SELECT notice_id FROM notices "
                           "WHERE fold(coalesce(issuer, '') || ' ' || substr(text, 1, 600)) LIKE ?)")
            params.append(f"%{fold(self.place)}%")
        months, month_params = month_range(self.since, self.until)
        if months and self.undated:
            months = f" AND (r.month IS NULL OR ({months.removeprefix(' AND ')}))"
        return " AND ".join(clauses) + months, params + month_params

    def active(self) -> bool:
        """Whether any filter is set."""
        return any(value for name, value in vars(self).items() if name != "undated")


class Index:
    """The searchable register. Index(path) opens (and repairs) or creates it."""

    def __init__(self, path: str | Path | None = None, model: str | None = None, check_model: bool = True) -> None:
        """check_model=False opens an index made with another model (to re-embed it)."""
        self.path = Path(path) if path else default_dir()
        self.path.mkdir(parents=True, exist_ok=True)
        log.setup(self.path)
        self.store = Store(self.path / "chidao.sqlite")
        self.model_name = resolve_name(model)
        stored = self.store.get_meta("model")
        if check_model and stored and stored != self.model_name:
            raise ModelMismatch(f"chỉ mục {self.path} được tạo bằng mô hình {stored!r}, không dùng chung với "
                                f"{self.model_name!r}; hãy mã hóa lại bằng mô hình mới (python -m index reembed), "
                                f"các đánh dấu và thông báo đã thêm được giữ nguyên")
        self._encoder: Encoder | None = None
        self._write_lock = threading.Lock()
        self._lock = threading.RLock()  # guards the FAISS object and the lazily built parts
        self._keyword = KeywordIndex(self.store)  # both read SQLite, written with the records
        self._restorer = StoredRestorer(self.store)
        self._agency_names: tuple[int, tuple[str, ...]] | None = None  # (version, names) for understand()
        self.version = 0  # bumped by every change, so callers can cache derived views
        self.repair_note = self._check_and_repair()
        self._build_text_tables()

    # -- consistency -------------------------------------------------------------------------
    @property
    def vector_path(self) -> Path:
        """Where the FAISS index is persisted: one file per generation of the stored vectors
        (a re-embedding or a rebuild starts a new one), so a file of older vectors is never
        taken for the current one."""
        epoch = self.store.get_meta("epoch")
        return self.path / (f"vectors.{epoch}.faiss" if epoch else "vectors.faiss")

    def _check_and_repair(self) -> str | None:
        """Make the FAISS file agree with SQLite (tombstoned ids aside); rebuild it from the
        stored vectors if not."""
        index = vecs.load(self.vector_path)
        rows = self.store.query("SELECT vid FROM records WHERE vector IS NOT NULL ORDER BY vid")
        expected = np.array([r["vid"] for r in rows], dtype=np.int64)
        tombstones = self.store.tombstones()
        if index is not None:
            held = vecs.stored_ids(index)
            if np.array_equal(np.sort(np.setdiff1d(held, tombstones)), expected):
                self.vectors = index
                self._tombstones = np.intersect1d(held, tombstones)
                if len(self._tombstones) < len(tombstones):
                    self.store.clear_tombstones(np.setdiff1d(tombstones, held).tolist())
                return None
        self._rebuild_vectors()
        reason = "thiếu" if index is None else "không khớp với cơ sở dữ liệu"
        return f"tệp vector {reason}: đã dựng lại {len(expected)} vector từ SQLite"

    def _build_text_tables(self) -> None:
        """Build the keyword postings and the accent counts from SQLite's records when missing (an
        index made before them), when the postings do not cover every searchable record, or when
        they read other texts than passages.keyword_text reads now (KEYWORD_TEXT)."""
        with self.store.lock:
            count = int(self.vectors.ntotal) - len(self._tombstones)  # the searchable records, once repaired
            stats = self.store.query("SELECT docs FROM kw_stats")
            words = not stats or stats[0]["docs"] != count or self.store.get_meta("keyword_text") != KEYWORD_TEXT
            counts = not accents.built(self.store.db)
            if not (words or counts):
                return
            with self.store.transaction() as db:
                rows = self._searchable_rows()
                if words:
                    kw.build(db, ((r["vid"], Store.keyword_text(r)) for r in rows))
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('keyword_text', ?)", (KEYWORD_TEXT,))
                if counts:
                    accents.build(db, (r["text"] for r in rows))
        built = [name for name, done in (("chỉ mục từ khóa", words), ("bảng dấu", counts)) if done]
        log.LOGGER.info(f"{self.path}: dựng {' và '.join(built)} từ {count} bản ghi")

    def _rebuild_vectors(self) -> None:
        """Build the FAISS index from SQLite's vectors, save it and drop every tombstone."""
        vids, vectors = self.store.all_vectors()
        dim = vectors.shape[1] if vectors.size else int(self.store.get_meta("dim") or 384)
        index = vecs.build(dim, vids, vectors)
        vecs.save(index, self.vector_path)
        with self._lock:
            self.vectors = index
            self._tombstones = np.zeros(0, dtype=np.int64)
        self.store.clear_tombstones()
        for stale in self.path.glob("vectors*.faiss*"):  # older generations' files and segments
            if stale != self.vector_path:
                stale.unlink(missing_ok=True)

    # -- lazily built parts ------------------------------------------------------------------
    @property
    def encoder(self) -> Encoder:
        """The embedding model (loaded on first use)."""
        if self._encoder is None:
            self._encoder = Encoder(self.model_name)
        return self._encoder

    def _searchable_rows(self) -> list:
        return self.store.query(SEARCHABLE_SQL + " ORDER BY r.vid")

    @property
    def keyword(self) -> KeywordIndex:
        """BM25 over the searchable records (postings in SQLite, current after every change)."""
        return self._keyword

    @property
    def restorer(self) -> StoredRestorer:
        """Diacritics restoration learned from the indexed texts (counts in SQLite)."""
        return self._restorer

    def _changed(self) -> None:
        with self._lock:
            self.version += 1

    # -- writing -----------------------------------------------------------------------------
    def add(self, path: str | Path, data: bytes | None = None, source: str | None = None) -> AddResult:
        """Extract a file and add its records; the same content twice changes nothing.

        Raises extraction.ReadError for a file that cannot be read; nothing is written then."""
        notice = extract(path, data)
        if source:
            notice.source = source
        try:
            original = (notice.source, data if data is not None else Path(path).read_bytes())
        except OSError:
            original = None
        return self.add_notices([notice], originals={notice.notice_id: original} if original else None)[0]

    def add_notice(self, notice: Notice, origin: str = "added") -> AddResult:
        """Add an extracted notice (one SQLite transaction, then the vector file)."""
        return self.add_notices([notice], origin)[0]

    def add_notices(self, notices: list[Notice], origin: str | list[str] = "added",
                    originals: dict[str, tuple[str, bytes]] | None = None) -> list[AddResult]:
        """Add extracted notices: their texts are encoded together (faster), then each notice
        is written in its own transaction, and the vector file is saved once at the end.
        origin ("corpus" or "added", or one per notice) is kept with each notice, and so is its
        original file from originals (notice id -> (name, bytes)), so a rebuild re-extracts it."""
        try:
            return self._add_notices(notices, [origin] * len(notices) if isinstance(origin, str) else origin,
                                     originals or {})
        except Exception:
            log.error(f"{self.path}: thêm {len(notices)} thông báo thất bại")
            raise

    def _add_notices(self, notices: list[Notice], origins: list[str],
                     originals: dict[str, tuple[str, bytes]]) -> list[AddResult]:
        results = []
        origin_of = {n.notice_id: o for n, o in zip(notices, origins)}
        with self._write_lock:
            fresh: list[Notice] = []
            for notice in notices:
                result = AddResult(notice.source, notice.notice_id, "added", len(notice.records),
                                   len(notice.directives), warnings=list(notice.warnings))
                if self.store.has_notice(notice.notice_id) or notice.notice_id in {n.notice_id for n in fresh}:
                    result.status, result.message = "duplicate", "đã có trong chỉ mục (trùng nội dung)"
                elif origin_of[notice.notice_id] == "corpus" and self.store.query(
                        "SELECT 1 FROM notices WHERE source = ? AND origin = 'corpus'", (notice.source,)):
                    result.status = "stale"  # read again by a newer extractor: adding it would give its tasks twice
                    result.message = "tệp này đã có trong chỉ mục với nội dung đọc khác (tệp đã sửa, hoặc do phiên bản trước trích xuất)"
                else:
                    fresh.append(notice)
                results.append(result)
            searchable = [[r for r in n.records if r.kind in SEARCHABLE] for n in fresh]
            texts = [passage_text(r.text, r.agencies, r.context) for records in searchable for r in records]
            vectors = self.encoder.passages(texts)
            self._ensure_model_meta()
            offset, added = 0, []
            for notice, records in zip(fresh, searchable):
                chunk = vectors[offset:offset + len(records)]
                offset += len(records)
                vids = self.store.insert_notice(notice, {r.id: v for r, v in zip(records, chunk)},
                                                origin_of[notice.notice_id], originals.get(notice.notice_id))
                if vids:
                    with self._lock:
                        self.vectors.add_with_ids(chunk, np.array(vids, dtype=np.int64))
                    added.append((vids, chunk))
            if fresh:
                with self._lock:
                    if vecs.outgrown(self.vectors):
                        self._rebuild_vectors()
                    elif added:  # to the segment file beside the main one (index/vectors.py)
                        vecs.append(self.vectors, self.vector_path,
                                    np.array([v for vids, _ in added for v in vids], dtype=np.int64),
                                    np.concatenate([chunk for _, chunk in added]))
                self._changed()
        return results

    def _ensure_model_meta(self) -> None:
        if self.store.get_meta("model") is None:
            self.store.set_meta("model", self.model_name)
            self.store.set_meta("dim", str(self.encoder.dim))

    def add_many(self, paths: Iterable[Path], progress: Callable[[int, int, str], None] | None = None,
                 group: int = 16, origin: str | None = None) -> list[AddResult]:
        """Add files in groups (a bad file is reported, the others still added); progress is
        called after each file as (done, total, name). origin: "corpus" or "added"; by default
        a file inside corpus/ is "corpus", any other "added" (its bytes are kept in SQLite)."""
        from extraction import ReadError

        paths = list(paths)
        results: list[AddResult] = []
        pending: list[Notice] = []
        origins: list[str] = []
        originals: dict[str, tuple[str, bytes]] = {}
        for number, path in enumerate(paths, 1):
            try:
                notice = extract(path)
                pending.append(notice)
                origins.append(origin or file_origin(Path(path)))
                if origins[-1] == "added":
                    originals[notice.notice_id] = (notice.source, Path(path).read_bytes())
            except (ReadError, OSError) as exc:
                results.append(AddResult(Path(path).name, None, "error", message=str(exc)))
            if len(pending) >= group or number == len(paths):
                results.extend(self.add_notices(pending, origins, originals))
                pending, origins, originals = [], [], {}
            if progress:
                progress(number, len(paths), Path(path).name)
        return results

    def rebuild(self, paths: Iterable[Path], progress: Callable[[int, int, str], None] | None = None
                ) -> tuple[list[AddResult], int]:
        """Re-extract every notice with the current extractor and re-encode it with the current
        model, in one SQLite transaction: the corpus files at paths, and every notice added
        outside the corpus (from its kept original, else its stored text). Done-marks follow
        their task (same notice, same normalised text). Returns (results, marks moved)."""
        from extraction import ReadError, extract_text

        paths = list(paths)
        results: list[AddResult] = []
        chosen: dict[str, tuple[Notice, str, tuple[str, bytes] | None]] = {}
        for number, path in enumerate(paths, 1):
            try:
                notice = extract(path)
                chosen.setdefault(notice.notice_id, (notice, "corpus", None))
                results.append(AddResult(notice.source, notice.notice_id, "added", len(notice.records),
                                         len(notice.directives), warnings=list(notice.warnings)))
            except ReadError as exc:
                results.append(AddResult(Path(path).name, None, "error", message=str(exc)))
            if progress:
                progress(number, len(paths), Path(path).name)
        added = self.store.query("SELECT n.notice_id, n.source, n.text, o.name, o.data FROM notices n "
                                 "LEFT JOIN originals o USING(notice_id) WHERE n.origin IS NOT 'corpus'")
        for row in added:
            original = (row["name"], row["data"]) if row["data"] is not None else None
            try:
                notice = extract(Path(row["name"]), row["data"]) if original else extract_text(row["text"], row["source"])
            except ReadError:
                notice = extract_text(row["text"], row["source"])
            notice.source = row["source"]
            chosen.setdefault(notice.notice_id, (notice, "added", original))
            results.append(AddResult(notice.source, notice.notice_id, "added", len(notice.records),
                                     len(notice.directives), warnings=list(notice.warnings)))
        with self._write_lock:
            entries = list(chosen.values())
            searchable = [[r for r in n.records if r.kind in SEARCHABLE] for n, _, _ in entries]
            vectors = self.encoder.passages(
                [passage_text(r.text, r.agencies, r.context) for records in searchable for r in records])
            offset, rows = 0, []
            for (notice, origin, original), records in zip(entries, searchable):
                rows.append((notice, dict(zip([r.id for r in records], vectors[offset:offset + len(records)])),
                             origin, original))
                offset += len(records)
            moved = self.store.replace_all(rows, self._next_generation())
            self._rebuild_vectors()
            self._changed()
        return results, moved

    def _next_generation(self) -> dict[str, str]:
        """Meta values of a new generation of vectors made with the current model."""
        return {"model": self.model_name, "dim": str(self.encoder.dim),
                "epoch": str(int(self.store.get_meta("epoch") or 0) + 1)}

    def reembed(self) -> int:
        """Re-encode every searchable record from SQLite with the current model (no
        re-extraction; ids and done-marks unchanged), committed in one transaction; returns how
        many records were encoded."""
        with self._write_lock:
            rows = self._searchable_rows()
            vectors = self.encoder.passages(
                [passage_text(r["text"], json.loads(r["agencies"] or "[]"), r["context"]) for r in rows])
            self.store.update_vectors(np.array([r["vid"] for r in rows], dtype=np.int64), vectors,
                                      self._next_generation())
            self._rebuild_vectors()
            self._changed()
        return len(rows)

    def remove(self, notice_id: str) -> int:
        """Remove a notice with its records and vectors; returns how many records went."""
        with self._write_lock:
            vids = self.store.delete_notice(notice_id)  # the searchable ones are tombstoned in the same transaction
            if vids:
                removed = np.array(vids, dtype=np.int64)
                with self._lock:
                    if vecs.remove(self.vectors, removed):
                        vecs.save(self.vectors, self.vector_path)
                        self.store.clear_tombstones(vids)
                    else:  # HNSW: the vectors stay, skipped by search, until the next rebuild
                        self._tombstones = np.union1d(self._tombstones, np.intersect1d(removed, vecs.stored_ids(self.vectors)))
            self._changed()
        return len(vids)

    def restore(self, notice_id: str | None = None) -> tuple[str, AddResult] | None:
        """Add a removed notice back (the latest removed when no id is given), from its original
        file when one was kept, else from its text; its done-marks and corrections come back with
        its records. Returns (its name, the add result), or None when there is none to restore."""
        row = self.store.removed_notice(notice_id)
        if row is None:
            return None
        if row["data"] is not None:
            notice = extract(row["name"], row["data"])
            originals = {notice.notice_id: (row["name"], row["data"])}
        else:
            notice, originals = extract_text(row["text"], row["source"]), None
        notice.source = row["source"]
        result = self.add_notices([notice], row["origin"] or "added", originals)[0]
        return (f"Số {row['number']}" if row["number"] else row["source"]), result

    # -- reading -----------------------------------------------------------------------------
    def understand(self, query: str) -> ParsedQuery:
        """The filters a query names (agency, time, notice number, problems) and its other words."""
        with self._lock:
            if self._agency_names is None or self._agency_names[0] != self.version:
                rows = self.store.query("SELECT DISTINCT agency FROM record_agencies")
                self._agency_names = (self.version, tuple(sorted(r["agency"] for r in rows)))
            names = self._agency_names[1]
        return parse_query(query, names)

    def search(self, query: str, k: int = 10, mode: str = "hybrid", understand: bool = True,
               dropped: Iterable[str] = (), **filters: str | None) -> list[Hit]:
        """Hits for a query, best first: tasks and problems (other kinds only when asked by the
        kind filter), near-identical texts collapsed into one hit, nothing below the relevance
        floor. mode: "hybrid" (cosine plus a share of BM25), "dense" or "keyword". Filters: agency, field,
        kind, notice, issuer, since, until (YYYY-MM); with understand, those the query names too
        (see understand()), except the kinds listed in dropped. A notice number finds that notice or
        the notices whose title carries it out ("thực hiện Nghị quyết 214/NQ-CP"); a place or a
        number read from the query that would leave nothing is not applied, only searched as words.
        A time read from the query lets notices of no known date through."""
        query = nfc(query).strip()
        if not query:
            return []
        parsed = self.understand(query) if understand else ParsedQuery(query)
        # "đánh giá, xếp loại cán bộ năm 2025": a year in the query may be the matter's, not the notice's date
        chosen = Filters(**{**parsed.filters(set(dropped)), **{k_: v for k_, v in filters.items() if v}},
                         undated=not (filters.get("since") or filters.get("until")))
        text = parsed.text or query
        allowed = self._allowed(chosen)
        for read in ("place", "notice"):  # read from the query, and no notice is that one: a cited number, a place unwritten
            if getattr(chosen, read) and allowed is not None and not len(allowed) and not filters.get(read):
                chosen = replace(chosen, **{read: None})
                allowed = self._allowed(chosen)
        kinds = (chosen.kind,) if chosen.kind else SHOWN
        if chosen.agency and parsed.generic:
            return self._hits([(vid, 1.0) for vid in self._newest(allowed, kinds, k, chosen.agency)])
        depth = max(3 * k, 50)
        keyword = _LEGS.submit(self.keyword.search, text, depth, allowed) if mode != "dense" else None
        vector = self.encoder.query(expand_abbreviations(self.restorer.restore(text)))
        scores, matched = keyword.result() if keyword is not None else (np.zeros(0), np.zeros(0, dtype=np.int64))
        if mode == "keyword":
            ranked = matched
        else:
            with self._lock:
                ranked = vecs.search(self.vectors, vector, depth, allowed, self._tombstones)[1]
            ranked = np.array(list(dict.fromkeys(ranked.tolist() + matched.tolist())), dtype=np.int64)
        passing = self._above_floor(ranked, vector, kinds, set(matched.tolist()))
        if mode == "hybrid" and len(scores):
            bonus = dict(zip(matched.tolist(), (scores / scores.max()).tolist()))
            passing = sorted(((vid, cosine + KEYWORD_WEIGHT * bonus.get(vid, 0.0)) for vid, cosine in passing),
                             key=lambda pair: -pair[1])
        return self._hits(passing, k)

    def _allowed(self, chosen: Filters) -> np.ndarray | None:
        """The vids the filters let through (None: no filter)."""
        if not chosen.active():
            return None
        where, params = chosen.sql()
        rows = self.store.query(f"SELECT r.vid FROM records r JOIN notices n USING(notice_id) WHERE {where}", params)
        return np.array([r["vid"] for r in rows], dtype=np.int64)

    def _newest(self, allowed: np.ndarray, kinds: tuple[str, ...], k: int, agency: str) -> list[int]:
        """The newest k of the allowed records, those the agency leads before those it only
        cooperates on (an agency's tasks when the query asks for all it was given)."""
        marks = ",".join("?" * len(allowed))
        rows = self.store.query(
            f"SELECT vid FROM records WHERE vid IN ({marks}) AND kind IN ({','.join('?' * len(kinds))}) ORDER BY "
            f"EXISTS (SELECT 1 FROM record_agencies a WHERE a.vid = records.vid AND a.agency = ? AND a.role = 'lead') DESC, "
            f"month DESC, vid LIMIT ?", [*allowed.tolist(), *kinds, agency, k]) if len(allowed) else []
        return [r["vid"] for r in rows]

    def _above_floor(self, ranked: np.ndarray, vector: np.ndarray, kinds: tuple[str, ...],
                     matched: set[int]) -> list[tuple[int, float]]:
        """The ranked records of these kinds that pass the relevance floor, each with its cosine
        to the query: its cosine reaches WORDS_FLOOR when the keyword leg matched it, else
        RELEVANCE_FLOOR (e5's cosines are high for anything, nonsense too, about 0.83: shared
        words are the better evidence)."""
        if not len(ranked):
            return []
        marks = ",".join("?" * len(ranked))
        rows = self.store.query(f"SELECT vid, vector FROM records WHERE vid IN ({marks}) AND kind IN "
                                f"({','.join('?' * len(kinds))})", [*ranked.tolist(), *kinds])
        cosine = dict(zip([r["vid"] for r in rows], (Store.decode_vectors(rows) @ vector).tolist())) if rows else {}
        return [(vid, cosine[vid]) for vid in ranked.tolist()
                if vid in cosine and cosine[vid] >= (WORDS_FLOOR if vid in matched else RELEVANCE_FLOOR)]

    def _hits(self, ranked: list[tuple[int, float]], k: int | None = None) -> list[Hit]:
        """Hits for ranked (vid, score), near-identical texts collapsed into the first (the others'
        notices counted in also_in), the first k kept."""
        if not ranked:
            return []
        from index.register import task_status  # register builds on Index: imported here, not at the top

        # which records become hits: their texts only (the full rows, with a slice of the notice's
        # text each, are read for the hits alone)
        marks = ",".join("?" * len(ranked))
        texts = {row["vid"]: row for row in self.store.query(
            f"SELECT r.vid, r.text, r.notice_id, n.source FROM records r JOIN notices n USING(notice_id) "
            f"WHERE r.vid IN ({marks})", [vid for vid, _ in ranked])}
        chosen: dict[int, list[str]] = {}  # hit vid -> the other notices with the same text
        first: dict[str, int] = {}
        for vid, _ in ranked:
            row = texts.get(vid)
            if row is None:
                continue
            key = _dedupe_key(row["text"])
            if key in first:
                also_in, earlier = chosen[first[key]], texts[first[key]]
                if row["notice_id"] != earlier["notice_id"] and row["source"] not in also_in:
                    also_in.append(row["source"])
            elif k is None or len(chosen) < k:
                first[key] = vid
                chosen[vid] = []
        if not chosen:
            return []
        marks = ",".join("?" * len(chosen))
        rows = self.store.query(
            f"SELECT r.*, n.source, n.title, n.number, n.issue_date, n.meeting_date AS n_meeting, n.ocr, "
            f"substr(n.text, MAX(r.span_start - {CONTEXT_CHARS}, 0) + 1, "
            f"r.span_end + {CONTEXT_CHARS} - MAX(r.span_start - {CONTEXT_CHARS}, 0)) AS n_context, "
            f"s.done_on FROM records r JOIN notices n USING(notice_id) "
            f"LEFT JOIN status s ON s.record_id = r.id WHERE r.vid IN ({marks})", list(chosen))
        by_vid = {row["vid"]: row for row in rows}
        scores: dict[int, float] = {}
        for vid, score in ranked:
            scores.setdefault(vid, score)
        hits: list[Hit] = []
        today = date.today()
        for vid, also_in in chosen.items():
            row = by_vid.get(vid)
            if row is None:  # removed by another clerk between the two reads
                continue
            data = Store.record_dict(row)
            start, end = row["span_start"], row["span_end"]
            hits.append(Hit(
                id=data["id"], vid=vid, text=data["text"], kind=data["kind"], agencies=data["agencies"],
                cooperating=data["cooperating"], action=data["action"], deadline=data["deadline"],
                deadline_date=data["deadline_date"], meeting_date=data["meeting_date"], field=data["field"],
                score=round(scores[vid], 6), notice_id=data["notice_id"], source=row["source"], title=row["title"],
                number=row["number"], notice_date=row["n_meeting"] or row["issue_date"],
                context=row["n_context"], span=(start, end), done=row["done_on"] is not None,
                status=task_status(data["deadline_date"], row["done_on"], today) if data["kind"] == "directive" else "",
                ocr=bool(row["ocr"]), also_in=also_in))
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
