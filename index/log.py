"""The log: a rotating file chidao.log in the index folder, with the traceback of every error a
clerk or an operator was shown as one line (CHIDAO_LOG_MB megabytes per file, 3 old files kept)."""
from __future__ import annotations

import logging
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

from extraction import settings

LOGGER = logging.getLogger("chidao")
LOGGER.addHandler(logging.NullHandler())  # no folder to log to yet: nothing on stderr (logging's last resort would print the traceback)
LOG_NAME = "chidao.log"
_lock = threading.Lock()
_handlers: dict[Path, RotatingFileHandler] = {}


def setup(directory: str | Path) -> Path | None:
    """Send chidao's log to DIRECTORY/chidao.log (once per folder); None when it cannot be written."""
    path = (Path(directory) / LOG_NAME).resolve()
    with _lock:
        if path in _handlers:
            return path
        try:
            size = int(settings.number("CHIDAO_LOG_MB") * 1024 * 1024)
            handler = RotatingFileHandler(path, maxBytes=max(size, 4096), backupCount=3, encoding="utf-8")
        except OSError:
            return None
        handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
        LOGGER.addHandler(handler)
        LOGGER.setLevel(logging.INFO)
        _handlers[path] = handler
        return path


def error(message: str) -> None:
    """Log an error with the traceback of the exception being handled."""
    LOGGER.error(message, exc_info=True)


def one_line(exc: BaseException) -> str:
    """What to show for an error: the first line of its message, else its type's name."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
