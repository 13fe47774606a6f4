"""`sitrep eval ...`: run the benchmarks on the shared data and show our scores beside published ones.

Thin wrappers over `sitrep.evaluate.runners`; each command prints a table (or `--json`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import errors


class _Runners:
    """`sitrep.evaluate.runners`, imported on first use: it brings numpy and every scorer, which
    `sitrep --help` and the store commands do not need (0.2-0.3 s of their start-up)."""

    def __getattr__(self, name: str) -> Any:
        from ..evaluate import runners as module

        return getattr(module, name)


runners = _Runners()

eval_app = typer.Typer(
    no_args_is_help=True,
    help="Score sitrep on the benchmarks in ../shared/data (dev/val splits) beside published results.\n\n"
    "Example: sitrep eval gva --limit 50",
)
console = Console()
err = Console(stderr=True)

LIMIT = typer.Option(None, "--limit", "-n", help="Only the first N items (incidents, documents, records).")
AS_JSON = typer.Option(False, "--json", help="Print the result dict as JSON instead of a table.")
WORK_DIR = typer.Option(None, "--work-dir", help="Folder for the temporary SQLite store (default: a temp folder).")


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    if not enabled:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)

        yield update


def _fmt(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _show(name: str, result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        console.print_json(json.dumps(result, default=str))
        return
    published = runners.PUBLISHED.get(name, {})
    table = Table("metric", "sitrep", "published", "source", title=f"{name} ({result.get('notes', '')})")
    for key, value in result.items():
        if isinstance(value, dict) or key == "notes":
            continue
        ref = published.get(key)
        table.add_row(key, _fmt(value), _fmt(ref["value"]) if ref else "", ref["cite"] if ref else "")
    console.print(table)


def _call(name: str, func: Callable[..., dict[str, Any]], as_json: bool, **kwargs: Any) -> dict[str, Any]:
    try:
        with _progress(not as_json) as progress:
            result = func(progress=progress, **kwargs)
    except errors.SitrepError as exc:  # missing data or model: one clear line, no traceback
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    _show(name, result, as_json)
    return result


@eval_app.command("muc4")
def muc4(
    gold: Optional[Path] = typer.Option(None, help="GTT-processed dev file (default ../shared/data/muc4/processed/gtt/dev.json)."),
    predictions_out: Optional[Path] = typer.Option(None, "--predictions-out", help="Also write our template predictions here."),
    limit: Optional[int] = LIMIT, as_json: bool = AS_JSON, work_dir: Optional[Path] = WORK_DIR,
) -> None:
    """MUC-4 template F1 (GTT) and CEAF-REE (GRIT). Example: sitrep eval muc4 --limit 50"""
    _call("muc4", runners.eval_muc4, as_json, gold=gold, limit=limit, work_dir=work_dir,
          predictions_out=predictions_out)


@eval_app.command("muc4-score")
def muc4_score(
    gold: Path = typer.Argument(..., help="Gold file (GTT- or GRIT-processed JSON lines)."),
    pred: Path = typer.Argument(..., help="Predictions: our JSON lines, or a GTT/GRIT .out file."),
    metric: str = typer.Option("both", help="template, ceaf or both."),
    as_json: bool = AS_JSON,
) -> None:
    """Score a MUC-4 prediction file. Example: sitrep eval muc4-score dev.json preds.jsonl --metric ceaf"""
    try:
        result = runners.muc4_score(gold, pred, metric=metric)
    except errors.SitrepError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    _show("muc4", result, as_json)


@eval_app.command("gva")
def gva(
    documents: Optional[Path] = typer.Option(None, help="GVA documents.jsonl."),
    incidents: Optional[Path] = typer.Option(None, help="GVA incidents.jsonl."),
    details: bool = typer.Option(False, "--details", help="Also list the incidents whose killed, injured, date or city is wrong (gold -> sitrep)."),
    limit: Optional[int] = LIMIT, as_json: bool = AS_JSON, work_dir: Optional[Path] = WORK_DIR,
) -> None:
    """GVA incident clustering, counts, date, city, counting questions. Example: sitrep eval gva -n 100"""
    result = _call("gva", runners.eval_gva, as_json, documents=documents, incidents=incidents, limit=limit, work_dir=work_dir)
    if details and not as_json:
        for key, value in result["details"].items():
            console.print(f"{key}: {value}")


@eval_app.command("disputes")
def disputes(
    gold: Optional[Path] = typer.Option(None, help="Disputes gold JSON (default ../shared/data/gva_disputes/dev.json)."),
    documents: Optional[Path] = typer.Option(None, help="GVA documents.jsonl holding the incidents' articles."),
    details: bool = typer.Option(False, "--details", help="Also list the wrong flags, missed conflicts and stale counts."),
    limit: Optional[int] = LIMIT, as_json: bool = AS_JSON, work_dir: Optional[Path] = WORK_DIR,
) -> None:
    """Disputes vs updates: conflict recall, flag precision, newest count after an update. Example: sitrep eval disputes --details"""
    result = _call("disputes", runners.eval_disputes, as_json, gold=gold, documents=documents, limit=limit, work_dir=work_dir)
    if details and not as_json:
        for key, value in result["details"].items():
            console.print(f"{key}: {value}")


@eval_app.command("gvc")
def gvc(
    data_dir: Optional[Path] = typer.Option(None, help="GVC split folder (dataset.conll, event_mentions.json)."),
    limit: Optional[int] = LIMIT, as_json: bool = AS_JSON, work_dir: Optional[Path] = WORK_DIR,
) -> None:
    """GVC cross-document event coreference (gold mentions). Example: sitrep eval gvc -n 20"""
    _call("gvc", runners.eval_gvc, as_json, data_dir=data_dir, limit=limit, work_dir=work_dir)


@eval_app.command("gvdb")
def gvdb(
    split: Optional[Path] = typer.Option(None, help="GVDB split JSON (default splits/dev.json)."),
    limit: Optional[int] = LIMIT, as_json: bool = AS_JSON, work_dir: Optional[Path] = WORK_DIR,
) -> None:
    """GVDB article slots P/R/F1. Example: sitrep eval gvdb -n 100"""
    _call("gvdb", runners.eval_gvdb, as_json, split=split, limit=limit, work_dir=work_dir)


@eval_app.command("plover")
def plover(
    gsr: Optional[Path] = typer.Option(None, help="PLOVER_GSR_CAMEO.json."),
    limit: Optional[int] = LIMIT, as_json: bool = AS_JSON, work_dir: Optional[Path] = WORK_DIR,
) -> None:
    """PLOVER gold records: category accuracy, actor match. Example: sitrep eval plover"""
    _call("plover", runners.eval_plover, as_json, gsr=gsr, limit=limit, work_dir=work_dir)


@eval_app.command("case")
def case(
    snippets: Optional[Path] = typer.Option(None, help="CASE 2021 task 2 snippets.tsv."),
    limit: Optional[int] = LIMIT, as_json: bool = AS_JSON, work_dir: Optional[Path] = WORK_DIR,
) -> None:
    """CASE 2021 task 2 ACLED sub-event macro/micro F1. Example: sitrep eval case -n 200"""
    _call("case", runners.eval_case, as_json, snippets=snippets, limit=limit, work_dir=work_dir)


# benchmark -> the name of its runner in sitrep.evaluate.runners
BENCHMARKS: dict[str, str] = {
    "gva": "eval_gva",
    "disputes": "eval_disputes",
    "gvc": "eval_gvc",
    "gvdb": "eval_gvdb",
    "plover": "eval_plover",
    "case": "eval_case",
    "muc4": "eval_muc4",
}

# The one headline number per benchmark for the report and the chart.
HEADLINE = {
    "gva": "b_cubed_f1", "disputes": "flag_precision", "gvc": "conll_f1", "gvdb": "micro_f1",
    "plover": "category_accuracy", "case": "macro_f1", "muc4": "template_f1",
}


def write_report(results: dict[str, dict[str, Any]], limits: dict[str, int | None], timings: dict[str, float],
                 out: Path) -> Path:
    """Markdown report at `out` and a bar chart `<out stem>.png` beside it; returns the chart path."""
    lines = ["# sitrep benchmark report", "",
             "Dev/validation splits from ../shared/data; published figures are on held-out test splits,",
             "so they are context, not a like-for-like comparison.", ""]
    for name, result in results.items():
        limit = limits.get(name)
        lines += [f"## {name}", "", f"limit: {limit if limit is not None else 'all'}; "
                  f"wall time {timings.get(name, 0.0):.0f} s; {result.get('notes', '')}", "",
                  "| metric | sitrep | published | source |", "|---|---|---|---|"]
        published = runners.PUBLISHED.get(name, {})
        for key, value in result.items():
            if isinstance(value, dict) or key == "notes":
                continue
            ref = published.get(key)
            lines.append(f"| {key} | {_fmt(value)} | {_fmt(ref['value']) if ref else ''} | {ref['cite'] if ref else ''} |")
        lines.append("")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    chart = out.with_suffix(".png")
    _chart(results, chart)
    return chart


def _chart(results: dict[str, dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bars: list[tuple[str, float, float | None]] = []
    for name, result in results.items():
        for key, value in result.items():
            if not isinstance(value, float) or (key != HEADLINE.get(name) and key not in runners.PUBLISHED.get(name, {})):
                continue
            scale = 1.0 if name == "muc4" else 100.0  # MUC-4 scripts already report percentages
            ref = runners.PUBLISHED.get(name, {}).get(key)
            bars.append((f"{name}\n{key}", value * scale, ref["value"] * scale if ref else None))
    fig, ax = plt.subplots(figsize=(max(6, 1.4 * len(bars)), 4))
    xs = range(len(bars))
    ax.bar([x - 0.2 for x in xs], [b[1] for b in bars], width=0.4, label="sitrep (dev)")
    ax.bar([x + 0.2 for x in xs], [b[2] or 0 for b in bars], width=0.4, label="published (test)")
    ax.set_xticks(list(xs), [b[0] for b in bars], fontsize=7)
    ax.set_ylabel("score (%)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


@eval_app.command("all")
def all_(
    limit: Optional[int] = typer.Option(None, "--limit", "-n", help="Limit for every benchmark."),
    limits: list[str] = typer.Option([], "--limit-for", help="Per-benchmark limit, e.g. --limit-for gva=100 (repeatable)."),
    out: Path = typer.Option(Path("reports/eval.md"), "-o", "--out", help="Markdown report path (chart beside it, .png)."),
    as_json: bool = AS_JSON, work_dir: Optional[Path] = WORK_DIR,
) -> None:
    """Every benchmark, then a markdown report and a chart. Example: sitrep eval all --limit-for gva=200 -o reports/eval.md"""
    per: dict[str, int | None] = {name: limit for name in BENCHMARKS}
    for item in limits:
        name, _, value = item.partition("=")
        if name not in BENCHMARKS or not value.isdigit():
            err.print(f"[red]error:[/red] --limit-for {item!r}: use NAME=N with NAME one of {', '.join(BENCHMARKS)}.")
            raise typer.Exit(2)
        per[name] = int(value)
    results: dict[str, dict[str, Any]] = {}
    timings: dict[str, float] = {}
    for name, runner in BENCHMARKS.items():
        started = time.perf_counter()
        results[name] = _call(name, getattr(runners, runner), as_json, limit=per[name], work_dir=work_dir)
        timings[name] = time.perf_counter() - started
    chart = write_report(results, per, timings, out)
    err.print(f"report: {out}  chart: {chart}")
