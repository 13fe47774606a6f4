"""Reading a store from the CLI loads no NLP: `sitrep --help` and the read-only commands start
fast because spaCy (about a second to import) is imported only by the commands that analyse text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, cwd=ROOT, check=True, timeout=120)
    return set(out.stdout.split())


def test_importing_the_cli_loads_no_spacy() -> None:
    assert "spacy" not in _modules_after("import sitrep.serve.cli")


@pytest.mark.parametrize("command", [["events"], ["entities"], ["statements"], ["--help"], ["sources"],
                                     ["events", "--as-of", "2024-03-05"]])
def test_read_only_commands_load_no_spacy(tmp_path, command: list[str]) -> None:
    db = tmp_path / "empty.db"
    code = ("import sitrep.serve.cli as cli\n"
            f"try:\n    cli.app({command + ['--db', str(db)] if command != ['--help'] else command!r}, standalone_mode=False)\n"
            "except SystemExit:\n    pass")
    assert "spacy" not in _modules_after(code)


@pytest.mark.parametrize("module", ["scipy", "alembic"])
def test_the_help_loads_neither_scipy_nor_alembic(module: str) -> None:
    # about 1 s and 0.7 s to import: only the eval scorers and opening a store need them
    code = "import sitrep.serve.cli as cli\ntry:\n    cli.app(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass"
    assert module not in _modules_after(code)


@pytest.mark.parametrize("command", [["events"], ["entities"], ["statements"], ["sources"]])
@pytest.mark.parametrize("module", ["numpy", "alembic"])
def test_read_only_commands_on_a_store_at_the_head_load_neither_numpy_nor_alembic(tmp_path, command: list[str],
                                                                                  module: str) -> None:
    # numpy comes with the eval scorers (0.2-0.3 s), alembic with migrating (0.25-0.7 s): a store
    # that records the newest schema is read without either
    from sitrep.store.db import Store

    db = tmp_path / "made.db"
    Store(db).close()
    code = ("import sitrep.serve.cli as cli\n"
            f"try:\n    cli.app({command + ['--db', str(db)]!r}, standalone_mode=False)\n"
            "except SystemExit:\n    pass")
    assert module not in _modules_after(code)
