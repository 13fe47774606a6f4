"""Property-based tests of every reader on hostile and broken input (see tests/ingest/hostile.py).

SITREP_FUZZ_EXAMPLES sets the cases per format (default 40, for CI);
benchmarks/fuzz_readers.py runs 100k cases and counts the outcomes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.ingest.hostile import FORMATS, bomb, check, hostile_inputs

EXAMPLES = int(os.environ.get("SITREP_FUZZ_EXAMPLES", "40"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_reader_crashes_on_hostile_input_and_the_batch_goes_on(fmt):
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(case=hostile_inputs((fmt,)))
    def prop(case):
        _, _, data = case
        with tempfile.TemporaryDirectory() as folder:
            check(fmt, data, Path(folder))

    prop()


def test_a_gzip_bomb_in_a_warc_record_is_skipped_without_inflating_it(tmp_path):
    data = bomb()
    assert len(data) < 2000
    outcome = check("warc.gz", data, tmp_path)
    assert outcome.skipped == {"too_big": 1} and outcome.articles == 0


def test_the_input_limits_are_documented_with_their_defaults():
    import typer

    from sitrep.ingest.readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORD_BYTES
    from sitrep.serve.cli import app

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    run = typer.main.get_command(app).commands["run"]
    helps = {option: param.help for param in run.params for option in getattr(param, "opts", [])}
    for option, name, default in (("--max-bytes", "max_bytes", DEFAULT_MAX_BYTES),
                                  ("--max-record-bytes", "max_record_bytes", DEFAULT_MAX_RECORD_BYTES)):
        assert f"| `{option}` / `{name}` | {default} |" in readme
        assert helps[option].endswith(f"Default {default}.")


def test_text_no_store_can_hold_is_cleaned_and_deep_json_is_a_bad_line(tmp_path):
    from tests.ingest.hostile import BODY

    from sitrep.ingest import iter_articles

    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "' + BODY + '\\u0000 and \\ud800.", "title": "x\\u0000y"}\n' + "[" * 100_000 + "\n", encoding="utf-8")
    article, deep = iter_articles([path])
    assert article.text.endswith(" and \ufffd.") and article.title == "xy"
    assert deep.code == "bad_json" and deep.reason == f"{path}:2 is not valid JSON (nested too deeply). Fix or remove that line."


def test_the_size_limit_is_a_setting_of_a_run(tmp_path):
    import sitrep
    from tests.ingest.hostile import GOOD

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    summary = sitrep.open(tmp_path / "s.db").run([tmp_path / "a.txt"], max_bytes=100)
    assert [s.code for s in summary.skipped] == ["too_big"] and summary.processed == 0


def test_a_feed_with_a_damaged_encoding_declaration_is_a_bad_encoding(tmp_path):
    # found by benchmarks/fuzz_readers.py: feedparser raised UnicodeDecodeError on it
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<?xml version='1.0' encoding='utf-\xf6'?><rss version='2.0'><channel><title>Wire</title>"
                     b"<item><title>x</title><description>some text</description></item></channel></rss>")
    outcome = check("feed", path.read_bytes(), tmp_path)
    assert outcome.skipped == {"bad_encoding": 1}
