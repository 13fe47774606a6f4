"""The `sitrep` command: thin wrappers over the Python API (`sitrep.api`)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Optional

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import errors
from ..api import Sitrep

# Help texts are rich markup: an extra's name is written "sitrep\\[serve]", or rich reads "[serve]" as a tag
# and drops it (tests/serve/test_cli_serve.py checks the help names each extra)
app = typer.Typer(add_completion=False, no_args_is_help=True, help="News reports in, a sourced, cross-checked event database out.")
console = Console()
err = Console(stderr=True)

DB_OPTION = typer.Option("sitrep.db", "--db", help="SQLite file or postgresql:// URL.", envvar="SITREP_DB")


def _open(db: str) -> Sitrep:
    try:
        return Sitrep(db)
    except errors.SitrepError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc


@app.command()
def run(
    paths: list[str] = typer.Argument(..., help="Files or folders (recursive); '-' reads stdin."),
    db: str = DB_OPTION,
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for every report, overriding metadata."),
    publication: Optional[str] = typer.Option(None, help="Outlet name for every report, overriding metadata."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or event list."),
    json_out: bool = typer.Option(False, "--json", help="Print the run summary as JSON."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log each batch analyzed and each wait for a busy store to stderr."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Analyze on this many Dask worker processes (needs sitrep\\[dask])."),
    scheduler: Optional[str] = typer.Option(None, help="Address of a dask.distributed scheduler to analyze on, e.g. tcp://host:8786; 'local-cluster' starts a LocalCluster of --workers processes."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Articles analyzed together before they are stored (fewer: stored sooner, less memory)."),
    # defaults in the help text, not the signature: the readers' module (and dateparser) would
    # load with the CLI (see sitrep.ingest.readers, README "Input limits"; a test keeps them equal)
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", min=1, help="Largest report read, in bytes: a file, a JSON line, or a WARC page once decompressed; bigger ones are skipped. Default 20000000."),
    max_record_bytes: Optional[int] = typer.Option(None, "--max-record-bytes", min=1, help="A compressed WARC record declaring more bytes stops the reading of its file (gzip bombs). Default 256000000."),
) -> None:
    """Ingest reports and process them into the store.

    Example: sitrep run reports/ --db events.db
    """
    logging.basicConfig(level=logging.ERROR)
    if verbose:  # sitrep's own progress only, not every library's
        logging.getLogger("sitrep").setLevel(logging.INFO)
    sitrep = _open(db)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, disable=quiet or json_out, transient=True) as progress:
            task = progress.add_task("processing reports", total=None)
            summary = sitrep.run(paths, published=published, publication=publication,
                                 progress=lambda n: progress.advance(task, n), workers=workers, scheduler=scheduler,
                                 batch_size=batch_size, max_bytes=max_bytes, max_record_bytes=max_record_bytes)
    except errors.SitrepError as exc:  # a missing model, Dask not installed, a bad --db
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if json_out:
        print(json.dumps(summary.to_dict(), indent=1))
    else:
        for skipped in summary.skipped:
            err.print(f"[yellow]skipped[/yellow] {skipped.item}: {skipped.reason}")
        console.print(
            f"read {summary.read} reports: {summary.processed} processed, {summary.already_stored} already stored, "
            f"{summary.duplicates} near-duplicates, {len(summary.skipped)} skipped; "
            f"{summary.events_created} events created, {summary.events_updated} updated; {summary.disputes} disputed events in the store"
        )
    raise typer.Exit(1 if summary.skipped else 0)


@app.command()
def events(
    db: str = DB_OPTION,
    category: Optional[str] = typer.Option(None, help="PLOVER category, e.g. ASSAULT."),
    country: Optional[str] = typer.Option(None, help="ISO-2 country code, e.g. AF."),
    since: Optional[str] = typer.Option(None, help="Earliest date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Latest date (YYYY-MM-DD)."),
    disputed: bool = typer.Option(False, "--disputed", help="Only events whose sources disagree."),
    text: Optional[str] = typer.Option(None, help="Words in the summary."),
    limit: int = typer.Option(100, help="At most this many rows."),
    fmt: str = typer.Option("table", "--format", help="table or jsonl."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="What was known by the end of this day (YYYY-MM-DD): "
                                        "each event from the reports out by then."),
) -> None:
    """List events, newest first.

    Example: sitrep events --category ASSAULT --disputed --as-of 2022-12-03
    """
    try:
        items = _open(db).events(category=category, country=country, since=since, until=until,
                                 disputed=True if disputed else None, text=text, limit=limit, as_of=as_of)
    except errors.InputError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if fmt == "jsonl":
        from .export import plover_record

        _print_jsonl(plover_record(item) for item in items)
        return
    console.print(events_table(items, console.width))


def events_table(items, width: int) -> Table:
    """One line per event at any terminal width: cells are cut with an ellipsis, never wrapped,
    and the summary (which `sitrep show` prints whole) gets a column only where there is room."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1), collapse_padding=True)
    # (name, least, most, right-aligned): the numbers and ids keep their width, the names give way;
    # under 72 columns "disputed" goes, under 62 "where" too (the columns need 71 and 61)
    columns = [("id", 8, 8, False), ("date", 10, 10, False), ("event", 12, 20, False), ("where", 8, 18, False),
               ("dead", 4, 4, True), ("inj.", 4, 4, True), ("src", 3, 3, True), ("disputed", 8, 14, False)]
    dropped = ({"disputed"} if width < 72 else set()) | ({"where"} if width < 62 else set())
    for name, least, most, right in columns:
        if name not in dropped:
            table.add_column(name, no_wrap=True, overflow="ellipsis", min_width=least, max_width=most,
                             justify="right" if right else "left")
    with_summary = width >= 110
    if with_summary:
        table.add_column("summary", no_wrap=True, overflow="ellipsis", min_width=20, max_width=max(20, width - 84))
    for item in items:
        place = item.event_loc
        cells = {"id": item.id[:8], "date": item.date or "?", "event": "/".join(item.event + item.mode[:1]),
                 "where": (place.resolved_place or place.extracted_place) if place else "",
                 "dead": _num(item.size.get("dead")), "inj.": _num(item.size.get("injured")), "src": str(len(item.sources)),
                 "disputed": ", ".join(d.field.split(".")[-1] for d in item.disputes)}
        row = [cells[name] for name, *_ in columns if name not in dropped]
        table.add_row(*row, *([item.summary] if with_summary else []))
    return table


def _print_jsonl(records) -> None:
    for record in records:
        print(json.dumps(record, ensure_ascii=False))


def _num(value) -> str:
    return "" if value is None else str(value)


@app.command()
def show(event_id: str = typer.Argument(..., help="Event id (a unique prefix is enough)."), db: str = DB_OPTION) -> None:
    """Print one fused event: each field's value, confidence, supporting sentences and disputes.

    Example: sitrep show 4afbd78e
    """
    item = _open(db).event(event_id)
    if item is None:
        err.print(f"no event with id {event_id!r} (or the prefix is ambiguous); `sitrep events` lists ids")
        raise typer.Exit(1)
    console.print(f"[bold]{item.summary}[/bold]")
    console.print(f"id {item.id}   confidence {item.confidence}   modality {item.modality}")
    place = item.event_loc
    rows = [
        ("event", ", ".join(item.event), None), ("mode", ", ".join(item.mode), None), ("context", ", ".join(item.context), None),
        ("date", f"{item.date} ({item.date_precision})" if item.date else "unknown", "date"),
        ("place", f"{place.resolved_place}, {place.country} ({place.lat}, {place.lon})" if place else "unknown", "event_loc"),
        ("address", item.address, "address"),
        ("actor", "; ".join(a.entity_text for a in item.actor), "actor"),
        ("recipient", "; ".join(a.entity_text for a in item.recipient), "recipient"),
        ("dead", _num(item.size.get("dead")), "size.dead"), ("injured", _num(item.size.get("injured")), "size.injured"),
        ("arrested", _num(item.size.get("arrested")), "size.arrested"), ("weapons", ", ".join(item.weapons), None),
        ("claimed by", "; ".join(f"{c['entity_text']} ({c['status']})" for c in item.claimed_by), "claimed_by"),
    ]
    publications = {s.article: s.publication or s.url or s.article[:8] for s in item.sources}
    for name, value, field in rows:
        if not value:
            continue
        confidence = item.field_confidence.get(field or "", None)
        console.print(f"[cyan]{name:>10}[/cyan] {value}" + (f"  [dim](confidence {confidence})[/dim]" if confidence is not None else ""))
        for evidence in (item.evidence.get(field, []) if field else [])[:3]:
            hedge = " [hedged]" if evidence.hedged else ""
            said = f" (according to {evidence.attribution})" if evidence.attribution else ""
            console.print(f"{'':>11} [dim]{publications.get(evidence.article, evidence.article[:8])}{said}{hedge}:[/dim] {evidence.text[:220]}")
    for field, entries in item.history.items():
        if len(entries) < 2:
            continue  # one report: its value and sentence are above
        disputed = any(d.field == field for d in item.disputes)
        updated = any(h.is_update for h in entries)
        mark = "[red]disputed[/red]" if disputed else "[yellow]updated[/yellow]" if updated else "[green]agreed[/green]"
        console.print(f"[cyan]{'history':>10}[/cyan] {field} {mark}")
        for entry in entries:
            said = f" (according to {entry.attribution})" if entry.attribution else ""
            console.print(f"{'':>11} {entry.time or 'undated':<10} {_num(entry.value) if isinstance(entry.value, int) else entry.value!s:<14} "
                          f"{CHANGE_MARK.get(entry.change, entry.change):<11} [dim]{entry.publication or entry.article[:8]}{said}:[/dim] "
                          f"{entry.text[:160]}")
    for dispute in item.disputes:
        console.print(f"[red]disputed {dispute.field}[/red]")
        for side in dispute.values:
            console.print(f"  value {side['value']!r} (weight {side.get('weight')}):")
            for evidence in side["evidence"][:3]:
                console.print(f"    [dim]{publications.get(evidence['article'], evidence['article'][:8])}:[/dim] {evidence['text'][:220]}")
    console.print("[cyan]   sources[/cyan] " + "; ".join(
        f"{s.publication or '?'} {s.published or 'undated'} {s.title or ''}".strip() + (" (wire copy)" if s.duplicate_of else "")
        + (f" [dim]({s.report_type})[/dim]" if s.report_type else "") for s in item.sources))


# How `show` marks each history entry against the reports before it.
CHANGE_MARK = {"first": "first", "same": "agrees", "update": "UPDATE", "conflict": "DISPUTES", "differs": "differs",
               "lags": "lags"}


@app.command()
def sources(db: str = DB_OPTION, by: str = typer.Option("outlet", help="outlet, or attribution (who reports cite)."),
            apply: bool = typer.Option(False, "--apply", help="Also fuse every event again with the outlets' reliabilities."),
            fmt: str = typer.Option("table", "--format", help="table or jsonl.")) -> None:
    """Outlets with their estimated reliability and the evidence count behind it.

    Example: sitrep sources --apply
    """
    if by not in ("outlet", "attribution"):
        err.print(f"--by {by!r}: use outlet or attribution")
        raise typer.Exit(2)
    rows = _open(db).sources(by=by, apply=apply)
    if fmt == "jsonl":
        _print_jsonl(r.to_dict() for r in rows)
        return
    table = Table(by, "reliability", "observations", "agreed")
    for row in rows:
        table.add_row(row.source, f"{row.reliability:.3f}", str(row.observations), str(row.right))
    console.print(table)


@app.command("export")
def export_command(
    db: str = DB_OPTION,
    fmt: str = typer.Option("jsonl", "--format", help="jsonl (PLOVER + provenance), csv (ACLED-like), gtd (GTD-like CSV "
                            "of the attacks), geojson, or parquet (the csv columns, typed; needs sitrep\\[dataframe] and -o)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write; default stdout (not for parquet)."),
) -> None:
    """Export events.

    Example: sitrep export --format csv -o events.csv
    """
    from .export import BINARY_FORMATS, FORMATS

    if fmt not in FORMATS:
        err.print(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    if fmt in BINARY_FORMATS and not output:
        err.print(f"[red]error:[/red] {escape(errors.PARQUET_NEEDS_FILE)}")
        raise typer.Exit(2)
    sitrep = _open(db)
    try:
        if fmt in BINARY_FORMATS:
            count = sitrep.export(fmt, output)
        elif output:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = sitrep.export(fmt, handle)
        else:
            sitrep.export(fmt, sys.stdout)
            return
    except errors.DependencyError as exc:  # checked before the file is opened, so none is left behind
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    err.print(f"wrote {count} events to {output}")


@app.command()
def entities(db: str = DB_OPTION, type_: Optional[str] = typer.Option(None, "--type", help="PERSON, ORG, GPE or NORP."),
             fmt: str = typer.Option("table", "--format", help="table or jsonl.")) -> None:
    """Canonical entities with their aliases.

    Example: sitrep entities --type PERSON
    """
    items = _open(db).entities(type_=type_)
    if fmt == "jsonl":
        _print_jsonl(item.to_dict() for item in items)
        return
    table = Table("id", "name", "type", "aliases")
    for item in items:
        table.add_row(item.id[:8], item.name, item.type, "; ".join(a for a in item.aliases if a != item.name))
    console.print(table)


@app.command()
def statements(db: str = DB_OPTION, speaker: Optional[str] = typer.Option(None, help="Words in the speaker's name."),
               fmt: str = typer.Option("table", "--format", help="table or jsonl.")) -> None:
    """Who said what, when, about which event.

    Example: sitrep statements --speaker Sharif
    """
    items = _open(db).statements(speaker=speaker)
    if fmt == "jsonl":
        _print_jsonl(item.to_dict() for item in items)
        return
    table = Table("speaker", "date", "event", "said")
    for item in items:
        table.add_row(item.speaker, item.date or "?", (item.event_id or "")[:8], item.text[:160])
    console.print(table)


@app.command()
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", help="Address to listen on; 0.0.0.0 serves every network the machine is on."),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on."),
    write_token: Optional[str] = typer.Option(None, "--write-token", envvar="SITREP_WRITE_TOKEN",
                                              help="Accept POST /api/articles from requests carrying 'Authorization: Bearer TOKEN'; without it the server is read-only."),
) -> None:
    """Serve the dashboard (/) and the JSON API (/api/..., described at /openapi.json); needs sitrep\\[serve].

    Example: sitrep serve --db sitrep.db --port 8000
    """
    try:
        import uvicorn

        from .app import create_app
    except ModuleNotFoundError as exc:  # the web server is an extra: say which one to install
        err.print(f"[red]error:[/red] {escape(errors.SERVE_MISSING.format(module=exc.name))}")
        raise typer.Exit(2) from exc
    if "://" not in db and not Path(db).exists():
        err.print(f"[red]error:[/red] {escape(errors.NO_DATABASE.format(path=db))}")
        raise typer.Exit(2)
    try:
        web = create_app(db, write_token=write_token)
    except errors.SitrepError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    err.print(f"sitrep: dashboard at http://{host}:{port}/ ({'accepts POST /api/articles with the token' if write_token else 'read-only'})")
    uvicorn.run(web, host=host, port=port, log_level="warning")


def _mount_optional() -> None:
    try:
        from .cli_eval import eval_app
    except ImportError:  # the eval commands are optional extras
        return
    app.add_typer(eval_app, name="eval")


_mount_optional()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
