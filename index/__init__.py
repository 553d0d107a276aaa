"""chidao index: directive records embedded (FAISS), stored (SQLite) and searched (hybrid)."""
import os

# OpenMP threads (torch's and FAISS's) spin on a core while they wait for work unless told to
# sleep: on two shared cores half of a search's CPU went to spinning, and a batch encode beside
# another process took 2.6 times its CPU. Set before either library loads its OpenMP runtime.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from index.core import AddResult, Filters, Hit, Index, ModelMismatch  # noqa: E402

__all__ = ["Index", "Hit", "Filters", "AddResult", "ModelMismatch"]
