"""`sitrep serve` as a newcomer meets it, and the README's usage block checked against the CLI."""

from __future__ import annotations

import re

import pytest

from tests.serve.helpers import ROOT, run_cli


def test_serve_without_the_extra_names_it(tmp_path):
    (tmp_path / "x.db").write_bytes(b"")
    result = run_cli("serve", "--db", str(tmp_path / "x.db"), code="import sys; sys.modules['fastapi'] = None")
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert 'pip install "sitrep[serve]"' in message and "fastapi" in message, result.stderr


def test_serve_on_a_missing_file_says_how_to_fill_one(tmp_path):
    result = run_cli("serve", "--db", str(tmp_path / "nothing.db"))
    assert result.returncode == 2
    assert "sitrep run" in " ".join(result.stderr.split())
    assert not (tmp_path / "nothing.db").exists()


def _usage_lines() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Using it", 1)[1].split("\n\n", 2)[1]
    return [line.strip() for line in block.splitlines() if line.strip().startswith("sitrep ")]


def test_the_usage_block_lists_every_command():
    listed = {line.split()[1] for line in _usage_lines()}
    result = run_cli("--help")
    shown = set(re.findall(r"^\W*([a-z][a-z-]+)\s{2,}", result.stdout, flags=re.M))
    assert listed >= shown - {"help"}, f"commands missing from the README's usage block: {shown - listed}"


@pytest.mark.parametrize("line", _usage_lines(), ids=lambda line: line.split()[1])
def test_each_usage_line_matches_the_commands_help(line):
    command = line.split()[1]
    result = run_cli(command, "--help")
    assert result.returncode == 0, result.stderr
    usage = line.split("#", 1)[0]
    for option in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", usage):
        assert option in result.stdout, f"README shows {option} for `sitrep {command}`, its --help does not"
    assert "Example: sitrep " + command in " ".join(result.stdout.split()) or command == "eval"


def test_a_missing_postgres_driver_names_the_extra_on_the_terminal():
    # the message is right in the library; rich used to read "[postgres]" as markup and drop it
    result = run_cli("events", "--db", "postgresql://nobody@127.0.0.1:1/none",
                  code="import sys; sys.modules['psycopg'] = None; sys.modules['psycopg2'] = None")
    assert result.returncode == 2
    assert 'pip install "sitrep[postgres]"' in " ".join(result.stderr.split()), result.stderr


@pytest.mark.parametrize("command, extra", [("run", "sitrep[dask]"), ("serve", "sitrep[serve]"), ("export", "sitrep[dataframe]")])
def test_the_help_names_the_extra_a_feature_needs(command, extra):
    # rich reads "[dask]" as markup and drops it unless the help text escapes it
    result = run_cli(command, "--help")
    assert extra in " ".join(result.stdout.split()), result.stdout
