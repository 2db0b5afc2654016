"""One logging setup for the whole process."""

from __future__ import annotations

import logging
import sys


class _RedactToken(logging.Filter):
    """Belt and braces: a token never reaches a log line, whatever logged it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self._token and self._token in record.getMessage():
            record.msg = record.getMessage().replace(self._token, "[token]")
            record.args = None
        return True


def setup_logging(level: int, token: str = "") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s"))
    handler.addFilter(_RedactToken(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    for name in ("bot", "cogs"):
        logging.getLogger(name).setLevel(level)
    # At DEBUG discord.py logs request bodies, and those hold what members wrote.
    logging.getLogger("discord").setLevel(max(level, logging.INFO))
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))
    # At DEBUG aiosqlite logs every statement with its parameters: notes included.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)
