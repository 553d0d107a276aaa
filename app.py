"""chidao's web page: a Vietnamese Gradio app for the clerks who follow up meeting tasks.

    python app.py [--host 127.0.0.1] [--port 7860] [--index-dir data] [--corpus corpus]

The first run builds the index from corpus/ (with a progress bar); later runs reuse it. Set
CHIDAO_USER and CHIDAO_PASSWORD to require a login when the page is exposed beyond this machine."""
from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import gradio as gr  # noqa: E402

from extraction import settings  # noqa: E402
from extraction.readers import max_bytes  # noqa: E402
from index import Index  # noqa: E402
from webapp.common import CSS, i18n, translate_script  # noqa: E402
from webapp.service import Service  # noqa: E402
from webapp.ui import build_ui  # noqa: E402

ROOT = Path(__file__).resolve().parent
SANS = ["system-ui", "Segoe UI", "Arial", "DejaVu Sans", "sans-serif"]
THEME = gr.themes.Default(font=SANS, font_mono=SANS)  # a sans font in tables too: tone marks stay in place
__all__ = ["build_ui", "main", "open_index"]


def _progress(done: int, total: int, name: str) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    sys.stderr.write(f"\rĐang lập chỉ mục [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:40}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def open_index(directory: str | None, corpus: Path, build: bool) -> Index:
    """Open the index; on first run build it from the corpus folder."""
    index = Index(directory)
    if index.repair_note:
        print(f"Chỉ mục: {index.repair_note}", file=sys.stderr)
    if build and index.stats()["notices"] == 0 and corpus.is_dir():
        files = sorted(p for p in corpus.iterdir() if p.suffix.lower() in (".txt", ".pdf", ".docx"))
        print(f"Lần chạy đầu: lập chỉ mục {len(files)} văn bản từ {corpus} (chỉ làm một lần)...", file=sys.stderr)
        results = index.add_many(files, progress=_progress)
        for result in results:
            if result.status == "error":
                print(f"  lỗi: {result.message}", file=sys.stderr)
    index.search("khởi động", k=1)  # load the model and build the keyword index before the first clerk
    return index


def port_taken(host: str, port: int) -> bool:
    """Whether something already listens on host:port."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, open (or build) the index and serve the page."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default=os.environ.get("CHIDAO_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=None, help="cổng (mặc định 7860 hoặc CHIDAO_PORT)")
    parser.add_argument("--index-dir", default=None, help="thư mục chỉ mục (mặc định data/ hoặc CHIDAO_INDEX_DIR)")
    parser.add_argument("--corpus", default=str(ROOT / "corpus"), help="thư mục văn bản lập chỉ mục lần đầu")
    parser.add_argument("--no-build", action="store_true", help="không tự lập chỉ mục khi chỉ mục trống")
    args = parser.parse_args(argv)
    settings.stop_on_bad()
    if args.port is None:
        args.port = settings.number("CHIDAO_PORT")
    elif not settings.SETTINGS["CHIDAO_PORT"].accepts(float(args.port)):  # the range CHIDAO_PORT is checked against
        print(f"lỗi: cổng {args.port} không hợp lệ: cần {settings.SETTINGS['CHIDAO_PORT'].wanted()}", file=sys.stderr)
        raise SystemExit(2)
    if port_taken(args.host, args.port):
        print(f"lỗi: cổng {args.port} đang được dùng (có thể chidao đã chạy); chọn cổng khác: python app.py --port 7861",
              file=sys.stderr)
        raise SystemExit(2)
    index = open_index(args.index_dir, Path(args.corpus), not args.no_build)
    service = Service(index)
    user, password = os.environ.get("CHIDAO_USER"), os.environ.get("CHIDAO_PASSWORD")
    demo = build_ui(service)
    # CHIDAO_CONCURRENCY, by default twice the cores: more searches at once only fight for the cores
    # (bench.app_load, 20 clients on 2 cores: 4 at once p95 1.23 s, 8 at once 1.52 s)
    demo.queue(default_concurrency_limit=settings.number("CHIDAO_CONCURRENCY"))
    print(f"chidao đang phục vụ tại http://{args.host}:{args.port}", file=sys.stderr)
    try:
        demo.launch(server_name=args.host, server_port=args.port, auth=(user, password) if user and password else None,
                    max_file_size=max_bytes(), theme=THEME, css=CSS,
                    show_error=False, quiet=True, footer_links=[], i18n=i18n(), head=translate_script())
    except OSError as exc:  # the port was taken meanwhile: one line, no traceback
        print(f"lỗi: không mở được cổng {args.port} ({exc.strerror or exc}); chọn cổng khác bằng --port", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
