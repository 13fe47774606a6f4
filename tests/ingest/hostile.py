"""Hostile and broken input for the readers, as Hypothesis strategies, and the property every
reader must keep on it. Shared by tests/ingest/test_hostile_input.py and benchmarks/fuzz_readers.py.

Each generated case is a report in one format (txt, HTML, JSON lines, RSS/Atom, WARC, WARC.gz,
stdin), valid or not, then damaged: truncated, bytes flipped or inserted, re-encoded, given an
enormous line, nested thousands deep, NUL bytes and lone surrogates, random bytes outright, and for
WARC gzip bombs (a page that inflates past the size limit, a record declaring more than the record
limit). The property (`check`): no exception; every record an Article or a Skipped; a Skipped
names its item in a one-line reason with a known code; an Article holds only storable text; and
a good report read after the bad one still comes out (the batch goes on).
"""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from sitrep.ingest import SKIP_CODES, Skipped, iter_articles
from sitrep.records import Article

FORMATS = ("txt", "html", "jsonl", "feed", "warc", "warc.gz", "stdin")
EXTENSION = {"txt": ".txt", "html": ".html", "jsonl": ".jsonl", "feed": ".xml", "warc": ".warc",
             "warc.gz": ".warc.gz", "stdin": ""}
# Small limits, so that the too-big paths are reached without writing megabytes per case.
MAX_BYTES = 60_000
MAX_RECORD_BYTES = 200_000
# Deep enough to break a recursive parser (Python's limit is 1,000 frames), shallow enough to
# keep a case under a second.
MAX_DEPTH = 5_000

BODY = (
    "Police in the northern city said a roadside bomb struck a patrol vehicle on the main road "
    "late in the evening, wounding two officers and a passer-by. A local commander said the "
    "device had been hidden under a pile of rubble and was set off by remote control as the "
    "vehicle passed. No group has said it carried out the attack, officials said."
)
GOOD = "Title: A good report after the bad one\nDate: 2022-12-02\n\n" + BODY.replace("bomb", "grenade") + "\n"

words = st.sampled_from(["bomb", "police", "said", "the", "Kirkuk", "é", "—", "“quoted”", "اعتداء", "炸弹", "\t", "&amp;", "<", ">"])
sentences = st.lists(words, min_size=0, max_size=60).map(" ".join)


@st.composite
def _document(draw, fmt: str) -> bytes:
    """A well-formed report in `fmt` (its text drawn), before any damage."""
    title = draw(sentences)
    body = BODY + " " + draw(sentences)
    if fmt in ("txt", "stdin") and draw(st.booleans()):
        return f"Title: {title}\nSource: Wire\nDate: {draw(st.sampled_from(['5 December 2022', '2022-13-45', 'yesterday', '']))}\n\n{body}\n".encode()
    if fmt == "txt" or fmt == "stdin" and draw(st.booleans()):
        return f"{title}\n\n{body}\n".encode()
    if fmt == "html" or fmt == "stdin":
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
                f"<article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>").encode()
    if fmt == "jsonl":
        objs = [{"title": title, "text": body, "date": "2022-12-05"}, {"content": f"<p>{body}</p>", "source": {"name": title}}]
        return "".join(json.dumps(o, ensure_ascii=draw(st.booleans())) + "\n" for o in objs).encode()
    if fmt == "feed":
        items = "".join(f"<item><title>{title}</title><link>https://x.test/{i}</link><description><![CDATA[<p>{body}</p>]]></description>"
                        f"<pubDate>Mon, 05 Dec 2022 10:00:00 GMT</pubDate></item>" for i in range(2))
        return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Wire</title>{items}</channel></rss>".encode()
    page = f"<html><body><article><p>{body}</p><p>{body}</p></article></body></html>".encode()
    return warc([page, page], gz=fmt == "warc.gz")


def warc(pages: list[bytes], *, gz: bool, encoding: str | None = None) -> bytes:
    """A WARC file of HTML response records (warcio's writer), optionally with an HTTP
    Content-Encoding for every page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for number, page in enumerate(pages):
        headers = [("Content-Type", "text/html; charset=utf-8")] + ([("Content-Encoding", encoding)] if encoding else [])
        # fixed date and id: Hypothesis needs the same draws to give the same bytes
        fixed = {"WARC-Date": "2022-12-05T10:00:00Z", "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{number:012d}>"}
        record = writer.create_warc_record(f"https://x.test/{number}", "response", payload=io.BytesIO(page),
                                           warc_headers_dict=fixed,
                                           http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"))
        writer.write_record(record)
    return out.getvalue()


def _nest(fmt: str, data: bytes, depth: int) -> bytes:
    if fmt == "jsonl":
        return data.rstrip(b"\n")[:-1] + b', "x": ' + b'{"a": [' * depth + b"1" + b"]}" * depth + b"}\n"
    if fmt == "feed":
        return data.replace(b"<description>", b"<description>" + b"<div>" * depth)
    return data.replace(b"<p>", b"<div><span>" * depth + b"<p>", 1)


@st.composite
def _damaged(draw, fmt: str, data: bytes) -> tuple[str, bytes]:
    how = draw(st.sampled_from(["none", "truncate", "flip", "insert", "reencode", "huge_line", "nest", "nul", "random", "bomb"]))
    if how == "truncate" and data:
        return how, data[: draw(st.integers(0, len(data) - 1))]
    if how == "flip" and data:
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 20))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return how, bytes(data)
    if how == "insert":
        at = draw(st.integers(0, len(data)))
        return how, data[:at] + draw(st.binary(min_size=1, max_size=300)) + data[at:]
    if how == "reencode":
        codec = draw(st.sampled_from(["utf-16", "utf-16-be", "latin-1", "cp1252", "shift_jis", "utf-32", "koi8-r"]))
        return how, data.decode("utf-8", errors="replace").encode(codec, errors="replace")
    if how == "huge_line":
        at = draw(st.integers(0, len(data)))
        size = draw(st.sampled_from([MAX_BYTES // 2, MAX_BYTES + 1, 3 * MAX_BYTES]))
        return how, data[:at] + draw(st.sampled_from([b"A", b"\xe2\x80\x94", b"<", b"{"])) * size + data[at:]
    if how == "nest":
        return how, _nest(fmt, data, draw(st.integers(100, MAX_DEPTH)))
    if how == "nul":
        token = b"\\u0000\\ud800\\udfff" if fmt == "jsonl" else draw(st.sampled_from([b"\x00", b"\xed\xa0\x80", b"\x00" * 100]))
        at = data.find(b"roadside")
        return how, data[:at] + token + data[at:] if at >= 0 else token + data
    if how == "random":
        return how, draw(st.binary(max_size=2000))
    if how == "bomb" and fmt.startswith("warc"):
        page = b"<html><body><p>" + BODY.encode() * 2 + b"</p>" + b" " * (MAX_BYTES * 50) + b"</body></html>"
        if draw(st.booleans()):
            return how, warc([gzip.compress(page, 9, mtime=0), data and page[:500] + b"</p></body></html>"], gz=fmt == "warc.gz", encoding="gzip")
        return how, bomb() + data
    return "none", data


def bomb() -> bytes:
    """A .warc.gz record of a few hundred bytes that inflates past MAX_RECORD_BYTES."""
    return warc([b"<html><body>" + b" " * (MAX_RECORD_BYTES + 1) + b"</body></html>"], gz=True)


@st.composite
def hostile_inputs(draw, formats: tuple[str, ...] = FORMATS) -> tuple[str, str, bytes]:
    """(format, damage, bytes) cases."""
    fmt = draw(st.sampled_from(formats))
    how, data = draw(_damaged(fmt, draw(_document(fmt))))
    return fmt, how, data


@dataclass
class Outcome:
    articles: int
    skipped: Counter


def check(fmt: str, data: bytes, folder: Path) -> Outcome:
    """Read `data` as `fmt` followed by a good report, and assert the readers' property."""
    good = folder / "zz_good.txt"
    good.write_text(GOOD, encoding="utf-8")
    if fmt == "stdin":
        item, paths, stdin = "<stdin>", ["-", good], io.BytesIO(data)
    else:
        path = folder / f"case{EXTENSION[fmt]}"
        path.write_bytes(data)
        item, paths, stdin = str(path), [path, good], None
    records = list(iter_articles(paths, max_bytes=MAX_BYTES, max_record_bytes=MAX_RECORD_BYTES, stdin=stdin))
    assert records, "no record at all"
    *bad, last = records
    assert isinstance(last, Article) and last.origin == str(good), f"the batch did not go on: {last!r}"
    outcome = Outcome(articles=0, skipped=Counter())
    for record in bad:
        if isinstance(record, Skipped):
            assert record.code in SKIP_CODES, record
            assert record.item.startswith(item) and record.reason.startswith(record.item), record
            assert "\n" not in record.reason and "\r" not in record.reason and len(record.reason) < 400, record
            outcome.skipped[record.code] += 1
            continue
        assert isinstance(record, Article), record
        assert record.origin.startswith(item), record
        for name in ("text", "title", "url", "publication"):
            value = getattr(record, name) or ""
            assert "\x00" not in value, (name, record.origin)
            value.encode("utf-8")  # raises on a lone surrogate, as the stores would
        assert record.text.strip(), record
        outcome.articles += 1
    return outcome
