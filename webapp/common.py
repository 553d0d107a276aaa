"""What the tabs share: the neutral first choices, choice lists, accent-insensitive agency
filtering, the clicked row of a table, the page's CSS and Gradio's own strings in Vietnamese."""
from __future__ import annotations

import gradio as gr

from index.corrections import fold

ALL = ("Tất cả", "")
NONE_CHOSEN = ("— chọn cơ quan —", "")  # Gradio pre-selects the first choice: keep it neutral

CSS = """
.context mark { background: #ffe58f; padding: 0 2px; }
.context { white-space: pre-wrap; line-height: 1.5; border-left: 3px solid #d0d7de; padding-left: 10px;
           max-height: 420px; overflow-y: auto; }
table.meta th { text-align: left; padding-right: 12px; color: #57606a; }
.report-frame iframe { width: 100%; height: 520px; border: 1px solid #d0d7de; background: #fff; }
/* tables wrap words, never letters; narrow screens scroll the table instead */
.table-wrap th, .table-wrap td { word-break: normal !important; overflow-wrap: anywhere; }
.table-wrap th span { white-space: normal; word-break: keep-all; }
/* the hidden target of the download buttons (webapp/downloads.py): in the page, never seen */
.offscreen { position: absolute !important; left: -10000px !important; width: 1px; height: 1px; overflow: hidden; }
"""

# Gradio's own strings (upload box, progress, errors, table menu) for every browser language:
# the page is for Vietnamese clerks whatever their browser says.
GRADIO_VI = {
    "upload_text.drop_file": "Kéo thả tệp vào đây",
    "upload_text.click_to_upload": "Bấm để chọn tệp",
    "upload_text.or": "hoặc",
    "upload_text.drop_csv": "Kéo thả tệp CSV vào đây",
    "common.clear": "Xóa",
    "common.error": "Lỗi",
    "common.close": "Đóng",
    "common.download": "Tải xuống",
    "common.upload": "Tải lên",
    "common.edit": "Sửa",
    "common.copy": "Sao chép",
    "common.submit": "Gửi",
    "common.share": "Chia sẻ",
    "common.built_with_gradio": "",
    "common.no_files": "Chưa có tệp",
    "common.loading": "Đang tải",
    "common.processing": "đang xử lý",
    "common.connection_can_break": "Kết nối có thể bị gián đoạn; giữ thẻ này mở.",
    "common.settings": "Cài đặt",
    "errors.connection_lost": "Mất kết nối với máy chủ. Đang thử kết nối lại…",
    "errors.file_too_large": "Tệp quá lớn (giới hạn {size})",
    "errors.server_error": "Lỗi máy chủ",
    "errors.use_via_api": "",
    "upload.file_too_large": "Tệp quá lớn",
    "dataframe.sort_ascending": "Sắp xếp tăng dần",
    "dataframe.sort_descending": "Sắp xếp giảm dần",
    "dataframe.clear_sort": "Bỏ sắp xếp",
    "dataframe.filter": "Lọc",
    "dataframe.clear_filter": "Bỏ lọc",
    "dataframe.search": "Tìm",
    "dataframe.sort_column": "Sắp xếp cột",
    "dataframe.copy": "Sao chép",
    "dataframe.fullscreen": "Toàn màn hình",
    "dataframe.exit_fullscreen": "Thoát toàn màn hình",
    "dataframe.add_row_above": "Thêm dòng phía trên",
    "dataframe.add_row_below": "Thêm dòng phía dưới",
    "dataframe.delete_row": "Xóa dòng",
    "dataframe.add_column_left": "Thêm cột bên trái",
    "dataframe.add_column_right": "Thêm cột bên phải",
    "dataframe.delete_column": "Xóa cột",
    "file.uploading": "Đang tải lên…",
    "dropdown.no_options": "Không có lựa chọn",
}


# Gradio applies its English strings after custom "en" ones and ships no Vietnamese, so its own
# texts (upload box, progress, table menu, toasts) are also replaced in the page as they appear.
GRADIO_TEXT_VI = [
    ("^Drop File Here$", "Kéo thả tệp vào đây"), ("^Click to Upload$", "Bấm để chọn tệp"), ("^- or -$", "- hoặc -"),
    ("^or$", "hoặc"), ("^Drop CSV Here$", "Kéo thả tệp CSV vào đây"),
    ("^processing$", "đang xử lý"), ("^processing \\|", "đang xử lý |"), ("^queue: ", "hàng đợi: "),
    ("^Loading\\.*$", "Đang tải…"), ("^Error$", "Lỗi"), ("^Uploading\\.*$", "Đang tải lên…"),
    ("^Connection to the server was lost\\. Attempting reconnection\\.\\.\\.$",
     "Mất kết nối với máy chủ. Đang thử kết nối lại…"),
    ("^File\\(s\\) exceed the maximum allowed size of ([^:]*):", "Tệp vượt quá dung lượng cho phép ($1):"),
    ("^Sort ascending$", "Sắp xếp tăng dần"), ("^Sort descending$", "Sắp xếp giảm dần"), ("^Clear sort$", "Bỏ sắp xếp"),
    ("^Filter$", "Lọc"), ("^Clear filter$", "Bỏ lọc"), ("^Sort column$", "Sắp xếp cột"), ("^Search$", "Tìm"),
    ("^No results$", "Không có kết quả"), ("^Copy$", "Sao chép"), ("^Fullscreen$", "Toàn màn hình"),
    ("^Download$", "Tải xuống"), ("^Clear$", "Xóa"), ("^Close$", "Đóng"), ("^Settings$", "Cài đặt"),
    ("^Value$", "Giá trị"), ("^Contains$", "Chứa"), ("^Equals$", "Bằng"), ("^Apply$", "Áp dụng"),
]


def translate_script() -> str:
    """A <script> for the page's head that puts GRADIO_TEXT_VI in place of Gradio's English
    texts (text nodes, titles, aria-labels, placeholders) whenever they appear."""
    import json

    pairs = json.dumps([[pattern, text] for pattern, text in GRADIO_TEXT_VI], ensure_ascii=False)
    return """<script>(() => {
  const rules = %s.map(([p, t]) => [new RegExp(p), t]);
  const tr = (v) => { if (!v) return v; const s = v.trim(); for (const [re, t] of rules) { if (re.test(s)) return v.replace(s, s.replace(re, t)); } return v; };
  const fix = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) { const v = tr(n.nodeValue); if (v !== n.nodeValue) n.nodeValue = v; }
    const els = root.querySelectorAll ? root.querySelectorAll('[title],[aria-label],[placeholder]') : [];
    for (const el of els) for (const a of ['title', 'aria-label', 'placeholder']) {
      const v = el.getAttribute(a); const t = tr(v); if (v && t !== v) el.setAttribute(a, t);
    }
  };
  const start = () => {
    document.documentElement.lang = 'vi';
    fix(document.body);
    new MutationObserver((ms) => { for (const m of ms) {
      if (m.type === 'characterData') { const v = tr(m.target.nodeValue); if (v !== m.target.nodeValue) m.target.nodeValue = v; }
      else for (const n of m.addedNodes) { if (n.nodeType === 3) { const v = tr(n.nodeValue); if (v !== n.nodeValue) n.nodeValue = v; } else if (n.nodeType === 1) fix(n); }
    } }).observe(document.body, {subtree: true, childList: true, characterData: true});
  };
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();</script>""" % pairs


def i18n() -> gr.I18n:
    """The Vietnamese strings for a Vietnamese and for an English browser alike."""
    return gr.I18n(**{locale: dict(GRADIO_VI) for locale in ("vi", "en", "en-US", "en-GB")})


def choices(values: list[str], first: tuple[str, str] = ALL) -> list[tuple[str, str]]:
    """A dropdown's choices with a neutral first one."""
    return [first, *[(v, v) for v in values]]


def matching(agency_choices: list[tuple[str, str]], typed: str, limit: int = 400) -> list[tuple[str, str]]:
    """The agency choices whose name contains what was typed, with or without tone marks."""
    wanted = fold(typed or "").strip()
    if not wanted:
        return agency_choices[:limit]
    return [c for c in agency_choices if wanted in fold(c[0])][:limit]


def selected_row(event: gr.SelectData) -> int:
    """The row of a table cell the clerk clicked."""
    return event.index[0] if isinstance(event.index, (list, tuple)) else event.index


def row_of(event: gr.SelectData | int | None) -> int | None:
    """selected_row, also accepting a plain row number (handler tests)."""
    if event is None:
        return None
    return event if isinstance(event, int) else selected_row(event)
