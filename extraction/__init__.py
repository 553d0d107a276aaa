"""chidao extraction: from a notice file to structured records (directives, issues, ...).

The facade: extract(path), extract_text(raw), ReadError, and the record types. Importing a
submodule (textnorm, wordlists) does not load the pipeline."""
from __future__ import annotations

from typing import Any

__all__ = ["extract", "extract_text", "ReadError", "Notice", "NoticeMeta", "Record"]
_HOMES = {"extract": "pipeline", "extract_text": "pipeline", "ReadError": "readers",
          "Notice": "records", "NoticeMeta": "records", "Record": "records"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f"extraction.{_HOMES[name]}"), name)
    raise AttributeError(name)
