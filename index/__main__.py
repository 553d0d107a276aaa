"""python -m index COMMAND: build, add, remove, restore, reembed, search, stats (and the register commands).

The index lives in data/ at the project root, or wherever CHIDAO_INDEX_DIR points. Errors are
one line; their tracebacks go to chidao.log in the index folder."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from extraction import log, settings
from index.core import ROOT, Index, ModelMismatch, default_dir

ERROR = "lỗi"


def _progress_bar(total: int):  # noqa: ANN202 - tqdm callback
    from tqdm import tqdm

    bar = tqdm(total=total, unit="tệp", desc="Đang lập chỉ mục", file=sys.stderr)

    def update(done: int, _total: int, name: str) -> None:
        bar.set_postfix_str(name[:30])
        bar.update(done - bar.n)
        if done == total:
            bar.close()
    return update


def _files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in (".txt", ".pdf", ".docx") and p.is_file())
        else:
            files.append(path)
    return files


def _report(results) -> int:  # noqa: ANN001 - list[AddResult]
    failed = 0
    for result in results:
        if result.status == "error":
            failed += 1
            print(f"{ERROR}: {result.message}", file=sys.stderr)
        for warning in result.warnings:
            print(f"cảnh báo: {warning}", file=sys.stderr)
    added = sum(r.status == "added" for r in results)
    duplicate = sum(r.status == "duplicate" for r in results)
    stale = sum(r.status == "stale" for r in results)
    print(f"đã thêm {added} thông báo, {duplicate} trùng (bỏ qua), " + (f"{stale} đã có bản cũ (bỏ qua), " if stale else "")
          + f"{failed} lỗi")
    if stale:
        print(f"lưu ý: {stale} tệp đã có trong chỉ mục với nội dung đọc khác (tệp đã sửa, hoặc do phiên bản trước trích "
              "xuất), không thêm lần hai; để đọc lại mà giữ các đánh dấu: python -m index build --rebuild", file=sys.stderr)
    return 1 if results and failed == len(results) else 0


def cmd_build(index: Index, args: argparse.Namespace) -> int:
    files = _files(args.paths or [str(ROOT / "corpus")])
    progress = _progress_bar(len(files)) if files else None
    if args.rebuild:
        results, moved = index.rebuild(files, progress=progress)
        print(f"đã lập lại chỉ mục; {moved} đánh dấu hoàn thành chuyển sang bản ghi mới")
        return _report(results)
    return _report(index.add_many(files, progress=progress, origin=None if args.paths else "corpus"))


def cmd_reembed(index: Index, args: argparse.Namespace) -> int:
    count = index.reembed()
    print(f"đã mã hóa lại {count} bản ghi bằng mô hình {index.model_name}")
    return 0


def cmd_add(index: Index, args: argparse.Namespace) -> int:
    files = _files(args.files)
    return _report(index.add_many(files, progress=_progress_bar(len(files)) if len(files) > 3 else None))


def cmd_remove(index: Index, args: argparse.Namespace) -> int:
    removed = index.remove(args.notice_id)
    if not removed and not index.store.has_notice(args.notice_id):
        print(f"{ERROR}: không có thông báo {args.notice_id} trong chỉ mục", file=sys.stderr)
        return 1
    print(f"đã xóa thông báo {args.notice_id} ({removed} bản ghi; khôi phục được bằng: restore {args.notice_id})")
    return 0


def cmd_restore(index: Index, args: argparse.Namespace) -> int:
    restored = index.restore(args.notice_id)
    if restored is None:
        which = f" {args.notice_id}" if args.notice_id else ""
        print(f"{ERROR}: không có thông báo đã xóa{which} để khôi phục", file=sys.stderr)
        return 1
    name, result = restored
    print(f"đã khôi phục thông báo {name} ({result.records} bản ghi)")
    return 0


def cmd_search(index: Index, args: argparse.Namespace) -> int:
    hits = index.search(args.query, k=args.k, mode=args.mode, agency=args.agency, field=args.field,
                        kind=args.kind, notice=args.notice, since=args.since, until=args.until)
    if args.json:
        print(json.dumps([asdict(hit) for hit in hits], ensure_ascii=False, indent=1))
        return 0
    for rank, hit in enumerate(hits, 1):
        agencies = ", ".join(hit.agencies) or "-"
        deadline = f" | hạn: {hit.deadline}" if hit.deadline else ""
        print(f"{rank:2}. [{hit.kind}] {agencies}: {hit.text[:200]}{deadline}\n"
              f"    {hit.source} | họp {hit.meeting_date or '?'} | điểm {hit.score:.4f}")
    if not hits:
        print("không tìm thấy kết quả")
    return 0


def cmd_stats(index: Index, args: argparse.Namespace) -> int:
    print(json.dumps(index.stats(), ensure_ascii=False, indent=1))
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    main = argparse.ArgumentParser(prog="python -m index", description=__doc__)
    main.add_argument("--dir", help="thư mục chỉ mục (mặc định data/ hoặc CHIDAO_INDEX_DIR)")
    sub = main.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="lập chỉ mục từ các thư mục/tệp (mặc định corpus/)")
    build.add_argument("paths", nargs="*")
    build.add_argument("--rebuild", action="store_true",
                       help="trích xuất và mã hóa lại mọi thông báo (giữ đánh dấu và thông báo đã thêm)")
    build.set_defaults(run=cmd_build)
    reembed = sub.add_parser("reembed", help="mã hóa lại mọi bản ghi bằng mô hình hiện tại (không trích xuất lại)")
    reembed.set_defaults(run=cmd_reembed)
    add = sub.add_parser("add", help="thêm tệp thông báo")
    add.add_argument("files", nargs="+")
    add.set_defaults(run=cmd_add)
    remove = sub.add_parser("remove", help="xóa một thông báo")
    remove.add_argument("notice_id")
    remove.set_defaults(run=cmd_remove)
    restore = sub.add_parser("restore", help="khôi phục một thông báo đã xóa (mặc định: thông báo xóa gần nhất)")
    restore.add_argument("notice_id", nargs="?")
    restore.set_defaults(run=cmd_restore)
    search = sub.add_parser("search", help="tìm kiếm")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=10)
    search.add_argument("--agency")
    search.add_argument("--field")
    search.add_argument("--kind", choices=["directive", "issue", "assessment"])
    search.add_argument("--notice")
    search.add_argument("--since", help="YYYY-MM")
    search.add_argument("--until", help="YYYY-MM")
    search.add_argument("--mode", choices=["hybrid", "dense", "keyword"], default="hybrid")
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=cmd_search)
    stats = sub.add_parser("stats", help="thống kê chỉ mục")
    stats.set_defaults(run=cmd_stats)
    from index import register_cli

    register_cli.add_commands(sub)
    return main


def main(argv: list[str] | None = None) -> int:
    """Run a command; returns the exit code. Errors are one line, never a traceback."""
    args = parser().parse_args(argv)
    settings.stop_on_bad()
    directory = Path(args.dir) if args.dir else None
    try:
        changing_model = args.command == "reembed" or getattr(args, "rebuild", False)
        index = Index(directory, check_model=not changing_model)
        return args.run(index, args)
    except KeyboardInterrupt:
        print(f"{ERROR}: đã dừng", file=sys.stderr)
        return 130
    except Exception as exc:  # one line for the user, the traceback in the log
        written = log.setup_somewhere(directory or default_dir())  # the index may have failed before opening its log
        log.error(f"python -m index {' '.join(argv if argv is not None else sys.argv[1:])}")
        message = log.one_line(exc)
        if not isinstance(exc, (ModelMismatch, OSError, ValueError)):
            message = f"{message[:300]} ({type(exc).__name__}; chi tiết trong {written or log.LOG_NAME})"
        print(f"{ERROR}: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
