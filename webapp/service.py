"""What the web page does with the index: searches with the page's filters (corrections and
merged agency names applied), cached recurring groups, uploads stored under generated names
and checked by content (only the added ones kept), exports to a temporary folder pruned as
it grows and removed at exit, deleting (and restoring) a notice."""
from __future__ import annotations

import atexit
import re
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from extraction import Notice, ReadError, extract
from extraction.readers import max_bytes, sniff
from index import Hit, Index
from index import corrections, recurring_links, register
from index.recurring import Group, given_before, recurring

EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "text": ".txt"}
EXPORTS_KEPT = 60  # newest export files kept for download; older ones are deleted
EXPORT_MAX_AGE_S = 3600


@dataclass
class UploadOutcome:
    """What happened to one uploaded file."""

    name: str
    status: str  # "added" | "duplicate" | "error"
    message: str
    notice: Notice | None = None
    warnings: list[str] = field(default_factory=list)


def safe_name(name: str) -> str:
    """The base name of an uploaded file, stripped of directories and control characters."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f<>:\"|?*]", "_", base).strip(" .")
    return base[:120] or "tep-tai-len"


class Service:
    """The index plus the caches and file handling the page needs."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.uploads = index.path / "uploads"
        self.uploads.mkdir(exist_ok=True)
        self.exports = Path(tempfile.mkdtemp(prefix="chidao-export-"))
        atexit.register(shutil.rmtree, self.exports, True)
        self._lock = threading.Lock()
        self._prune_lock = threading.Lock()
        self._groups: tuple[int, list[Group]] | None = None
        self._linked = -1  # the index version the recurring link table was brought up to date at
        self._uploads_done = 0
        self._agencies: tuple[tuple, list[tuple[str, int, int]]] | None = None
        corrections.ensure(index.store)

    # -- choices for the filters --------------------------------------------------------------
    def agency_counts(self) -> list[tuple[str, int, int]]:
        """register.agencies, recomputed only after the index, a correction or a merge changed."""
        key = (self.index.version, corrections.stamp(self.index.store))
        with self._lock:
            if self._agencies is None or self._agencies[0] != key:
                self._agencies = (key, register.agencies(self.index))
            return self._agencies[1]

    def agency_choices(self) -> list[tuple[str, str]]:
        """(label with current counts, canonical name) of every agency with directives (all of them)."""
        return [(f"{name} ({lead + coop})", name) for name, lead, coop in self.agency_counts()]

    def alias_choices(self) -> list[tuple[str, str]]:
        """The agency choices plus the names merged into another (to take a merge back)."""
        merged = [(f"{alias} (đã gộp vào {canonical})", alias)
                  for alias, canonical in sorted(corrections.aliases(self.index.store).items())]
        return [*self.agency_choices(), *merged]

    def months(self) -> list[str]:
        """Months that have records, oldest first."""
        return [r["month"] for r in self.index.store.query(
            "SELECT DISTINCT month FROM records WHERE month IS NOT NULL ORDER BY month")]

    def fields(self) -> list[str]:
        """The most used headings of directives that name a field of work (not a section title
        like "TỔ CHỨC THỰC HIỆN" or "Mục đích", not an agency)."""
        names = {corrections.fold(a) for a, _, _ in self.agency_counts()}
        rows = self.index.store.query(
            "SELECT field, COUNT(*) n FROM records WHERE kind = 'directive' AND field IS NOT NULL AND length(field) < 90 "
            "GROUP BY field HAVING n > 1 ORDER BY n DESC LIMIT 200")
        return [r["field"] for r in rows if is_field(r["field"], names)][:60]

    def sources(self) -> list[str]:
        """Stored notices' file names."""
        return [n["source"] for n in self.index.notices()]

    def notice_choices(self) -> list[tuple[str, str]]:
        """(number, date and title, notice id) of every stored notice, newest first."""
        out = []
        for n in self.index.notices():
            day = register._vn_date(n["meeting_date"] or n["issue_date"])
            parts = [f"Số {n['number']}" if n["number"] else "", f"ngày {day}" if day else "", (n["title"] or "")[:90]]
            out.append((" — ".join(p for p in parts if p) or n["source"], n["notice_id"]))
        return out

    # -- reading -----------------------------------------------------------------------------
    def search(self, query: str, k: int = 30, **filters: str | list[str] | None) -> list[Hit]:
        """Search with the page's filters (empty values ignored); hits with corrections and merged
        names applied, corrected ones marked. An agency filter finds the agency under each of its
        merged names and drops records corrected away."""
        chosen = {key: value for key, value in filters.items() if value}
        agency = chosen.pop("agency", None)
        if not agency:
            return corrections.apply_all(self.index.store, self.index.search(query, k=k, **chosen))
        canonical = corrections.resolve(self.index.store, agency)
        merged: dict[str, Hit] = {}
        names = corrections.names_of(self.index.store, canonical)
        searches = [{"agency": name} for name in sorted(names)]
        if corrections.mentions(self.index.store, names):  # records a clerk gave to this agency
            searches.append({})
        for extra in searches:
            for hit in self.index.search(query, k=k if extra else k * 4, **extra, **chosen):
                if hit.id not in merged or merged[hit.id].score < hit.score:
                    merged[hit.id] = hit
        hits = corrections.apply_all(self.index.store, sorted(merged.values(), key=lambda h: -h.score))
        return [h for h in hits if canonical in h.agencies or canonical in h.cooperating][:k]

    def groups(self) -> list[Group]:
        """Recurring issues, recomputed only after the index changed."""
        with self._lock:
            if self._groups is None or self._groups[0] != self.index.version:
                self._groups = (self.index.version, recurring(self.index))
            return self._groups[1]

    def given_before(self, record_ids: list[str]) -> dict[str, list[dict]]:
        """recurring.given_before of these records ("đã giao ngày ... (TB số ...)"), the link table
        brought up to date first after the index changed (only new notices' neighbourhoods)."""
        with self._lock:
            if self._linked != self.index.version:
                recurring_links.sync(self.index.store)
                self._linked = self.index.version
        return given_before(self.index.store, record_ids)

    # -- writing -----------------------------------------------------------------------------
    def upload(self, paths: list[str]) -> list[UploadOutcome]:
        """Store each file under a generated name (content decides the type), extract and add
        it; a bad file gets its message and the others are still added."""
        outcomes = []
        for path in paths:
            name = safe_name(Path(path).name)
            try:
                size = Path(path).stat().st_size
                if size > max_bytes():
                    raise ReadError(f"{name}: tệp quá lớn ({size / 1048576:.1f} MB, giới hạn {max_bytes() / 1048576:.0f} MB)")
                data = Path(path).read_bytes()
                suffix = EXTENSIONS[sniff(data[:8])]
                notice = extract(Path(name), data)  # the bytes are read already: the path only names the file
                result = self.index.add_notice(notice)
                if result.status == "added":  # rejected files and duplicates are not kept
                    (self.uploads / f"{uuid.uuid4().hex}{suffix}").write_bytes(data)
                message = (f"đã thêm {len(notice.directives)} nhiệm vụ" if result.status == "added"
                           else "đã có trong chỉ mục (trùng nội dung), không thêm lại")
                outcomes.append(UploadOutcome(name, result.status, message, notice, notice.warnings))
            except ReadError as exc:
                outcomes.append(UploadOutcome(name, "error", str(exc)))
            except Exception as exc:  # a clerk sees one line, never a traceback
                outcomes.append(UploadOutcome(name, "error", f"{name}: không xử lý được tệp ({type(exc).__name__})"))
        return outcomes

    def next_upload_number(self) -> int:
        """A running number of uploads, so each upload's report is told from the one before."""
        with self._lock:
            self._uploads_done += 1
            return self._uploads_done

    def export(self, rows: list[list[str]], stem: str, fmt: str) -> str:
        """Write rows to a CSV or Excel file and return its path for download."""
        self._prune()
        path = self.exports / f"{safe_name(stem)}-{uuid.uuid4().hex[:6]}.{fmt}"
        return str(register.write_table(rows, path))

    def export_html(self, document: str, stem: str) -> str:
        """Write a report (HTML) for download and return its path."""
        self._prune()
        path = self.exports / f"{safe_name(stem)}-{uuid.uuid4().hex[:6]}.html"
        path.write_text(document, encoding="utf-8")
        return str(path)

    def _prune(self) -> None:
        """Before writing one more: keep the newest EXPORTS_KEPT - 1 files younger than EXPORT_MAX_AGE_S;
        delete the others (one request at a time: two clerks exporting at once must not trip over
        each other's deletions)."""
        with self._prune_lock:
            dated = [(path.stat().st_mtime, path) for path in self.exports.iterdir() if path.is_file()]
            now = time.time()
            for number, (modified, path) in enumerate(sorted(dated, reverse=True)):
                if number >= EXPORTS_KEPT - 1 or now - modified > EXPORT_MAX_AGE_S:
                    path.unlink(missing_ok=True)

    def delete_notice(self, notice_id: str) -> int:
        """Remove a notice from the index; it is kept among the removed notices to be restored."""
        return self.index.remove(notice_id)

    def restore_notice(self) -> str | None:
        """Add the latest removed notice back (its done-marks and corrections come back with it,
        after a restart too); returns its name."""
        restored = self.index.restore()
        return restored[0] if restored else None


# Headings that open a section or a list (not a field of work), by their first words, unaccented.
SECTION_STARTS = ("to chuc thuc hien", "muc dich", "yeu cau", "muc tieu", "nhiem vu", "giai phap", "ket luan",
                  "danh gia", "noi dung", "phan cong", "trach nhiem", "kien nghi", "de xuat", "y kien", "tinh hinh",
                  "ket qua", "dinh huong", "phuong huong", "can cu", "phan i", "phu luc", "cac nhiem vu", "cac noi dung",
                  "cac y kien", "nhung noi dung", "trong thoi gian", "thoi gian toi", "mot so", "khan truong",
                  "hoan thanh", "phoi hop", "tap huan", "bang phan cong", "danh muc", "cac de xuat", "cac kien nghi",
                  "giao ", "de lam", "de nghi", "tieu ban")
AGENCY_WORDS = ("uy ban nhan dan", "ubnd", "hdnd", "so ", "bo ", "phong ", "ban ", "chi cuc", "cuc ", "van phong",
                "trung tam", "cong an", "quan doi", "bo chi huy", "doan ", "hoi ", "mat tran", "thanh tra", "kho bac",
                "toa an", "vien kiem sat", "ngan hang", "cac co quan", "cac don vi", "cac so", "cac phong", "cac bo",
                "chu tich", "pho chu tich", "bo truong", "thu truong", "giam doc", "lanh dao", "thue ", "dang uy")


def is_field(heading: str, agency_names: set[str] | None = None) -> bool:
    """Whether a heading names a field of work ("Công tác giải phóng mặt bằng", "thu, chi ngân
    sách") rather than a section title, a sentence, a numbering or an agency."""
    text = re.sub(r"^[\sIVXLCDM\d.)\-–:*+a-zđ|]{0,6}[.)|]\s*", "", (heading or "").strip(), flags=re.I) or heading or ""
    folded = corrections.fold(text).strip(" .:;")
    if len(folded) < 4 or len(folded) > 80 or not re.search(r"[a-z]", folded):
        return False
    if text.upper() == text:  # "TỔ CHỨC THỰC HIỆN", "KẾT LUẬN"
        return False
    if ":" in folded or folded.endswith(("nhu sau", "cu the", "sau day", "de nghi", "yeu cau")):  # a lead-in
        return False
    bare = re.sub(r"^(ve|linh vuc|cong tac|doi voi)\s+", "", folded)
    if bare.startswith(SECTION_STARTS) and not folded.startswith(("linh vuc", "cong tac")):
        return False
    if agency_names and (folded in agency_names or bare in agency_names):
        return False
    return not bare.startswith(AGENCY_WORDS) and bare not in ("thue tinh", "thue thanh pho")


def hits_rows(hits: list[Hit]) -> list[list[str]]:
    """Search results as export rows (header first), kinds and statuses in Vietnamese."""
    header = ["Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Hành động", "Thời hạn", "Hạn (ngày)", "Loại",
              "Trạng thái", "Đã sửa", "Số văn bản", "Trích yếu", "Ngày họp", "Tệp"]
    return [header] + [[h.text, "; ".join(h.agencies), "; ".join(h.cooperating), h.action or "", h.deadline or "",
                        h.deadline_date or "", register.KIND_LABELS.get(h.kind, h.kind),
                        "đã xong" if h.done else "", "đã sửa" if h.corrected else "", h.number or "",
                        h.title or "", h.meeting_date or h.notice_date or "", h.source]
                       for h in hits]
