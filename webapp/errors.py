"""Every page handler's unexpected error: its traceback goes to the index folder's chidao.log and
the clerk sees one Vietnamese line (gr.Error), never a traceback."""
from __future__ import annotations

import functools
import inspect
from typing import Callable

import gradio as gr

from extraction import log

SHOWN = "Có lỗi khi xử lý yêu cầu ({kind}); chi tiết đã ghi vào nhật ký chidao.log. Xin thử lại."


def logged(handler: Callable) -> Callable:
    """The handler, its unexpected errors logged with their traceback and shown as one line."""
    @functools.wraps(handler)
    def run(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the handler's own arguments
        try:
            return handler(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:
            log.error(f"trang web: {getattr(handler, '__qualname__', handler)} lỗi")
            raise gr.Error(SHOWN.format(kind=type(exc).__name__)) from exc
    return run


def log_every_handler(demo: gr.Blocks) -> None:
    """Wrap each plain handler of the page (generators and coroutines stream or await, and are left as they are)."""
    for block_fn in demo.fns.values():
        fn = block_fn.fn
        if fn is not None and not (inspect.isgeneratorfunction(fn) or inspect.iscoroutinefunction(fn)
                                   or inspect.isasyncgenfunction(fn)):
            block_fn.fn = logged(fn)
