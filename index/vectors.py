"""The FAISS side: vectors under the records' ids, exact brute-force inner product up to
approx_threshold() vectors and an approximate HNSW index beyond, both over fp16 codes (lossless
here: SQLite keeps the vectors as fp16; half the memory traffic of float32),
persisted atomically (write to a temporary file, fsync, rename, fsync the folder). An add does not
rewrite the whole file: its vectors go to a small segment file beside it (PATH.added: ids and fp16
vectors, itself rewritten atomically), read back into the index on load and merged into the main
file once it holds segment_limit() vectors. HNSW cannot remove vectors: a removed vid stays there as
a tombstone (kept in SQLite) that search skips."""
from __future__ import annotations

import os
from pathlib import Path

import faiss
import numpy as np

from extraction import settings

HNSW_M, HNSW_EF_SEARCH, HNSW_EF_CONSTRUCTION = 32, 1024, 80


def approx_threshold() -> int:
    """Vectors above which an index is HNSW (CHIDAO_APPROX_THRESHOLD, default 300000)."""
    return int(settings.number("CHIDAO_APPROX_THRESHOLD"))


def segment_limit() -> int:
    """Vectors added before the main file is rewritten (CHIDAO_SEGMENT_LIMIT, default 4000)."""
    return int(settings.number("CHIDAO_SEGMENT_LIMIT"))


def make_index(dim: int, expected: int) -> faiss.Index:
    """A flat index for small collections, HNSW over fp16 codes for large ones (ids mapped):
    about 1 GB at a million 384-d vectors, against 1.5 GB for the raw float32."""
    if expected <= approx_threshold():
        return faiss.IndexIDMap2(faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT))
    inner = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_fp16, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    inner.hnsw.efSearch = HNSW_EF_SEARCH
    return faiss.IndexIDMap2(inner)


def outgrown(index: faiss.Index) -> bool:
    """Whether an exact index grew past approx_threshold() by adds (it is rebuilt as HNSW then,
    once, rather than at some later repair)."""
    inner = faiss.downcast_index(faiss.downcast_index(index).index)
    return index.ntotal > approx_threshold() and not isinstance(inner, faiss.IndexHNSW)


def build(dim: int, ids: np.ndarray, vectors: np.ndarray) -> faiss.Index:
    """An index holding these vectors under these ids."""
    index = make_index(dim, len(ids))
    if len(ids):
        inner = faiss.downcast_index(index.index)
        if not inner.is_trained:
            inner.train(vectors)
        index.add_with_ids(vectors, ids)
    return index


def _replace(temporary: Path, path: Path) -> None:
    """fsync a written temporary file, rename it over path, fsync the folder."""
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def segment_path(path: Path) -> Path:
    """The segment file of the vectors added since the main file at path was written."""
    return path.with_name(path.name + ".added")


def save(index: faiss.Index, path: Path) -> None:
    """Write the whole index atomically (its segment file, now merged, is removed)."""
    temporary = path.with_suffix(".tmp")
    faiss.write_index(index, str(temporary))
    _replace(temporary, path)
    segment = segment_path(path)
    if segment.exists():
        segment.unlink()
        _sync_folder(path.parent)


def _read_segment(path: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """(ids, fp16 vectors) of the segment file of path; empty when there is none, None when unreadable."""
    segment = segment_path(path)
    if not segment.exists():
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float16)
    try:
        with np.load(segment) as data:
            return data["ids"].astype(np.int64), data["vectors"].astype(np.float16)
    except (OSError, ValueError, KeyError):
        return None


def append(index: faiss.Index, path: Path, ids: np.ndarray, vectors: np.ndarray) -> None:
    """Persist vectors just added to index under ids: appended to the segment file (rewritten
    atomically, small), or the whole index saved once the segment would pass segment_limit()."""
    old = _read_segment(path) if path.exists() else None
    if old is None or len(old[0]) + len(ids) > segment_limit():
        save(index, path)
        return
    joined_ids = np.concatenate([old[0], ids.astype(np.int64)])
    joined = np.concatenate([old[1].reshape(-1, vectors.shape[1]), vectors.astype(np.float16)])
    temporary = segment_path(path).with_suffix(".tmp")
    with open(temporary, "wb") as handle:
        np.savez(handle, ids=joined_ids, vectors=joined)
    _replace(temporary, segment_path(path))


def remove(index: faiss.Index, ids: np.ndarray) -> bool:
    """Remove ids from the index; False when this index type cannot (HNSW): the caller keeps
    them as tombstones then."""
    if not len(ids):
        return True
    try:
        index.remove_ids(ids.astype(np.int64))
    except RuntimeError:
        return False
    return True


def load(path: Path) -> faiss.Index | None:
    """The index stored at path with its segment's vectors added (those it does not hold
    already: a crash between writing the main file and removing the segment), or None when
    missing or unreadable."""
    if not path.exists():
        return None
    try:
        index = faiss.read_index(str(path))
    except RuntimeError:
        return None
    segment = _read_segment(path)
    if segment is None:
        return None
    ids, vectors = segment
    fresh = ~np.isin(ids, stored_ids(index))
    if fresh.any():
        index.add_with_ids(vectors[fresh].astype(np.float32), ids[fresh])
    return index


def stored_ids(index: faiss.Index) -> np.ndarray:
    """The ids an IDMap index holds."""
    return faiss.vector_to_array(faiss.downcast_index(index).id_map).astype(np.int64)


def search(index: faiss.Index, query: np.ndarray, k: int, allowed: np.ndarray | None = None,
           exclude: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(scores, ids) of the k nearest vectors, restricted to allowed ids when given, never one
    of the excluded ids (tombstones)."""
    if index.ntotal == 0 or k <= 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    params = None
    if allowed is not None:
        if len(allowed) == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        if exclude is not None and len(exclude):
            allowed = np.setdiff1d(allowed, exclude)
        params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed.astype(np.int64)))
    elif exclude is not None and len(exclude):
        removed = faiss.IDSelectorBatch(exclude.astype(np.int64))  # kept alive while the search runs
        params = faiss.SearchParameters(sel=faiss.IDSelectorNot(removed))
    scores, ids = index.search(query.reshape(1, -1).astype(np.float32), min(k, index.ntotal), params=params)
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]
