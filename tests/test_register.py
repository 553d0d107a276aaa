"""Agencies over months, deadlines, done-marks, exports, the register CLI (recurring issues:
tests/test_recurring.py)."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date

import pytest

from extraction import extract_text
from index import register
from tests.conftest import ROOT
from tests.samples import MONTHS

pytestmark = pytest.mark.slow


def test_agency_tasks_by_month(months_index):
    tasks = register.agency_tasks(months_index, "Ban Quản lý dự án")
    months = register.by_month(tasks)
    assert list(months) == ["2025-01", "2025-02", "2025-03"]
    assert all(len(roles["lead"]) == 1 for roles in months.values())
    assert ("Ban Quản lý dự án", 3, 0) in register.agencies(months_index)
    only_march = register.agency_tasks(months_index, "Ban Quản lý dự án", since="2025-03")
    assert [t.month for t in only_march] == ["2025-03"]


def test_overdue_due_soon_and_done_survives_reindexing(months_index):
    march = [t for t in register.agency_tasks(months_index, "Ban Quản lý dự án") if t.month == "2025-03"][0]
    assert march.deadline_date == "2025-04-30"
    assert [t.record_id for t in register.deadlines(months_index, date(2025, 5, 2))] == [march.record_id]
    assert register.deadlines(months_index, date(2025, 4, 26))[0].status == "due_soon"
    assert register.deadlines(months_index, date(2025, 4, 1)) == []
    assert register.mark_done(months_index, march.record_id, date(2025, 4, 29), "đã bàn giao")
    assert register.deadlines(months_index, date(2025, 5, 2)) == []
    months_index.remove(march.notice_id)
    months_index.add_notice(extract_text(MONTHS[3], "tan-lap-thang-3-lai.txt"))
    again = [t for t in register.agency_tasks(months_index, "Ban Quản lý dự án") if t.month == "2025-03"][0]
    assert again.record_id == march.record_id and again.status == "done" and again.note == "đã bàn giao"
    register.unmark_done(months_index, march.record_id)


def test_exports(months_index, tmp_path):
    tasks = register.agency_tasks(months_index, "Chi cục Thuế")
    rows = register.export_rows(tasks)
    assert rows[0][0] == "Tháng" and len(rows) == len(tasks) + 1
    register.write_table(rows, tmp_path / "thue.csv")
    with open(tmp_path / "thue.csv", encoding="utf-8-sig") as handle:
        assert list(csv.reader(handle))[1][2].startswith("Đôn đốc")
    from openpyxl import load_workbook

    register.write_table(rows, tmp_path / "thue.xlsx")
    sheet = load_workbook(tmp_path / "thue.xlsx").active
    assert sheet["A1"].value == "Tháng" and sheet.max_row == len(rows)


def test_cli_register_commands(months_index, tmp_path):
    env = {"CHIDAO_INDEX_DIR": str(months_index.path), "PATH": "/usr/bin:/bin"}
    run = lambda *args: subprocess.run([sys.executable, "-m", "index", *args], cwd=ROOT, env=env,  # noqa: E731
                                       capture_output=True, text=True, timeout=300)
    agencies = run("agencies")
    assert agencies.returncode == 0 and "Ban Quản lý dự án" in agencies.stdout
    overdue = run("overdue", "--as-of", "2025-05-02")
    assert "quá hạn" in overdue.stdout
    groups = json.loads(run("recurring", "--json").stdout)
    assert groups and {"label", "meetings", "first_seen", "last_seen", "agencies", "members"} <= set(groups[0])
    assert {"text", "kind", "source"} <= set(groups[0]["members"][0])
    agency = run("agency", "Ban Quản lý dự án")
    assert agency.returncode == 0 and "2025-02" in agency.stdout
    missing = run("done", "khong-co-ma-nay")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    report = run("report", "--agency", "Ban Quản lý dự án", "--as-of", "2025-05-02", "--html", str(tmp_path / "bc.html"))
    assert report.returncode == 0 and "@page { size: A4" in (tmp_path / "bc.html").read_text(encoding="utf-8")
    week = run("report", "--week", "--as-of", "2025-04-28", "--html", str(tmp_path / "tuan.html"))
    assert week.returncode == 0 and "Giải quyết dứt điểm" in (tmp_path / "tuan.html").read_text(encoding="utf-8")
    assert run("alias", "Ban Quản lý dự án", "Ban Quản lý dự án").returncode == 1
    assert run("alias", "--undo", "Không có tên này").returncode == 1
