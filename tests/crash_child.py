"""Ingest numbered notices into an index until killed (driven by tests/test_crash.py).

    python -m tests.crash_child INDEX_DIR COUNT
    python -m tests.crash_child INDEX_DIR COUNT reembed   # add COUNT notices, then re-embed until killed"""
from __future__ import annotations

import sys

from extraction import extract_text
from index import Index
from tests import samples


def notice_text(number: int) -> str:
    """A small notice whose content is unique to its number."""
    return samples.monthly(1 + number % 12, f"""II. Nhiệm vụ
- Phòng Kinh tế: Rà soát hồ sơ dự án mã số DA{number:04d} trước ngày 30/6/2025. Báo cáo kết quả kiểm kê kho DA{number:04d}.
- Ban Quản lý dự án: Đẩy nhanh tiến độ công trình số {number} trên địa bàn.
Tình trạng chậm bàn giao mặt bằng công trình số {number} vẫn còn kéo dài.""")


def main() -> None:
    directory, count = sys.argv[1], int(sys.argv[2])
    index = Index(directory)
    index.encoder  # load the model before saying ready
    reembed = sys.argv[3:] == ["reembed"]
    if reembed:
        index.add_notices([extract_text(notice_text(number), f"so-{number}.txt") for number in range(count)])
    print("ready", flush=True)
    if reembed:
        while True:
            print(f"reembedded {index.reembed()}", flush=True)
    for number in range(count):
        result = index.add_notice(extract_text(notice_text(number), f"so-{number}.txt"))
        print(f"added {number} {result.status}", flush=True)


if __name__ == "__main__":
    main()
