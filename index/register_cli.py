"""The register commands of python -m index: agency, agencies, overdue, done, report, alias, recurring."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date

from index import corrections, register
from index import recurring as recurring_module
from index.core import Index


def _as_of(text: str | None) -> date:
    return date.fromisoformat(text) if text else date.today()


def cmd_agency(index: Index, args: argparse.Namespace) -> int:
    tasks = register.agency_tasks(index, args.agency, args.since, args.until)
    if not tasks:
        print(f"không có nhiệm vụ nào của {args.agency!r} (xem: python -m index agencies)", file=sys.stderr)
        return 1
    if args.csv or args.xlsx:
        path = register.write_table(register.export_rows(tasks), args.csv or args.xlsx)
        print(f"đã ghi {len(tasks)} nhiệm vụ vào {path}")
        return 0
    for month, roles in register.by_month(tasks).items():
        print(f"== {month}: chủ trì {len(roles['lead'])}, phối hợp {len(roles['coop'])}")
        for role in ("lead", "coop"):
            for task in roles[role]:
                deadline = f" | hạn: {task.deadline}" if task.deadline else ""
                print(f"  [{'chủ trì' if role == 'lead' else 'phối hợp'}] ({task.action}) {task.text[:160]}{deadline} "
                      f"| {register.STATUS_LABELS[task.status]} | {task.source}")
    return 0


def cmd_agencies(index: Index, args: argparse.Namespace) -> int:
    for agency, lead, coop in register.agencies(index):
        print(f"{lead + coop:5}  {agency}  (chủ trì {lead}, phối hợp {coop})")
    return 0


def cmd_overdue(index: Index, args: argparse.Namespace) -> int:
    as_of = _as_of(args.as_of)
    for task in register.deadlines(index, as_of, args.days):
        print(f"{register.STATUS_LABELS[task.status]:12} {task.deadline_date}  {', '.join(task.agencies) or '-'}: "
              f"{task.text[:140]}  [{task.record_id}]")
    return 0


def cmd_done(index: Index, args: argparse.Namespace) -> int:
    if args.undo:
        register.unmark_done(index, args.record_id)
        print(f"đã bỏ đánh dấu {args.record_id}")
        return 0
    if not register.mark_done(index, args.record_id, _as_of(args.on), args.note):
        print(f"lỗi: không có nhiệm vụ mã {args.record_id}", file=sys.stderr)
        return 1
    print(f"đã đánh dấu hoàn thành {args.record_id}")
    return 0


def cmd_report(index: Index, args: argparse.Namespace) -> int:
    as_of = _as_of(args.as_of)
    if args.week:
        monday, sunday = register.week_of(as_of)
        tasks = register.overdue_this_week(index, as_of, args.agency)
        title = f"Nhiệm vụ quá hạn và đến hạn trong tuần {monday:%d/%m} – {sunday:%d/%m/%Y}"
        document = register.report_html(tasks, args.agency, as_of=as_of, title=title)
    else:
        tasks = (register.agency_tasks(index, args.agency, args.since, args.until, as_of) if args.agency
                 else register.all_tasks(index, as_of))
        document = register.report_html(tasks, args.agency, args.since, args.until, as_of)
    with open(args.html, "w", encoding="utf-8") as handle:
        handle.write(document)
    print(f"đã ghi báo cáo {len(tasks)} nhiệm vụ vào {args.html} (mở bằng trình duyệt để in, khổ A4)")
    return 0


def cmd_alias(index: Index, args: argparse.Namespace) -> int:
    if args.undo:
        if not corrections.remove_alias(index.store, args.alias):
            print(f"lỗi: {args.alias!r} không phải tên đã gộp", file=sys.stderr)
            return 1
        print(f"đã tách {args.alias!r}")
        return 0
    try:
        corrections.add_alias(index.store, args.alias, args.canonical or "")
    except ValueError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 1
    print(f"đã gộp {args.alias!r} vào {args.canonical!r}")
    return 0


def cmd_recurring(index: Index, args: argparse.Namespace) -> int:
    groups = recurring_module.recurring(index, args.min_meetings, args.since, args.until)
    if args.json:
        print(json.dumps([asdict(g) for g in groups], ensure_ascii=False, indent=1))
    elif args.csv:
        rows = [["Nhóm", "Số cuộc họp", "Lần đầu", "Lần cuối", "Cơ quan", "Nội dung", "Loại", "Văn bản", "Ngày"]]
        for number, group in enumerate(groups, 1):
            for member in group.members:
                rows.append([str(number), str(group.meetings), group.first_seen or "", group.last_seen or "",
                             "; ".join(group.agencies), member.text, member.kind, member.source, member.meeting_date or ""])
        register.write_table(rows, args.csv)
        print(f"đã ghi {len(groups)} nhóm vào {args.csv}")
    else:
        for group in groups:
            print(f"[{group.meetings} cuộc họp, {group.first_seen} → {group.last_seen}] {group.label[:150]}")
            for member in group.members:
                print(f"    {member.meeting_date or member.month} {member.kind:9} {member.text[:110]} ({member.source})")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the commands on the index CLI."""
    agency = sub.add_parser("agency", help="nhiệm vụ của một cơ quan theo tháng")
    agency.add_argument("agency")
    agency.add_argument("--since")
    agency.add_argument("--until")
    agency.add_argument("--csv")
    agency.add_argument("--xlsx")
    agency.set_defaults(run=cmd_agency)
    sub.add_parser("agencies", help="danh sách cơ quan và số nhiệm vụ").set_defaults(run=cmd_agencies)
    overdue = sub.add_parser("overdue", help="nhiệm vụ quá hạn và sắp đến hạn")
    overdue.add_argument("--as-of")
    overdue.add_argument("--days", type=int, default=register.DUE_SOON_DAYS)
    overdue.set_defaults(run=cmd_overdue)
    done = sub.add_parser("done", help="đánh dấu nhiệm vụ đã hoàn thành")
    done.add_argument("record_id")
    done.add_argument("--note")
    done.add_argument("--on", help="ngày hoàn thành YYYY-MM-DD (mặc định hôm nay)")
    done.add_argument("--undo", action="store_true")
    done.set_defaults(run=cmd_done)
    report = sub.add_parser("report", help="báo cáo in được (HTML, khổ A4) theo cơ quan và kỳ")
    report.add_argument("--agency")
    report.add_argument("--since")
    report.add_argument("--until")
    report.add_argument("--as-of")
    report.add_argument("--week", action="store_true", help="chỉ nhiệm vụ quá hạn và đến hạn trong tuần này")
    report.add_argument("--html", required=True, help="tệp báo cáo cần ghi")
    report.set_defaults(run=cmd_report)
    alias = sub.add_parser("alias", help="gộp hai tên của một cơ quan")
    alias.add_argument("alias")
    alias.add_argument("canonical", nargs="?")
    alias.add_argument("--undo", action="store_true")
    alias.set_defaults(run=cmd_alias)
    rec = sub.add_parser("recurring", help="vấn đề lặp lại qua nhiều cuộc họp")
    rec.add_argument("--min-meetings", type=int, default=2)
    rec.add_argument("--since")
    rec.add_argument("--until")
    rec.add_argument("--json", action="store_true")
    rec.add_argument("--csv")
    rec.set_defaults(run=cmd_recurring)
