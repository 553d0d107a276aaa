"""Bad input through the CLI, the Python API and the upload path: a correct result or one clear
line naming the file; the rest of the batch goes on; a failed file leaves the index unchanged."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from extraction import ReadError, extract
from tests import badfiles
from tests.conftest import ROOT

CASES = badfiles.CASES


@pytest.mark.parametrize("name, make, outcome", CASES, ids=[c[0] for c in CASES])
def test_python_api(tmp_path, name, make, outcome):
    path = make(tmp_path / name)
    if outcome == "error":
        with pytest.raises(ReadError) as error:
            extract(path)
        message = str(error.value)
        assert name in message and "\n" not in message and len(message) < 300
        return
    notice = extract(path)
    if outcome == "warn":
        assert not notice.directives and any("không phải thông báo" in w for w in notice.warnings)
    else:
        assert notice.directives
        for record in notice.records:
            assert notice.text[record.span[0]:record.span[1]] == record.text


def test_specific_results(tmp_path):
    many = extract(badfiles.many_items(tmp_path / "many.txt"))
    assert len(many.directives) == 2000 and all(r.agencies == ["Phòng Kinh tế"] for r in many.directives)
    nested = extract(badfiles.nested_docx(tmp_path / "nested.docx"))
    assert any(r.agencies == ["Sở Tư pháp", "Sở Nội vụ"] for r in nested.directives)
    script = extract(badfiles.html_script(tmp_path / "s.txt"))
    assert "<script>alert('x')</script>" in script.directives[0].text  # kept as text, shown escaped
    mixed = extract(badfiles.mixed_endings(tmp_path / "m.txt"))
    assert any(r.agencies == ["Phòng Quản lý đô thị"] for r in mixed.directives)


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIDAO_MAX_FILE_MB", "1")
    path = badfiles.huge(tmp_path / "rat-lon.txt", 1.5)
    from pathlib import Path

    def no_reading(self):  # the size check happens before any read
        raise AssertionError("read the whole file")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(ReadError, match="rat-lon.txt.*quá lớn"):
        extract(path)


def test_cli_batch_goes_on(tmp_path):
    paths = [make(tmp_path / name) for name, make, _ in CASES] + [badfiles.good(tmp_path / "tot.txt")]
    run = subprocess.run([sys.executable, "-m", "extraction", "--format", "table", *map(str, paths)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("lỗi:")]
    assert len(errors) == sum(outcome == "error" for _, _, outcome in CASES)
    for name, _, outcome in CASES:
        if outcome == "error":
            assert any(name in line for line in errors)
        else:
            assert f"== {name}" in run.stdout
    assert "== tot.txt" in run.stdout


@pytest.mark.slow
def test_upload_path_and_index_unchanged(tmp_path):
    from index import Index
    from webapp.service import Service

    service = Service(Index(tmp_path / "idx"))
    service.upload([str(badfiles.good(tmp_path / "tot.txt"))])
    before = service.index.stats()
    paths = [str(make(tmp_path / name)) for name, make, outcome in CASES if outcome == "error"]
    outcomes = service.upload(paths + [str(badfiles.utf16(tmp_path / "them.txt"))])
    assert [o.status for o in outcomes[:-1]] == ["error"] * len(paths)
    assert all(o.name in o.message for o in outcomes[:-1])
    assert outcomes[-1].status == "added"
    after = service.index.stats()
    assert after["notices"] == before["notices"] + 1
    stored = sorted(p.name for p in service.uploads.iterdir())
    assert all(len(name.split(".")[0]) == 32 for name in stored), stored  # generated names, never the uploaded ones


@pytest.mark.slow
def test_upload_names_cannot_escape(tmp_path):
    from index import Index
    from webapp.service import Service, safe_name

    assert safe_name("../../etc/passwd") == "passwd" and safe_name("..\\..\\x.txt") == "x.txt"
    service = Service(Index(tmp_path / "idx"))
    evil = tmp_path / "sub"
    evil.mkdir()
    target = badfiles.good(evil / "..%2f..%2fthong-bao.txt")
    outcome = service.upload([str(target)])[0]
    assert outcome.status == "added"
    assert all(p.parent == service.uploads for p in service.uploads.iterdir())
    # content decides the type: a PDF named .txt is read as a PDF
    disguised = tmp_path / "gia-dang.txt"
    disguised.write_bytes(badfiles._pdf_bytes("- Sở Y tế: Kiểm tra an toàn thực phẩm dịp Tết Nguyên đán năm 2026."))
    result = service.upload([str(disguised)])[0]
    assert result.status == "added" and any(p.suffix == ".pdf" for p in service.uploads.iterdir())


@pytest.mark.parametrize("written", ["2.5", "2,5"])
def test_max_file_mb_may_be_fractional_with_either_decimal_mark(monkeypatch, written):
    from extraction.readers import max_bytes

    monkeypatch.setenv("CHIDAO_MAX_FILE_MB", written)
    assert max_bytes() == int(2.5 * 1024 * 1024)


@pytest.mark.parametrize("name, value", [("CHIDAO_PORT", "7860.5"), ("CHIDAO_PORT", "70000"), ("CHIDAO_QUERY_THREADS", "0"),
                                         ("CHIDAO_LOG_MB", "0"), ("CHIDAO_RECURRING_SIMILARITY", "1.5"),
                                         ("CHIDAO_SEGMENT_LIMIT", "nhiều"), ("CHIDAO_APPROX_THRESHOLD", "-1"),
                                         ("CHIDAO_CONCURRENCY", "inf"), ("CHIDAO_MAX_FILE_MB", "nan"),
                                         ("CHIDAO_APPROX_THRESHOLD", "300,000"), ("CHIDAO_SEGMENT_LIMIT", "4.000")])
def test_a_setting_out_of_range_is_refused_by_name(monkeypatch, name, value):
    from extraction import settings

    monkeypatch.setenv(name, value)
    with pytest.raises(settings.SettingError, match=f"^{name}=.*không hợp lệ: cần một số"):
        settings.check_all()
    monkeypatch.delenv(name)
    settings.check_all()
    assert settings.number(name) == settings.SETTINGS[name].default


def test_a_whole_number_setting_is_read_as_written(monkeypatch):
    from extraction import settings

    monkeypatch.setenv("CHIDAO_SEGMENT_LIMIT", " 250 ")
    assert settings.number("CHIDAO_SEGMENT_LIMIT") == 250


ENTRY_POINTS = {"app": ["app.py", "--no-build"], "index": ["-m", "index", "stats"],
                "extraction": ["-m", "extraction", "corpus/000_laichau-tp-ketluan-phien-hop-thang-3-2024.txt"]}


@pytest.mark.parametrize("entry, name, value", [("app", "CHIDAO_CONCURRENCY", "nhiều"), ("app", "CHIDAO_PORT", "abc"),
                                                ("app", "CHIDAO_MAX_FILE_MB", "0"), ("index", "CHIDAO_SEGMENT_LIMIT", "x"),
                                                ("index", "CHIDAO_QUERY_THREADS", "0"), ("index", "CHIDAO_RECURRING_SIMILARITY", "1,5"),
                                                ("extraction", "CHIDAO_MAX_FILE_MB", "-1")])
def test_a_bad_setting_stops_each_entry_point_with_one_vietnamese_line(tmp_path, entry, name, value):
    env = {**os.environ, "CHIDAO_INDEX_DIR": str(tmp_path / "no-index"), name: value}
    result = subprocess.run([sys.executable, *ENTRY_POINTS[entry]], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr and not result.stdout
    assert result.stderr.strip().count("\n") == 0 and result.stderr.startswith(f"lỗi: {name}=")
    assert not (tmp_path / "no-index").exists()  # stopped before any work


def test_a_port_out_of_range_is_one_vietnamese_line(tmp_path):
    result = subprocess.run([sys.executable, "app.py", "--no-build", "--port", "70000"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "CHIDAO_INDEX_DIR": str(tmp_path / "no-index")})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "lỗi: cổng 70000 không hợp lệ: cần một số nguyên từ 1 đến 65535"
