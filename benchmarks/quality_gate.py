"""Quality gate: run every benchmark on a quick subset and fail when a score falls below its floor.

    python benchmarks/quality_gate.py                      # check; exit 1 on a regression
    python benchmarks/quality_gate.py --only gva,case      # a subset of the benchmarks
    python benchmarks/quality_gate.py --update-floors      # raise floors to today's scores (never lowers)
    python benchmarks/quality_gate.py --update-floors --reason "new NER model trades GVDB names for recall"

The floors, their noise margins, the limits that produce them and the history of every change
live in benchmarks/quality_floors.json. A score passes when it is >= floor - margin. Lowering a
floor needs `--update-floors --reason "..."`; the reason is recorded in the JSON (the trafilatura
habit: a floor never goes down silently). The limits are chosen so the whole run takes under
four minutes on a 2-core machine; the pipeline is deterministic, so the margins only absorb
deliberate small trade-offs, not sampling noise.

Exit codes: 0 all floors met (or floors updated), 1 a regression, 2 usage error or a refused
floor change, 3 the shared data or the model is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

FLOORS = Path(__file__).with_name("quality_floors.json")


def _runners() -> dict[str, Any]:
    from sitrep.evaluate import runners

    return {
        "gva": runners.eval_gva, "gvc": runners.eval_gvc, "gvdb": runners.eval_gvdb,
        "plover": runners.eval_plover, "case": runners.eval_case, "muc4": runners.eval_muc4,
        "disputes": runners.eval_disputes,
    }


def run_benchmarks(config: dict[str, Any], only: set[str] | None, work_dir: Path | None) -> tuple[dict[str, float], dict[str, float]]:
    """{"bench.metric": value} for every metric named in the floors, and wall seconds per benchmark."""
    funcs = _runners()
    wanted: dict[str, set[str]] = {}
    for key in config["metrics"]:
        bench, _, metric = key.partition(".")
        wanted.setdefault(bench, set()).add(metric)
    scores: dict[str, float] = {}
    timings: dict[str, float] = {}
    for bench, limit in config["limits"].items():
        if only and bench not in only:
            continue
        started = time.perf_counter()
        result = funcs[bench](limit=limit, work_dir=work_dir)
        timings[bench] = time.perf_counter() - started
        for metric in sorted(wanted.get(bench, ())):
            scores[f"{bench}.{metric}"] = float(result[metric])
        print(f"{bench:7s} limit={limit} {timings[bench]:6.1f}s", file=sys.stderr)
    return scores, timings


def check(config: dict[str, Any], scores: dict[str, float]) -> list[str]:
    """The regressions: metrics whose score is below floor - margin."""
    failures = []
    for key, value in scores.items():
        spec = config["metrics"][key]
        if value < spec["floor"] - spec["margin"]:
            failures.append(f"{key}: {value:.4f} < floor {spec['floor']:.4f} - margin {spec['margin']:.4f}")
    return failures


def update_floors(config: dict[str, Any], scores: dict[str, float], reason: str | None) -> tuple[bool, list[str]]:
    """Set floors to the scores. Without a reason only raises are allowed; returns (written, messages)."""
    # floors are kept to 4 places: a score equal to its floor at that precision is no lowering
    lowered = [f"{k}: {config['metrics'][k]['floor']:.4f} -> {v:.4f}" for k, v in scores.items()
               if round(v, 4) < config["metrics"][k]["floor"]]
    if lowered and not reason:
        return False, ["refusing to lower floors without --reason:", *lowered]
    changes = {}
    for key, value in scores.items():
        old = config["metrics"][key]["floor"]
        new = round(value, 4) if (value < old and reason) else max(old, round(value, 4))
        if new != old:
            config["metrics"][key]["floor"] = new
            changes[key] = [old, new]
    if changes:
        config.setdefault("history", []).append({
            "date": dt.date.today().isoformat(), "reason": reason or "raised to current scores", "changes": changes,
        })
    return True, [f"{k}: {a} -> {b}" for k, (a, b) in changes.items()] or ["no floor changed"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--floors", type=Path, default=FLOORS, help="floors JSON (default: beside this script)")
    parser.add_argument("--only", default="", help="comma-separated benchmarks to run (default: all)")
    parser.add_argument("--update-floors", action="store_true", help="write today's scores as floors (raises only)")
    parser.add_argument("--reason", default=None, help="why a floor may go down (required to lower one)")
    parser.add_argument("--work-dir", type=Path, default=None, help="folder for the temporary stores")
    args = parser.parse_args(argv)
    if args.reason is not None and not args.update_floors:
        parser.error("--reason only goes with --update-floors")
    config = json.loads(args.floors.read_text(encoding="utf-8"))
    only = {name for name in args.only.split(",") if name} or None

    from sitrep.errors import SitrepError

    started = time.perf_counter()
    try:
        scores, _ = run_benchmarks(config, only, args.work_dir)
    except SitrepError as exc:
        print(f"quality gate cannot run: {exc}", file=sys.stderr)
        return 3
    print(f"total {time.perf_counter() - started:.1f}s", file=sys.stderr)

    if args.update_floors:
        written, messages = update_floors(config, scores, args.reason)
        print("\n".join(messages))
        if not written:
            return 2
        args.floors.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        return 0

    failures = check(config, scores)
    for key, value in sorted(scores.items()):
        spec = config["metrics"][key]
        print(f"{key:40s} {value:8.4f}  floor {spec['floor']:8.4f} ± {spec['margin']}")
    if failures:
        print("REGRESSION:\n  " + "\n  ".join(failures))
        return 1
    print("all floors met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
