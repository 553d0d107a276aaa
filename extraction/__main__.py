"""python -m extraction FILE... [--format jsonl|csv|table]: print the records of notices.

A file that cannot be read gets one line on stderr and the others are still processed (an
unexpected error's traceback goes to chidao.log in the user's state folder); the exit code is 1
only when no file could be read."""
from __future__ import annotations

import argparse
import csv
import json
import sys

from extraction import ReadError, extract, log, settings
from extraction.records import Notice

FIELDS = ["id", "notice_id", "kind", "text", "agencies", "agencies_raw", "cooperating", "action",
          "deadline", "deadline_date", "field", "section", "span", "meeting_date"]


def _rows(notice: Notice) -> list[dict]:
    rows = []
    for record in notice.records:
        row = record.to_dict()
        row["source"] = notice.source
        rows.append(row)
    return rows


def _print(notice: Notice, fmt: str, writer: csv.DictWriter | None) -> None:
    if fmt == "jsonl":
        for row in _rows(notice):
            print(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv" and writer is not None:
        for row in _rows(notice):
            writer.writerow({k: "; ".join(v) if isinstance(v, list) and k != "span" else v
                             for k, v in row.items() if k in FIELDS + ["source"]})
    else:
        meta = notice.meta
        print(f"== {notice.source}: {meta.doc_type or '?'} {meta.number or ''} "
              f"ngày {meta.issue_date or '?'} | họp {meta.meeting_date or '?'} | {meta.title or ''}")
        for record in notice.directives:
            agencies = ", ".join(record.agencies) or "-"
            deadline = f" [hạn: {record.deadline}]" if record.deadline else ""
            print(f"  - {agencies}: ({record.action}) {record.text[:160]}{deadline}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m extraction", description=__doc__)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--format", choices=["jsonl", "csv", "table"], default="jsonl")
    args = parser.parse_args(argv)
    settings.stop_on_bad()
    writer = None
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS + ["source"])
        writer.writeheader()
    read = 0
    for path in args.files:
        try:
            notice = extract(path)
        except ReadError as exc:
            print(f"lỗi: {exc}", file=sys.stderr)
            continue
        except Exception as exc:  # never a traceback for one bad file: it goes to the log
            written = log.setup_somewhere(log.fallback_dir())
            log.error(f"python -m extraction {path}")
            print(f"lỗi: {path}: không xử lý được tệp ({type(exc).__name__}: {log.one_line(exc)[:200]}; "
                  f"chi tiết trong {written or log.LOG_NAME})", file=sys.stderr)
            continue
        read += 1
        for warning in notice.warnings:
            print(f"cảnh báo: {warning}", file=sys.stderr)
        _print(notice, args.format, writer)
    return 0 if read else 1


if __name__ == "__main__":
    sys.exit(main())
