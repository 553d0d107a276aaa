"""Crash safety: ingestion killed with SIGKILL at random moments, then the web app killed during
an upload. After each kill the index opens, SQLite and FAISS agree, every completed notice is
searchable and no notice is half present."""
from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import numpy as np
import pytest

from extraction import extract_text
from index import Index
from index import vectors as vecs
from tests.conftest import ROOT
from tests.crash_child import notice_text

pytestmark = pytest.mark.slow
KILLS = 20
REEMBED_KILLS = 8
COUNT = 60


def check_consistent(directory) -> Index:
    """Open the index and assert the invariants; returns it."""
    index = Index(directory)
    rows = index.store.query("SELECT vid FROM records WHERE vector IS NOT NULL ORDER BY vid")
    assert np.array_equal(np.sort(vecs.stored_ids(index.vectors)), np.array([r["vid"] for r in rows], dtype=np.int64))
    for row in index.store.query("SELECT notice_id, source, text FROM notices"):
        expected = extract_text(row["text"]).records  # the clean text re-extracts to the same records
        stored = index.store.query("SELECT COUNT(*) n FROM records WHERE notice_id = ?", (row["notice_id"],))[0]["n"]
        assert stored == len(expected), f"{row['source']} half present: {stored} of {len(expected)} records"
    return index


def test_sigkill_during_ingestion(tmp_path):
    directory = tmp_path / "idx"
    rng = random.Random(11)
    completed: set[int] = set()
    survived = 0
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, "-m", "tests.crash_child", str(directory), str(COUNT)], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert child.stdout.readline().strip() == "ready"
        # kill after a random number of completed adds (so some complete however slow the machine
        # is), then a random moment into the next one
        output = "".join(child.stdout.readline() for _ in range(rng.randint(0, 2)))
        deadline = time.time() + rng.uniform(0.0, 1.5)
        os.set_blocking(child.stdout.fileno(), False)
        while time.time() < deadline and child.poll() is None:
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait()
        output += child.stdout.read() or ""
        completed |= {int(line.split()[1]) for line in output.splitlines() if line.startswith("added")}
        index = check_consistent(directory)
        for number in sorted(completed):
            hits = index.search(f"DA{number:04d}", k=3, mode="keyword")
            assert any(f"DA{number:04d}" in hit.text for hit in hits), number
        survived += 1
    assert survived == KILLS and completed


def test_sigkill_during_reembed(tmp_path):
    """Re-embedding killed at random moments: the index opens consistent, the FAISS vectors are
    SQLite's (never an older generation's), the done-mark stays."""
    from index import register

    directory = tmp_path / "idx"
    index = Index(directory)
    index.add_notices([extract_text(notice_text(number), f"so-{number}.txt") for number in range(8)])
    assert register.mark_done(index, index.store.query("SELECT id FROM records WHERE kind='directive' LIMIT 1")[0]["id"])
    rng = random.Random(5)
    for _ in range(REEMBED_KILLS):
        child = subprocess.Popen([sys.executable, "-m", "tests.crash_child", str(directory), "8", "reembed"], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert child.stdout.readline().strip() == "ready"
        deadline = time.time() + rng.uniform(0.05, 3.0)
        while time.time() < deadline and child.poll() is None:
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait()
        index = check_consistent(directory)
        vids, stored = index.store.all_vectors()
        held = np.stack([index.vectors.reconstruct(int(v)) for v in vids])
        assert np.allclose(held, stored, atol=1e-3)
        assert len(list(directory.glob("vectors*.faiss"))) == 1
        assert index.store.query("SELECT COUNT(*) n FROM status s JOIN records r ON r.id = s.record_id")[0]["n"] == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_kill_app_during_upload(tmp_path):
    from gradio_client import Client, handle_file

    directory = tmp_path / "app-idx"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "so-1.txt").write_text(notice_text(1), encoding="utf-8")
    uploads = []
    for number in range(100, 103):
        path = tmp_path / f"tai-len-{number}.txt"
        path.write_text(notice_text(number), encoding="utf-8")
        uploads.append(path)
    for delay in (0.2, 0.8, 1.5):
        port = _free_port()
        app = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--corpus", str(corpus),
                                "--index-dir", str(directory)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        client = Client(url, verbose=False)
        client.submit([handle_file(str(p)) for p in uploads], api_name="/do_upload")
        time.sleep(delay)
        app.send_signal(signal.SIGKILL)
        app.wait()
        index = check_consistent(directory)
        assert index.stats()["notices"] >= 1
