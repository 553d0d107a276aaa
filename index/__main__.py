"""python -m index COMMAND: build, add, remove, search, stats (and the register commands).

The index lives in data/ at the project root, or wherever CHIDAO_INDEX_DIR points."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from index.core import ROOT, Index, ModelMismatch

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
    print(f"đã thêm {added} thông báo, {duplicate} trùng (bỏ qua), {failed} lỗi")
    return 1 if results and failed == len(results) else 0


def cmd_build(index: Index, args: argparse.Namespace) -> int:
    files = _files(args.paths or [str(ROOT / "corpus")])
    return _report(index.add_many(files, progress=_progress_bar(len(files))))


def cmd_add(index: Index, args: argparse.Namespace) -> int:
    files = _files(args.files)
    return _report(index.add_many(files, progress=_progress_bar(len(files)) if len(files) > 3 else None))


def cmd_remove(index: Index, args: argparse.Namespace) -> int:
    removed = index.remove(args.notice_id)
    if not removed and not index.store.has_notice(args.notice_id):
        print(f"{ERROR}: không có thông báo {args.notice_id} trong chỉ mục", file=sys.stderr)
        return 1
    print(f"đã xóa thông báo {args.notice_id} ({removed} bản ghi)")
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
    build.add_argument("--rebuild", action="store_true", help="xóa chỉ mục cũ rồi lập lại")
    build.set_defaults(run=cmd_build)
    add = sub.add_parser("add", help="thêm tệp thông báo")
    add.add_argument("files", nargs="+")
    add.set_defaults(run=cmd_add)
    remove = sub.add_parser("remove", help="xóa một thông báo")
    remove.add_argument("notice_id")
    remove.set_defaults(run=cmd_remove)
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
    directory = Path(args.dir) if args.dir else None
    try:
        if getattr(args, "rebuild", False):
            from index.core import default_dir
            import shutil

            shutil.rmtree(directory or default_dir(), ignore_errors=True)
        index = Index(directory)
        return args.run(index, args)
    except ModelMismatch as exc:
        print(f"{ERROR}: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"{ERROR}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
