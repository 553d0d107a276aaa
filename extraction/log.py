"""The log: a rotating file chidao.log in the index folder (or, without one, the user's state
folder), with the traceback of every error a clerk or an operator was shown as one line
(CHIDAO_LOG_MB megabytes per file, 3 old files kept). It lives in extraction so that `python -m
extraction`, which has no index, logs the same way without loading the index."""
from __future__ import annotations

import logging
import os
import tempfile
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


def fallback_dir() -> Path:
    """Where the log goes when there is no index folder to write it in: the user's state folder
    ($XDG_STATE_HOME/chidao, else ~/.local/state/chidao), else the temporary folder."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "chidao"


def setup_somewhere(directory: str | Path) -> Path | None:
    """The log in DIRECTORY when it is a writable folder, else in fallback_dir(), else in the
    temporary folder; the file it goes to, or None when none can be written."""
    candidates = [Path(directory)] if Path(directory).is_dir() and os.access(directory, os.W_OK) else []
    for folder in [*candidates, fallback_dir(), Path(tempfile.gettempdir())]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        path = setup(folder)
        if path:
            return path
    return None


def error(message: str) -> None:
    """Log an error with the traceback of the exception being handled."""
    LOGGER.error(message, exc_info=True)


def one_line(exc: BaseException) -> str:
    """What to show for an error: the first line of its message, else its type's name."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
