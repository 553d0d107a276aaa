"""chidao index: directive records embedded (FAISS), stored (SQLite) and searched (hybrid)."""
from index.core import AddResult, Filters, Hit, Index, ModelMismatch

__all__ = ["Index", "Hit", "Filters", "AddResult", "ModelMismatch"]
