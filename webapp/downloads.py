"""Download buttons that write their file only when the clerk clicks them: a plain button runs
the writer, hands the file to one hidden DownloadButton and clicks it in the browser. Nothing is
written per search or per refresh (20 clerks searching wrote 1,400 files a minute)."""
from __future__ import annotations

from collections.abc import Callable

import gradio as gr


def lazy_downloads(name: str, inputs: list, writers: dict[str, Callable[..., str]],
                   visible: bool = False) -> list[gr.Button]:
    """One button per label in writers (hidden until shown, unless visible); a click calls its
    writer with the inputs' values and downloads the path it returns. name: a page-unique id for
    the hidden target."""
    target = gr.DownloadButton("", elem_id=f"{name}-file", elem_classes=["offscreen"])
    click = f"() => {{ const el = document.querySelector('#{name}-file'); (el.querySelector('button') || el).click(); }}"
    buttons = []
    for label, write in writers.items():
        button = gr.Button(label, visible=visible)
        button.click(lambda *values, write=write: gr.update(value=write(*values)), inputs, [target]).success(None, js=click)
        buttons.append(button)
    return buttons
