"""The FAISS side: vectors under the records' ids, exact brute-force inner product up to
APPROX_THRESHOLD vectors and an approximate HNSW index beyond, both over fp16 codes (lossless
here: SQLite keeps the vectors as fp16; half the memory traffic of float32),
persisted atomically (write to a temporary file, fsync, rename, fsync the folder). HNSW cannot
remove vectors: a removed vid stays there as a tombstone (kept in SQLite) that search skips."""
from __future__ import annotations

import os
from pathlib import Path

import faiss
import numpy as np

APPROX_THRESHOLD = int(os.environ.get("CHIDAO_APPROX_THRESHOLD", 300_000))
HNSW_M, HNSW_EF_SEARCH, HNSW_EF_CONSTRUCTION = 32, 1024, 80


def make_index(dim: int, expected: int) -> faiss.Index:
    """A flat index for small collections, HNSW over fp16 codes for large ones (ids mapped):
    about 1 GB at a million 384-d vectors, against 1.5 GB for the raw float32."""
    if expected <= APPROX_THRESHOLD:
        return faiss.IndexIDMap2(faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT))
    inner = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_fp16, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    inner.hnsw.efSearch = HNSW_EF_SEARCH
    return faiss.IndexIDMap2(inner)


def outgrown(index: faiss.Index) -> bool:
    """Whether an exact index grew past APPROX_THRESHOLD by adds (it is rebuilt as HNSW then,
    once, rather than at some later repair)."""
    inner = faiss.downcast_index(faiss.downcast_index(index).index)
    return index.ntotal > APPROX_THRESHOLD and not isinstance(inner, faiss.IndexHNSW)


def build(dim: int, ids: np.ndarray, vectors: np.ndarray) -> faiss.Index:
    """An index holding these vectors under these ids."""
    index = make_index(dim, len(ids))
    if len(ids):
        inner = faiss.downcast_index(index.index)
        if not inner.is_trained:
            inner.train(vectors)
        index.add_with_ids(vectors, ids)
    return index


def save(index: faiss.Index, path: Path) -> None:
    """Write the index atomically."""
    temporary = path.with_suffix(".tmp")
    faiss.write_index(index, str(temporary))
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


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
    """The index stored at path, or None when missing or unreadable."""
    if not path.exists():
        return None
    try:
        return faiss.read_index(str(path))
    except RuntimeError:
        return None


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
