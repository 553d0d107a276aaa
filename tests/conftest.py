"""Shared paths and fixtures."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "000_laichau-tp-ketluan-phien-hop-thang-3-2024.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="session")
def seed_notice():
    """The seed notice, extracted once."""
    from extraction import extract

    return extract(SEED)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory):
    """A real index (SQLite + FAISS + the real model) of every notice in corpus/."""
    from index import Index

    index = Index(tmp_path_factory.mktemp("corpus-index"))
    index.add_many(sorted(CORPUS.glob("*.txt")))
    return index


@pytest.fixture(scope="session")
def months_index(tmp_path_factory):
    """A small real index of the three constructed monthly notices (truth known)."""
    from extraction import extract_text
    from index import Index
    from tests.samples import MONTHS

    index = Index(tmp_path_factory.mktemp("months-index"))
    index.add_notices([extract_text(raw, f"tan-lap-thang-{m}.txt") for m, raw in MONTHS.items()])
    return index
