"""Readers: files, folders and stdin in; `Article` or `Skipped` records out.

Every reader yields one record per report it finds. A bad item (file, line, record, entry)
becomes a `Skipped` with a one-line reason naming the item and what to do; the batch goes on.

Formats, by extension:

- ``.txt``: optional ``Key: value`` header lines (Title, Source, URL, Date, Note, ...), a blank
  line, then the text. Without headers the first line with letters is the title.
- ``.html`` / ``.htm``: main text and metadata by trafilatura.
- ``.jsonl`` / ``.ndjson`` / ``.json``: one JSON object per line (or one JSON array of objects).
- ``.warc`` / ``.warc.gz``: the HTML response records, by warcio and trafilatura.
- ``.xml`` / ``.rss`` / ``.atom``: RSS / Atom feed entries, by feedparser.
- ``-``: stdin; the format is sniffed from the first character.

Origins (``Article.origin`` / ``Skipped.item``): ``path`` for one-report files, ``path:LINE``
for JSON lines, ``path[INDEX]`` for JSON arrays, ``path#OFFSET`` for WARC records (the byte
offset ``warcio extract`` takes) and ``path#N`` for the N-th feed entry.
"""

from __future__ import annotations

import codecs
import html
import io
import json
import logging
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from .. import errors
from ..records import Article, article_id_for
from .dates import date_from_text, parse_date_value

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_RECORD_BYTES", "SKIP_CODES", "Skipped", "iter_articles"]

logger = logging.getLogger(__name__)

# Size limits (settings: `iter_articles` arguments, `sitrep run --max-bytes`; README "Input limits").
# A one-report file, a JSON line, or a WARC record's page (after HTTP decompression) over
# DEFAULT_MAX_BYTES is skipped as too big: a report is rarely over 1 MB of text.
DEFAULT_MAX_BYTES = 20_000_000
# A compressed WARC record (of any type) declaring a longer body stops the reading of its file:
# skipping a record means decompressing it to its end, so a gzip bomb (a few MB that inflate to
# many GB) would otherwise take minutes. Uncompressed WARC records are skipped by reading them,
# which costs no more than the file's size.
DEFAULT_MAX_RECORD_BYTES = 256_000_000
# A report needs at least this many letters; fewer is a caption, a stub or a paywall teaser.
MIN_LETTERS = 80
# Language is judged on the first LANG_SAMPLE_CHARS characters, and only with at least
# LANG_MIN_LETTERS letters: on less, py3langid's guesses are noise.
LANG_SAMPLE_CHARS = 2000
LANG_MIN_LETTERS = 100
# A text is refused as non-English only when py3langid is this sure. English reports dense with
# transliterated names ("Brig. Gen. Mohammed al-Rashidi of Ansar al-Wadi") get low, scattered
# scores; German or Spanish prose scores above 0.99. Set by hand on such pairs, not tuned.
LANG_MIN_CONFIDENCE = 0.9
# Binary sniffing: a NUL byte, or more than this share of control bytes (other than tab, newline,
# form feed, carriage return) in the first BINARY_SAMPLE_BYTES bytes. Text files have none.
BINARY_SAMPLE_BYTES = 65_536
BINARY_MAX_CONTROL_SHARE = 0.05
# cp1252 decodes almost any byte string; accept it only when the result looks like English text
# (curly quotes and dashes are non-ASCII, but few): at most this share of non-ASCII characters.
CP1252_MAX_NON_ASCII_SHARE = 0.10
TITLE_MAX_CHARS = 200

# Skipped.code values, one per kind of bad item.
SKIP_CODES = (
    "bad_encoding",
    "bad_json",
    "bad_warc",
    "binary",
    "empty",
    "feed_no_entries",
    "html_no_text",
    "no_text_field",
    "not_english",
    "not_found",
    "too_big",
    "too_short",
    "unknown_format",
    "unreadable",
    "warc_no_pages",
)

_TXT_EXTENSIONS = (".txt",)
_HTML_EXTENSIONS = (".html", ".htm")
_JSON_EXTENSIONS = (".jsonl", ".ndjson", ".json")
_WARC_EXTENSIONS = (".warc", ".warc.gz")
_FEED_EXTENSIONS = (".xml", ".rss", ".atom")

# .txt header keys, lower-cased, and the Article field each fills (None: recognised and dropped).
# "note" is dropped on purpose: sitrep's invented examples carry a "Note: INVENTED ..." line.
_HEADER_FIELDS: dict[str, str | None] = {
    "title": "title",
    "headline": "title",
    "source": "publication",
    "publication": "publication",
    "publisher": "publication",
    "outlet": "publication",
    "site": "publication",
    "url": "url",
    "link": "url",
    "date": "published",
    "published": "published",
    "publication date": "published",
    "author": None,
    "by": None,
    "byline": None,
    "section": None,
    "category": None,
    "tags": None,
    "keywords": None,
    "language": None,
    "lang": None,
    "id": None,
    "updated": None,
    "note": None,
}
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z _-]{0,30}):[ \t]*(.*)$")
# First lines that are page furniture, not a title.
_JUNK_LINE = re.compile(
    r"^(advertisement|skip to (main )?content|share( this)?( article| story)?|menu|sign in|subscribe|print)$",
    re.IGNORECASE,
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_FRAGMENT_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/blockquote)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_LOOKS_HTML = re.compile(r"^\s*<(?:!doctype|html|head|body|article|div|p)\b", re.IGNORECASE)
# Characters no store can hold: NUL (PostgreSQL refuses it in text) and lone UTF-16 surrogates
# (JSON's "\ud800" escapes; not encodable as UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class Skipped:
    """One input item that could not be read: which item, why (one line), and a stable code."""

    item: str
    reason: str
    code: str

    def to_dict(self) -> dict[str, str]:
        return {"item": self.item, "reason": self.reason, "code": self.code}


@dataclass(frozen=True)
class _Options:
    published: str | None
    publication: str | None
    max_bytes: int
    max_record_bytes: int
    stdin: IO[bytes] | None


Record = Article | Skipped


def iter_articles(
    paths: Sequence[str | Path],
    *,
    published: str | None = None,
    publication: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    stdin: IO[bytes] | None = None,
) -> Iterator[Record]:
    """Read reports from files, folders (recursive, sorted) and ``-`` (stdin).

    Yields an `Article` for every readable report and a `Skipped` for every bad item; never
    raises for a bad item. ``published`` (a date) and ``publication`` (an outlet name) override
    what the reports say. Raises `InputError` at once if ``published`` is not a date.
    ``max_bytes`` and ``max_record_bytes`` are the size limits above; ``stdin`` is the stream
    ``-`` reads (default: the process's standard input).
    """
    user_date = None
    if published is not None:
        user_date = parse_date_value(published)
        if user_date is None:
            raise errors.InputError(errors.BAD_DATE_OPTION, item=f"--published {published!r}")
    options = _Options(published=user_date, publication=publication, max_bytes=max_bytes,
                       max_record_bytes=max_record_bytes, stdin=stdin)
    return _iter_paths(paths, options)


def _iter_paths(paths: Sequence[str | Path], options: _Options) -> Iterator[Record]:
    for raw in paths:
        if str(raw) == "-":
            yield from _read_stdin(options)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in _walk(path):
                yield from _read_file(child, options)
        elif path.exists():
            yield from _read_file(path, options)
        else:
            yield _skip(str(path), errors.NOT_FOUND, "not_found")


def _walk(folder: Path) -> list[Path]:
    """Files under folder, sorted; hidden files and folders and README files are not reports."""
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts) or path.name.upper().startswith("README"):
            continue
        if path.is_file():
            found.append(path)
    return sorted(found)


def _read_file(path: Path, options: _Options) -> Iterator[Record]:
    item = str(path)
    name = path.name.lower()
    try:
        if name.endswith(_WARC_EXTENSIONS):
            yield from _read_warc(path, options)
        elif name.endswith(_JSON_EXTENSIONS):
            yield from _read_json(path, options)
        elif name.endswith(_TXT_EXTENSIONS + _HTML_EXTENSIONS + _FEED_EXTENSIONS):
            data = _read_small(path, options)
            if isinstance(data, Skipped):
                yield data
            elif name.endswith(_TXT_EXTENSIONS):
                yield _parse_txt(data, item, options)
            elif name.endswith(_HTML_EXTENSIONS):
                yield _parse_html(data, item, options, url=None)
            else:
                yield from _parse_feed(data, item, options)
        else:
            yield _skip(item, errors.UNKNOWN_FORMAT.format(ext=path.suffix or "(none)"), "unknown_format")
    except OSError as e:
        yield _skip(item, errors.UNREADABLE.format(detail=e.strerror or type(e).__name__), "unreadable")


def _read_stdin(options: _Options) -> Iterator[Record]:
    """Stdin holds one report; its format is sniffed: '<' HTML or feed, '{' JSON lines, else text."""
    item = "<stdin>"
    stream: IO[bytes] = options.stdin or getattr(sys.stdin, "buffer", None) or io.BytesIO(sys.stdin.read().encode("utf-8"))
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield _skip(item, _too_big(len(data), options.max_bytes), "too_big")
        return
    checked = _check_bytes(data, item)
    if isinstance(checked, Skipped):
        yield checked
        return
    head = data.lstrip()[:512].lower()
    if head.startswith(b"{"):
        yield from _parse_json_lines(io.BytesIO(data), item, options)
    elif head.startswith(b"<") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        yield from _parse_feed(data, item, options)
    elif head.startswith(b"<"):
        yield _parse_html(data, item, options, url=None)
    else:
        yield _parse_txt(data, item, options)


# --- bytes and text checks ------------------------------------------------------------------


def _read_small(path: Path, options: _Options) -> bytes | Skipped:
    """A one-report file's bytes, after checking its size on disk (never reading a huge file)."""
    item = str(path)
    size = path.stat().st_size
    if size > options.max_bytes:
        return _skip(item, _too_big(size, options.max_bytes), "too_big")
    data = path.read_bytes()
    return _check_bytes(data, item)


def _check_bytes(data: bytes, item: str) -> bytes | Skipped:
    if not data.strip():
        return _skip(item, errors.EMPTY, "empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data  # UTF-16 text is full of NUL bytes; _decode reads it by its BOM
    if _looks_binary(data):
        return _skip(item, errors.BINARY, "binary")
    return data


def _looks_binary(data: bytes) -> bool:
    sample = data[:BINARY_SAMPLE_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13) or byte == 127)
    return controls > BINARY_MAX_CONTROL_SHARE * len(sample)


def _decode(data: bytes, item: str, *, declared: str | None = None) -> str | Skipped:
    """Bytes to text.

    1. A declared charset (HTML meta, HTTP header), if Python knows it and it decodes.
    2. A UTF-16 byte-order mark.
    3. UTF-8, with or without a byte-order mark.
    4. cp1252, only if it decodes and the result looks like English text.
    """
    # 1. Declared charset.
    if declared:
        try:
            codecs.lookup(declared)
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            logger.debug("%s: declared charset %r does not fit; trying UTF-8", item, declared)
    # 2. UTF-16 by its BOM.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return _skip(item, errors.BAD_ENCODING, "bad_encoding")
    # 3. UTF-8; utf-8-sig drops a leading BOM if there is one.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # 4. cp1252 (Windows "ANSI"), common for older English text files.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return _skip(item, errors.BAD_ENCODING, "bad_encoding")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if non_ascii > CP1252_MAX_NON_ASCII_SHARE * max(len(text), 1):
        return _skip(item, errors.BAD_ENCODING, "bad_encoding")
    return text


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _finish(
    text: str,
    *,
    item: str,
    options: _Options,
    title: str | None = None,
    url: str | None = None,
    publication: str | None = None,
    published: Any = None,
) -> Record:
    """Checks every reader shares, then the Article.

    1. Empty or too little text: Skipped.
    2. Language, judged on enough letters only; confidently non-English: Skipped.
    3. Publication date: the user's, else metadata, else a date line near the top, else None.
    """
    # 1. Enough text to hold a report (and only characters a store can hold).
    text = _storable(text).strip()
    if not text:
        return _skip(item, errors.EMPTY, "empty")
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < MIN_LETTERS:
        return _skip(item, errors.TOO_SHORT.format(n=letters), "too_short")
    # 2. Language.
    language = None
    sample = text[:LANG_SAMPLE_CHARS]
    if sum(1 for ch in sample if ch.isalpha()) >= LANG_MIN_LETTERS:
        lang, confidence = _language_identifier().classify(sample)
        if lang != "en" and confidence >= LANG_MIN_CONFIDENCE:
            return _skip(item, errors.NOT_ENGLISH.format(lang=lang), "not_english")
        language = "en" if lang == "en" else None
    # 3. Publication date.
    published_source = None
    if options.published is not None:
        date, published_source = options.published, "user"
    else:
        date = parse_date_value(published) if published is not None else None
        if date is not None:
            published_source = "metadata"
        else:
            date = date_from_text(text)
            published_source = "text" if date is not None else None
    return Article(
        id=article_id_for(text),
        text=text,
        title=_clean(title),
        url=_clean(url),
        publication=options.publication or _clean(publication),
        published=date,
        published_source=published_source,
        language=language,
        origin=item,
    )


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(_storable(value).split())
    return value or None


def _storable(value: str) -> str:
    """`value` without NUL characters, its lone surrogates replaced by U+FFFD."""
    return _UNSTORABLE.sub(lambda m: "" if m.group(0) == "\x00" else "\ufffd", value)


def _skip(item: str, message: str, code: str) -> Skipped:
    return Skipped(item=item, reason=f"{item} {message}", code=code)


def _too_big(size: int, max_bytes: int) -> str:
    return errors.TOO_BIG.format(size_mb=size / 1e6, limit_mb=f"{max_bytes / 1e6:g}")


# --- .txt -------------------------------------------------------------------------------------


def _parse_txt(data: bytes, item: str, options: _Options) -> Record:
    """Header lines (``Title:``, ``Source:``, ``URL:``, ``Date:``, ``Note:``...) then the text.

    1. Headers: the recognised ``Key: value`` lines at the top, up to the first other line.
    2. Without headers: leading furniture (lines without letters, "Advertisement") is dropped,
       and the first remaining line is the title, if it is short enough to be one.
    """
    text = _decode(data, item)
    if isinstance(text, Skipped):
        return text
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    # 1. Header block.
    meta: dict[str, str] = {}
    n_headers = 0
    for line in lines:
        match = _HEADER_LINE.match(line.strip())
        if not match or match.group(1).strip().lower() not in _HEADER_FIELDS:
            break
        field = _HEADER_FIELDS[match.group(1).strip().lower()]
        if field is not None and match.group(2).strip():
            meta.setdefault(field, match.group(2).strip())
        n_headers += 1
    if n_headers:
        body = "\n".join(lines[n_headers:])
        return _finish(
            body,
            item=item,
            options=options,
            title=meta.get("title"),
            url=meta.get("url"),
            publication=meta.get("publication"),
            published=meta.get("published"),
        )
    # 2. No headers: skip furniture (unless nothing else is left), first line is the title.
    start = next((i for i, line in enumerate(lines) if not _is_junk(line)), 0)
    lines = lines[start:]
    first = lines[0].strip() if lines else ""
    title = first if first and len(first) <= TITLE_MAX_CHARS else None
    return _finish("\n".join(lines), item=item, options=options, title=title)


def _is_junk(line: str) -> bool:
    return not any(ch.isalpha() for ch in line) or bool(_JUNK_LINE.match(line.strip()))


# --- HTML -------------------------------------------------------------------------------------


def _parse_html(data: bytes, item: str, options: _Options, *, url: str | None, charset: str | None = None) -> Record:
    """Main text and metadata by trafilatura; no main text (truncated page, boilerplate): Skipped."""
    import trafilatura

    declared = charset
    if declared is None:
        match = _CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii") if match else None
    page = _decode(data, item, declared=declared)
    if isinstance(page, Skipped):
        return page
    # extensive_search=False: only dates the page's markup gives as its date. The extensive
    # search also reads dates out of the body, which are often the event's date, not the page's.
    doc = trafilatura.bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (doc.text or "") if doc is not None else ""
    if sum(1 for ch in text if ch.isalpha()) < MIN_LETTERS:
        return _skip(item, errors.HTML_NO_TEXT, "html_no_text")
    title = doc.title
    lines = text.splitlines()
    # trafilatura keeps the <h1> as the text's first line; the title is a field, not body text.
    if title and lines and lines[0].strip() == title.strip():
        text = "\n".join(lines[1:])
    return _finish(
        text,
        item=item,
        options=options,
        title=title,
        url=url or doc.url,
        publication=doc.sitename,
        published=doc.date,
    )


def _fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed summary, a JSON 'content' field), paragraphs kept."""
    if "<" not in fragment:
        return html.unescape(fragment)
    text = _TAG.sub("", _FRAGMENT_BREAK.sub("\n", fragment))
    return html.unescape(text)


# --- JSON lines ---------------------------------------------------------------------------------

_TEXT_KEYS = ("text", "content", "body", "maintext")
_TITLE_KEYS = ("title", "headline")
_URL_KEYS = ("url", "link")
_DATE_KEYS = ("published", "date", "dct", "date_publish", "publish_date", "pubdate")
_PUBLICATION_KEYS = ("publication", "source", "outlet", "sitename", "source_domain")


def _read_json(path: Path, options: _Options) -> Iterator[Record]:
    """JSON lines, line by line; a file whose first character is '[' is one JSON array."""
    item = str(path)
    with path.open("rb") as f:
        head = f.read(BINARY_SAMPLE_BYTES)
        checked = _check_bytes(head, item)
        # A blank first chunk may still be followed by lines; _parse_json_lines says if not.
        if isinstance(checked, Skipped) and checked.code != "empty":
            yield checked
            return
        f.seek(0)
        if head.lstrip().startswith(b"["):
            data = _read_small(path, options)
            if isinstance(data, Skipped):
                yield data
                return
            yield from _parse_json_array(data, item, options)
            return
        yield from _parse_json_lines(f, item, options)


def _parse_json_lines(f: IO[bytes], item: str, options: _Options) -> Iterator[Record]:
    n_found = 0
    number = 0
    while True:
        line = f.readline(options.max_bytes + 1)
        if not line:
            break
        number += 1
        line_item = f"{item}:{number}"
        if len(line) > options.max_bytes and not line.endswith(b"\n"):
            size = len(line)
            while line and not line.endswith(b"\n"):  # drop the rest of the over-long line
                line = f.readline(options.max_bytes + 1)
                size += len(line)
            n_found += 1
            yield _skip(line_item, _too_big(size, options.max_bytes), "too_big")
            continue
        if not line.strip():
            continue
        n_found += 1
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        try:
            obj = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            yield _skip(line_item, errors.BAD_ENCODING, "bad_encoding")
            continue
        except json.JSONDecodeError as e:
            yield _skip(line_item, errors.BAD_JSON.format(detail=f"{e.msg} at column {e.colno}"), "bad_json")
            continue
        except RecursionError:  # the decoder recurses once per level of [ or {
            yield _skip(line_item, errors.BAD_JSON.format(detail="nested too deeply"), "bad_json")
            continue
        yield _json_record(obj, line_item, options)
    if n_found == 0:
        yield _skip(item, errors.EMPTY, "empty")


def _parse_json_array(data: bytes, item: str, options: _Options) -> Iterator[Record]:
    text = _decode(data, item)
    if isinstance(text, Skipped):
        yield text
        return
    try:
        objs = json.loads(text)
    except json.JSONDecodeError as e:
        yield _skip(item, errors.BAD_JSON.format(detail=f"{e.msg} at line {e.lineno} column {e.colno}"), "bad_json")
        return
    except RecursionError:
        yield _skip(item, errors.BAD_JSON.format(detail="nested too deeply"), "bad_json")
        return
    if not isinstance(objs, list):
        yield _skip(item, errors.JSON_NOT_OBJECT.format(kind=type(objs).__name__), "bad_json")
        return
    for index, obj in enumerate(objs):
        yield _json_record(obj, f"{item}[{index}]", options)


def _json_record(obj: Any, item: str, options: _Options) -> Record:
    if not isinstance(obj, dict):
        return _skip(item, errors.JSON_NOT_OBJECT.format(kind=type(obj).__name__), "bad_json")
    text = _first(obj, _TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        return _skip(item, errors.NO_TEXT_FIELD, "no_text_field")
    if _LOOKS_HTML.match(text):
        text = _fragment_text(text)
    publication = _first(obj, _PUBLICATION_KEYS)
    if isinstance(publication, dict):  # {"source": {"name": "..."}} as news APIs give it
        publication = publication.get("name") or publication.get("title")
    return _finish(
        text,
        item=item,
        options=options,
        title=_first(obj, _TITLE_KEYS),
        url=_first(obj, _URL_KEYS),
        publication=publication,
        published=_first(obj, _DATE_KEYS),
    )


def _first(obj: dict[str, Any], keys: Sequence[str]) -> Any:
    for key in keys:
        if obj.get(key) not in (None, ""):
            return obj[key]
    return None


# --- WARC ---------------------------------------------------------------------------------------


def _read_warc(path: Path, options: _Options) -> Iterator[Record]:
    """HTML response records. The record's URI is the url; WARC-Date is when the page was
    crawled, not published, so the date comes from the page's metadata or text only."""
    item = str(path)
    if path.stat().st_size == 0:
        yield _skip(item, errors.EMPTY, "empty")
        return
    n_pages = 0
    with path.open("rb") as f:
        for page in _warc_pages(f, item, options):
            if isinstance(page, Skipped):
                n_pages += page.code != "bad_warc"
                yield page
                continue
            n_pages += 1
            record_item, body, url, charset = page
            checked = _check_bytes(body, record_item)
            yield checked if isinstance(checked, Skipped) else _parse_html(body, record_item, options, url=url, charset=charset)
    if n_pages == 0:
        yield _skip(item, errors.WARC_NO_PAGES, "warc_no_pages")


def _warc_pages(f: IO[bytes], item: str, options: _Options) -> Iterator[tuple[str, bytes, str | None, str | None] | Skipped]:
    """(item, body, url, declared charset) of each HTML response record, or a Skipped for a page
    over the size limit; a damaged file ends with one Skipped saying where, after the records
    before the damage."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(f)
    try:
        for record in records:
            if records.reader.decompressor is not None and (record.length or 0) > options.max_record_bytes:
                yield _skip(f"{item}#{records.offset}", errors.WARC_RECORD_TOO_BIG.format(
                    size_mb=record.length / 1e6, limit_mb=f"{options.max_record_bytes / 1e6:g}"), "too_big")
                return
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if "html" not in content_type.lower():
                continue
            body = record.content_stream().read(options.max_bytes + 1)
            # After the read: get_record_offset() reads the record to its end.
            record_item = f"{item}#{records.get_record_offset()}"
            if len(body) > options.max_bytes:
                # the page itself (after any HTTP Content-Encoding) is over the limit: its
                # size on disk says nothing of a compressed body's
                yield _skip(record_item, errors.TOO_BIG_DECODED.format(limit_mb=f"{options.max_bytes / 1e6:g}"), "too_big")
                continue
            match = re.search(r"charset=([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
            yield record_item, body, record.rec_headers.get_header("WARC-Target-URI"), match.group(1) if match else None
    except Exception as e:  # noqa: BLE001 - warcio raises whatever damaged bytes make its parser meet
        # (ArchiveLoadFailed, zlib.error, EOFError, ValueError, AttributeError on a record without
        # a URI...): the file cannot be read past this point, whatever the exception's type.
        detail = (str(e).splitlines() or [""])[0][:120] or type(e).__name__
        yield _skip(item, errors.BAD_WARC.format(detail=detail), "bad_warc")


# --- RSS / Atom ---------------------------------------------------------------------------------


def _parse_feed(data: bytes, item: str, options: _Options) -> Iterator[Record]:
    """Each entry's title, link, published date and content (or summary) becomes an article."""
    import feedparser

    try:
        feed = feedparser.parse(data)
    except UnicodeError:
        # feedparser decodes the declaration's name itself and raises on a damaged one
        # (encoding='utf-\xf6'); found by benchmarks/fuzz_readers.py
        yield _skip(item, errors.BAD_ENCODING, "bad_encoding")
        return
    if not feed.entries:
        detail = str(feed.get("bozo_exception") or "no <item> or <entry> elements").splitlines()[0][:120]
        yield _skip(item, errors.FEED_NO_ENTRIES.format(detail=detail), "feed_no_entries")
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        contents = entry.get("content") or []
        fragment = "\n".join(c.get("value", "") for c in contents) or entry.get("summary", "")
        yield _finish(
            _fragment_text(fragment),
            item=f"{item}#{number}",
            options=options,
            title=entry.get("title"),
            url=entry.get("link"),
            publication=outlet,
            published=entry.get("published") or entry.get("updated"),
        )
