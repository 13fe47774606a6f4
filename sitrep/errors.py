"""Every user-facing message of sitrep, with a code, the bad value and how to fix it.

Exception hierarchy:

    SitrepError
    ├── InputError        one input item (file, line, article) cannot be read; the batch goes on
    ├── ModelError        the NLP pipeline is missing or broken
    ├── StoreError        the database cannot be opened or written
    ├── DataError         a benchmark / data file is missing or malformed
    └── DependencyError   an optional package (an extra) is not installed; also an ImportError
"""

from __future__ import annotations


class SitrepError(Exception):
    code = "E000"

    def __init__(self, message: str, *, item: str | None = None) -> None:
        self.item = item
        self.message = message
        super().__init__(f"[{self.code}] {item + ': ' if item else ''}{message}")


class InputError(SitrepError):
    code = "E100"


class ModelError(SitrepError):
    code = "E200"


class StoreError(SitrepError):
    code = "E300"


class DataError(SitrepError):
    code = "E400"


class DependencyError(SitrepError, ImportError):
    """An extra is not installed. Also an ImportError, so `except ImportError` around an optional
    feature keeps working; the message names the extra to install."""

    code = "E500"


# Messages: one place, so wording stays consistent and the docs can list them.
EMPTY = "is empty: nothing to read. Remove it or give it some text."
BINARY = "looks binary (not text). Pass .txt, .html, .jsonl or .warc files."
TOO_BIG = "is {size_mb:.0f} MB, over the {limit_mb} MB limit per article. Split it, or raise --max-bytes."
TOO_BIG_DECODED = "is over the {limit_mb} MB limit per article once decompressed. Split it, or raise --max-bytes."
WARC_RECORD_TOO_BIG = (
    "declares a {size_mb:.0f} MB compressed record, over the {limit_mb} MB limit: the rest of the file was not read "
    "(skipping the record would mean inflating it). Split the file, or raise the limit (max_record_bytes)."
)
BAD_ENCODING = "is not valid UTF-8 and no other encoding fits. Re-save it as UTF-8."
BAD_JSON = "is not valid JSON ({detail}). Fix or remove that line."
NO_TEXT_FIELD = "has no 'text' or 'content' field. Each JSON line needs the article text in one of them."
NOT_ENGLISH = "is in '{lang}', not English; sitrep's models read English only. Translate it first."
TOO_SHORT = "has too little text ({n} characters) to hold a report."
HTML_NO_TEXT = "is HTML with no main text that trafilatura could extract (truncated or boilerplate only)."
UNKNOWN_FORMAT = "has an unknown extension '{ext}'. Use .txt, .html, .htm, .jsonl, .json, .warc, .warc.gz or .xml (RSS/Atom)."
NOT_FOUND = "does not exist."
MODEL_MISSING = (
    "sitrep's NLP pipeline was not found at {path}. Build it with `make model` (trains from ../shared/data), "
    "or point SITREP_MODEL to a trained spaCy pipeline."
)
# Ingest (added with sitrep.ingest): one line each, naming what is wrong and what to do.
UNREADABLE = "cannot be read ({detail}). Check the path and its permissions."
JSON_NOT_OBJECT = "is JSON but not an object ({kind}). Each line needs one article as an object with a 'text' field."
FEED_NO_ENTRIES = "is XML but no RSS/Atom feed entries were found ({detail}). Pass a feed, or save pages as .html."
WARC_NO_PAGES = "has no HTML response records to read. Check that the crawl stored responses, not only requests."
BAD_WARC = "is not a readable WARC file ({detail}). Check that it is complete; records before the damage were read."
BAD_DATE_OPTION = "is not a date sitrep can read. Give the publication date as YYYY-MM-DD."
BAD_AS_OF = "is not a date. Give the day whose knowledge to show as YYYY-MM-DD, e.g. --as-of 2022-12-03."
EXTRACT_MODEL_MISSING = (
    "sitrep's extraction model was not found at {path}. Build it with `make extract-model` (trains from "
    "../shared/data), or set SITREP_EXTRACT_MODELS to a folder holding roles.json, events.json and subtypes.json."
)
EXTRACT_MODEL_BROKEN = "sitrep's extraction model at {path} cannot be read ({detail}). Rebuild it with `make extract-model`."
LINK_MODEL_MISSING = (
    "sitrep's event-linking model was not found at {path}. Build it with `make link-model` (trains from "
    "../shared/data/gva), or set SITREP_LINK_MODEL to a pairs.json file."
)
LINK_MODEL_BROKEN = "sitrep's event-linking model at {path} cannot be read ({detail}). Rebuild it with `make link-model`."
DRIVER_MISSING = (
    "cannot open database {url!r}: its driver ({module}) is not installed. sitrep stores to SQLite "
    "(a file path) or PostgreSQL; for PostgreSQL run `pip install \"sitrep[postgres]\"`."
)
# sitrep serve (the HTTP API and dashboard)
SERVE_MISSING = (
    "`sitrep serve` needs the web server packages ({module} is not installed). "
    "Run `pip install \"sitrep[serve]\"` (in a checkout: `pip install -c constraints.txt -e \".[serve]\"`)."
)
# exports and the Python API's DataFrame (the `dataframe` extra: pandas, and pyarrow for Parquet)
DATAFRAME_MISSING = (
    "{feature} needs {module}, which is not installed. Run `pip install \"sitrep[dataframe]\"` "
    "(in a checkout: `pip install -c constraints.txt -e \".[dataframe]\"`)."
)
PARQUET_NEEDS_FILE = (
    "Parquet is a binary format and is not written to the terminal. Name a file: "
    "`sitrep export --format parquet -o events.parquet`."
)
NO_DATABASE = "there is no database at {path}. Fill one first with `sitrep run REPORTS --db {path}`, or pass --db."
SERVE_READ_ONLY = "this server is read-only. Start it with `sitrep serve --write-token TOKEN` to accept POST /api/articles."
SERVE_NO_TOKEN = "this request needs the write token: send the header `Authorization: Bearer TOKEN`."
SERVE_BAD_TOKEN = "the write token sent is not this server's. Send `Authorization: Bearer TOKEN` with the token given to `sitrep serve --write-token`."
STORE_BUSY = (
    "the store {url!r} stayed locked by other writers through {attempts} tries ({detail}). "
    "Re-run the command: stored articles are skipped, so it finishes the job."
)
