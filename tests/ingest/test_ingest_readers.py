"""sitrep.ingest readers: every format, header parsing, overrides, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import time
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import SKIP_CODES, Skipped, iter_articles
from sitrep.records import Article, article_id_for


def read(*paths, **kwargs) -> list:
    return list(iter_articles([str(p) for p in paths], **kwargs))


def only_article(*paths, **kwargs) -> Article:
    records = read(*paths, **kwargs)
    assert len(records) == 1, records
    assert isinstance(records[0], Article), records[0]
    return records[0]


def only_skipped(*paths, **kwargs) -> Skipped:
    records = read(*paths, **kwargs)
    assert len(records) == 1, records
    assert isinstance(records[0], Skipped), records[0]
    assert records[0].code in SKIP_CODES
    return records[0]


# --- .txt ---------------------------------------------------------------------------------------


def test_txt_headers_fill_metadata_and_note_is_dropped(tmp_path, body):
    path = tmp_path / "a.txt"
    path.write_text(
        "Note: INVENTED EXAMPLE REPORT; not real news.\n"
        "Title: Bomb hits patrol\n"
        "Source: Example Wire\n"
        "URL: https://example.test/a\n"
        "Date: 5 December 2022\n"
        "\n" + body + "\n",
        encoding="utf-8",
    )
    article = only_article(path)
    assert article.title == "Bomb hits patrol"
    assert article.publication == "Example Wire"
    assert article.url == "https://example.test/a"
    assert article.published == "2022-12-05"
    assert article.published_source == "metadata"
    assert article.text == body
    assert "INVENTED" not in article.text and "Title:" not in article.text
    assert article.origin == str(path)
    assert article.language == "en"
    assert article.id == article_id_for(body)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2022-12-05", "2022-12-05"),
        ("December 5, 2022", "2022-12-05"),
        ("5 Dec 2022", "2022-12-05"),
        ("Mon, 05 Dec 2022 23:30:00 +0500", "2022-12-05"),
        ("2022-12-05T23:30:00-08:00", "2022-12-05"),
        ("Monday 5 December 2022", "2022-12-05"),
    ],
)
def test_txt_date_header_formats(tmp_path, body, value, expected):
    path = tmp_path / "a.txt"
    path.write_text(f"Published: {value}\n\n{body}", encoding="utf-8")
    assert only_article(path).published == expected


def test_txt_without_headers_first_line_is_title_and_whole_file_is_text(tmp_path, body):
    path = tmp_path / "a.txt"
    path.write_text("Bomb hits patrol in north\n\n" + body, encoding="utf-8")
    article = only_article(path)
    assert article.title == "Bomb hits patrol in north"
    assert article.text.startswith("Bomb hits patrol in north")
    assert article.text.endswith(body[-30:])
    assert article.published is None and article.published_source is None


def test_txt_junk_first_lines_are_not_the_title(tmp_path, body):
    path = tmp_path / "a.txt"
    path.write_text("\n\n*** *** ***\n----\nAdvertisement\nBomb hits patrol\n" + body, encoding="utf-8")
    article = only_article(path)
    assert article.title == "Bomb hits patrol"
    assert not article.text.startswith(("*", "-", "Advertisement"))


def test_txt_colon_in_first_line_is_not_mistaken_for_a_header(tmp_path, body):
    path = tmp_path / "a.txt"
    path.write_text("Police: bomb hits patrol\n\n" + body, encoding="utf-8")
    article = only_article(path)
    assert article.title == "Police: bomb hits patrol"
    assert article.text.startswith("Police: bomb hits patrol")


def test_date_from_text_near_the_top(tmp_path, body):
    path = tmp_path / "a.txt"
    path.write_text("Title: Bomb hits patrol\n\nDecember 5, 2022\n\n" + body, encoding="utf-8")
    article = only_article(path)
    assert article.published == "2022-12-05"
    assert article.published_source == "text"


def test_date_deep_in_the_text_is_not_the_publication_date(tmp_path, body):
    path = tmp_path / "a.txt"
    filler = "\n".join([body] * 3)
    path.write_text(f"Title: Bomb hits patrol\n\n{filler}\n5 December 2022\n", encoding="utf-8")
    assert only_article(path).published is None


@pytest.mark.parametrize("date_value", ["yesterday", "today", "Tuesday", "last week", "now"])
def test_never_defaults_to_today(tmp_path, body, date_value):
    path = tmp_path / "a.txt"
    path.write_text(f"Date: {date_value}\n\n{date_value}\n{body} It happened {date_value}.", encoding="utf-8")
    article = only_article(path)
    assert article.published is None
    assert article.published_source is None
    today = dt.date.today().isoformat()
    assert article.published != today


# --- HTML ---------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Bomb hits patrol | Example Courier</title>
<meta property="og:title" content="Bomb hits patrol">
<meta property="og:site_name" content="Example Courier">
<meta property="article:published_time" content="2022-12-05T10:00:00+05:00">
<link rel="canonical" href="https://courier.example/bomb-hits-patrol">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World news menu</a></nav>
<article><h1>Bomb hits patrol</h1>
<p>{body}</p>
<p>The provincial governor condemned the attack and ordered extra checkpoints on the road.</p>
</article>
<footer>Copyright Example Courier. All rights reserved.</footer>
</body></html>"""


def test_html_main_text_and_metadata(tmp_path, body):
    path = tmp_path / "a.html"
    path.write_text(HTML.format(body=body), encoding="utf-8")
    article = only_article(path)
    assert article.title == "Bomb hits patrol"
    assert article.publication == "Example Courier"
    assert article.url == "https://courier.example/bomb-hits-patrol"
    assert article.published == "2022-12-05"
    assert article.published_source == "metadata"
    assert article.text.startswith("Police in the northern city")
    assert "governor condemned" in article.text
    assert "Home" not in article.text and "Copyright" not in article.text


@pytest.mark.parametrize(
    "page",
    [
        '<html><head><title>Bomb</title></head><body><nav><a href="/">Home</a>',
        "<html><body><article><p>Police in the northern city said a roadside bo",
        "<htm",
    ],
)
def test_truncated_html_is_skipped(tmp_path, page):
    path = tmp_path / "broken.htm"
    path.write_text(page, encoding="utf-8")
    skipped = only_skipped(path)
    assert skipped.code == "html_no_text"
    assert skipped.item == str(path)
    assert str(path) in skipped.reason and "HTML" in skipped.reason


# --- JSON lines ---------------------------------------------------------------------------------


def test_jsonl_two_articles_with_field_variants(tmp_path, body):
    path = tmp_path / "a.jsonl"
    lines = [
        {"text": body, "title": "One", "url": "https://x.example/1", "published": "2022-12-05", "publication": "Wire A"},
        {"content": body + " A second paragraph.", "title": "Two", "dct": "6 Dec 2022", "source": {"name": "Wire B"}},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    first, second = read(path)
    assert (first.title, first.publication, first.published, first.origin) == ("One", "Wire A", "2022-12-05", f"{path}:1")
    assert (second.title, second.publication, second.published, second.origin) == ("Two", "Wire B", "2022-12-06", f"{path}:2")


def test_broken_json_line_is_skipped_and_the_batch_goes_on(tmp_path, body):
    path = tmp_path / "a.jsonl"
    good = json.dumps({"text": body, "title": "Good"})
    path.write_text(
        "\n".join([good, '{"text": "cut off', "", json.dumps({"title": "no text"}), "[1, 2]", good.replace("Good", "Also good")]),
        encoding="utf-8",
    )
    other = tmp_path / "b.txt"
    other.write_text(body, encoding="utf-8")
    records = read(path, other)
    kinds = [(type(r).__name__, getattr(r, "code", None), getattr(r, "item", None) or r.origin) for r in records]
    assert kinds == [
        ("Article", None, f"{path}:1"),
        ("Skipped", "bad_json", f"{path}:2"),
        ("Skipped", "no_text_field", f"{path}:4"),
        ("Skipped", "bad_json", f"{path}:5"),
        ("Article", None, f"{path}:6"),
        ("Article", None, str(other)),
    ]
    assert records[1].reason.startswith(f"{path}:2 is not valid JSON")


def test_json_array_file(tmp_path, body):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"text": body}, {"text": "short"}]), encoding="utf-8")
    article, skipped = read(path)
    assert article.origin == f"{path}[0]"
    assert (skipped.item, skipped.code) == (f"{path}[1]", "too_short")


# --- WARC ---------------------------------------------------------------------------------------


def _write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=path.name.endswith(".gz"))
        for uri, content_type, payload in pages:
            http_headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.0")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(payload.encode("utf-8")),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": "2024-06-01T12:00:00Z"},
            )
            writer.write_record(record)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses(tmp_path, body, name):
    path = tmp_path / name
    undated = f"<html><head><title>Undated page</title></head><body><article><p>{body}</p></article></body></html>"
    _write_warc(
        path,
        [
            ("https://courier.example/dated", "text/html; charset=utf-8", HTML.format(body=body)),
            ("https://courier.example/logo.png", "image/png", "PNG"),
            ("https://courier.example/undated", "text/html", undated),
        ],
    )
    dated, undated_article = read(path)
    assert dated.url == "https://courier.example/dated"  # the record URI, not the canonical link
    assert dated.published == "2022-12-05"
    assert undated_article.url == "https://courier.example/undated"
    # WARC-Date (2024-06-01) is when the page was crawled, not when it was published.
    assert undated_article.published is None
    assert dated.origin.startswith(f"{path}#")


def test_warc_garbage_is_skipped(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_text("this is not a warc file at all\n" * 5, encoding="utf-8")
    assert only_skipped(path).code in ("bad_warc", "warc_no_pages")


# --- RSS / Atom ---------------------------------------------------------------------------------


def test_rss_entries(tmp_path, body):
    path = tmp_path / "feed.rss"
    path.write_text(
        f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Wire feed</title><link>https://wire.example</link>
<item><title>Bomb hits patrol</title><link>https://wire.example/1</link>
<pubDate>Mon, 05 Dec 2022 23:30:00 +0500</pubDate>
<description>&lt;p&gt;{body}&lt;/p&gt;&lt;p&gt;Second paragraph of the report.&lt;/p&gt;</description></item>
<item><title>Teaser</title><link>https://wire.example/2</link><description>Read more.</description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    article, skipped = read(path)
    assert (article.title, article.url, article.publication) == ("Bomb hits patrol", "https://wire.example/1", "Example Wire feed")
    assert article.published == "2022-12-05"
    assert "<p>" not in article.text and "Second paragraph" in article.text
    assert article.origin == f"{path}#1"
    assert (skipped.item, skipped.code) == (f"{path}#2", "too_short")


def test_atom_entry(tmp_path, body):
    path = tmp_path / "feed.atom"
    path.write_text(
        f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title>
<entry><title>Bomb hits patrol</title><link href="https://atom.example/1"/>
<published>2022-12-05T08:00:00Z</published><content type="text">{body}</content></entry></feed>""",
        encoding="utf-8",
    )
    article = only_article(path)
    assert (article.url, article.published, article.text) == ("https://atom.example/1", "2022-12-05", body)


def test_xml_that_is_not_a_feed(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><config><value>1</value></config>", encoding="utf-8")
    assert only_skipped(path).code == "feed_no_entries"


# --- stdin, folders, overrides ------------------------------------------------------------------


def test_stdin(monkeypatch, body):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"Title: From stdin\n\n{body}".encode())))
    article = only_article("-")
    assert (article.title, article.origin) == ("From stdin", "<stdin>")


def test_folder_is_read_recursively_in_sorted_order(tmp_path, body):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Two\n" + body, encoding="utf-8")
    (tmp_path / "a.txt").write_text("One\n" + body, encoding="utf-8")
    (tmp_path / "b" / "1.txt").write_text("Three\n" + body, encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden\n" + body, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    records = read(tmp_path)
    assert [r.title for r in records if isinstance(r, Article)] == ["One", "Three", "Two"]
    assert [(r.item, r.code) for r in records if isinstance(r, Skipped)] == [(str(tmp_path / "notes.docx"), "unknown_format")]


def test_user_overrides_win(tmp_path, body):
    path = tmp_path / "a.txt"
    path.write_text(f"Source: Metadata Wire\nDate: 2022-12-05\n\n{body}", encoding="utf-8")
    article = only_article(path, published="2023-01-02", publication="User Wire")
    assert (article.published, article.published_source, article.publication) == ("2023-01-02", "user", "User Wire")


def test_bad_published_option_raises_at_once():
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        iter_articles(["-"], published="whenever")


# --- bad input ----------------------------------------------------------------------------------

GERMAN = (
    "Die Polizei in der nördlichen Stadt teilte am Abend mit, dass eine Bombe am Straßenrand ein "
    "Patrouillenfahrzeug getroffen habe. Zwei Beamte und ein Passant wurden verletzt. Ein örtlicher "
    "Kommandeur sagte, der Sprengsatz sei unter einem Schutthaufen versteckt gewesen."
)
SPANISH = (
    "La policía de la ciudad del norte informó que una bomba colocada al borde de la carretera "
    "alcanzó a un vehículo de patrulla, hiriendo a dos agentes y a un transeúnte. Un comandante "
    "local dijo que el artefacto estaba escondido bajo un montón de escombros."
)


@pytest.mark.parametrize(
    "name,data,code",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n\t \n", "empty"),
        ("headers_only.txt", b"Title: Nothing here\nDate: 2022-12-05\n\n", "empty"),
        ("nul.txt", b"Police said\x00\x00\x01\x02 a bomb", "binary"),
        ("controls.txt", bytes(range(1, 9)) * 200 + b"text", "binary"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin.txt", "Police said ".encode() + b"\x81\x8d\x90\x9d" * 40, "bad_encoding"),
        ("mojibake.txt", bytes(range(0xA0, 0xFF)) * 10, "bad_encoding"),
        ("short.txt", b"Bomb hits patrol.\n\nThree hurt.", "too_short"),
        ("digits.txt", b"12 34 56 78 90 " * 50, "too_short"),
        ("german.txt", GERMAN.encode("utf-8"), "not_english"),
        ("spanish.txt", SPANISH.encode("utf-8"), "not_english"),
        ("report.docx", b"PK\x03\x04", "unknown_format"),
        ("broken.jsonl", b'{"text": \n', "bad_json"),
    ],
)
def test_bad_input_is_skipped_with_a_reason(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    skipped = only_skipped(path)
    assert skipped.code == code
    assert skipped.reason.startswith(str(path))
    assert "\n" not in skipped.reason


def test_non_english_reason_names_the_language(tmp_path):
    path = tmp_path / "german.txt"
    path.write_text(GERMAN, encoding="utf-8")
    assert "'de'" in only_skipped(path).reason


def test_missing_path_is_skipped(tmp_path):
    assert only_skipped(tmp_path / "nope.txt").code == "not_found"


@pytest.mark.parametrize(
    "encoding,quote",
    [
        ("utf-8", '"'),
        ("utf-8-sig", '"'),  # with a byte-order mark
        ("utf-16", '"'),  # with a byte-order mark, full of NUL bytes, still text
        ("cp1252", "\u201c"),  # curly quotes: not UTF-8, but plainly English text
    ],
)
def test_encodings_that_fit_are_read(tmp_path, body, encoding, quote):
    path = tmp_path / "a.txt"
    path.write_bytes(f"Title: {encoding}\n\n{quote}{body}{quote} officials said.".encode(encoding))
    article = only_article(path)
    assert article.title == encoding
    assert article.text.startswith(quote + "Police in the northern city")
    assert "\ufeff" not in article.text


def test_file_over_max_bytes_is_skipped_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # 50 MB, sparse where the file system allows: nothing is read
        f.truncate(50_000_000)
    start = time.perf_counter()
    skipped = only_skipped(path)
    assert time.perf_counter() - start < 2
    assert skipped.code == "too_big"
    assert "50 MB" in skipped.reason and "20 MB" in skipped.reason


@pytest.mark.parametrize("name", ["huge.html", "huge.xml", "huge.json"])
def test_other_one_report_formats_check_size_first(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"[" + b" " * 2000)
    assert only_skipped(path, max_bytes=1000).code == "too_big"


def test_over_long_json_line_is_skipped_and_the_rest_read(tmp_path, body):
    path = tmp_path / "a.jsonl"
    long_line = json.dumps({"text": body * 20})
    path.write_text(long_line + "\n" + json.dumps({"text": body}) + "\n", encoding="utf-8")
    skipped, article = read(path, max_bytes=len(long_line) // 2)
    assert (skipped.item, skipped.code) == (f"{path}:1", "too_big")
    assert article.origin == f"{path}:2"


# --- ids ----------------------------------------------------------------------------------------


def test_ids_are_stable_across_reads_and_formats(tmp_path, body):
    txt = tmp_path / "a.txt"
    txt.write_text(f"Title: T\nSource: S\n\n{body}\n", encoding="utf-8")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps({"text": "  " + body.replace(". ", ".  \n"), "title": "Other"}) + "\n", encoding="utf-8")
    first = only_article(txt)
    again = only_article(txt)
    from_json = only_article(jsonl)
    assert first.id == again.id == article_id_for(body)
    assert from_json.id == first.id  # whitespace differences do not change the id
    other = tmp_path / "b.txt"
    other.write_text(body.replace("two officers", "three officers"), encoding="utf-8")
    assert only_article(other).id != first.id
