"""Shared by the serve tests (conftest.py builds the store; this holds what test modules import)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

import sitrep
from sitrep.analyze.nlp import model_path

EXAMPLES = Path(sitrep.__file__).resolve().parent / "examples"
HAS_MODEL = (model_path() / "config.cfg").is_file()
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="NLP model not built: run `make model`")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
