"""The keyword leg: BM25 (bm25s) over accent-blind tokens (index.text.keyword_tokens)."""
from __future__ import annotations

import bm25s
import numpy as np

from index.text import keyword_tokens


FREQUENT = 0.05  # a query term in more than this share (and 5,000) of records is dropped when rarer ones remain


class KeywordIndex:
    """BM25 over a fixed list of (vid, text); rebuilt when the collection changes."""

    def __init__(self, vids: list[int], texts: list[str]) -> None:
        self.vids = np.array(vids, dtype=np.int64)
        self._position = {vid: i for i, vid in enumerate(vids)}
        self.bm25 = bm25s.BM25()
        if texts:
            self.bm25.index([keyword_tokens(t) or ["_"] for t in texts], show_progress=False)

    def _selective(self, tokens: list[str]) -> list[str]:
        """Drop the query terms found in over FREQUENT of the records ("công", "tác") when rarer
        ones remain: their IDF is near zero, but their long postings cost most of the time."""
        vocabulary = getattr(self.bm25, "vocab_dict", None)
        pointers = self.bm25.scores.get("indptr") if getattr(self.bm25, "scores", None) else None
        if vocabulary is None or pointers is None:
            return tokens
        limit = max(5000, FREQUENT * len(self.vids))  # small collections keep every term
        known = [t for t in tokens if t in vocabulary]
        rare = [t for t in known if pointers[vocabulary[t] + 1] - pointers[vocabulary[t]] <= limit]
        return rare or known

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, vids) of the k best matches with a positive score."""
        tokens = self._selective(keyword_tokens(query))
        if not tokens or not len(self.vids):
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores = self.bm25.get_scores(tokens)
        if allowed is not None:
            mask = np.zeros(len(self.vids), dtype=bool)
            positions = [self._position[v] for v in allowed.tolist() if v in self._position]
            mask[positions] = True
            scores = np.where(mask, scores, 0.0)
        top = np.argsort(-scores)[:k]
        top = top[scores[top] > 0]
        return scores[top].astype(np.float32), self.vids[top]
