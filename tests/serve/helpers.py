"""Shared by the serve tests (conftest.py builds the store; this holds what test modules import)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import sitrep
from sitrep.analyze.nlp import model_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = Path(sitrep.__file__).resolve().parent / "examples"
HAS_MODEL = (model_path() / "config.cfg").is_file()
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="NLP model not built: run `make model`")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_cli(*args: str, code: str = "") -> subprocess.CompletedProcess:
    """`sitrep ARGS` in a fresh interpreter at 200 columns, without colour. `code` runs first in the
    same interpreter, e.g. to make an extra's package unimportable (`sys.modules['fastapi'] = None`)."""
    script = code + "\nimport sys\nfrom sitrep.serve.cli import main\nsys.argv = ['sitrep', *sys.argv[1:]]\nmain()"
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=os.environ | {"COLUMNS": "200", "NO_COLOR": "1"})
