"""What the dashboard's templates draw, computed in Python so the templates only place escaped
text: an article's text cut into plain and highlighted pieces, and the timeline's bars."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..records import Event

# one colour per PLOVER category group; the rest share grey (colours are CSS classes, see app.css)
CATEGORY_CLASSES = {"ASSAULT": "c-assault", "COERCE": "c-coerce", "PROTEST": "c-protest", "THREATEN": "c-threaten",
                    "MOBILIZE": "c-mobilize", "SANCTION": "c-sanction", "ACCUSE": "c-accuse"}
# past this many days the timeline counts per month, so a bar stays wider than a pixel
MAX_DAYS = 180


@dataclass
class Piece:
    """A run of an article's text; `fields` names the event fields whose evidence it is (none: plain)."""

    text: str
    fields: list[str] = field(default_factory=list)


def highlighted(text: str, spans: list[tuple[int, int, str]]) -> list[Piece]:
    """`text` cut at every evidence span's ends; each piece lists the fields whose sentence covers it.
    Spans outside the text (a store written by another version) are clipped, never trusted."""
    size = len(text)
    spans = [(max(0, min(start, size)), max(0, min(end, size)), name) for start, end, name in spans]
    spans = [(start, end, name) for start, end, name in spans if start < end]
    cuts = sorted({0, size, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        names = sorted({name for start, end, name in spans if start <= left and right <= end})
        if pieces and pieces[-1].fields == names:
            pieces[-1].text += text[left:right]
        else:
            pieces.append(Piece(text[left:right], names))
    return pieces


def evidence_spans(item: Event) -> dict[str, list[tuple[int, int, str]]]:
    """Article id -> the (start, end, field) of every sentence the event's values were read from,
    its disputes' sides included."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for name, values in item.evidence.items():
        for evidence in values:
            spans.setdefault(evidence.article, []).append((evidence.start, evidence.end, name))
    for dispute in item.disputes:
        for side in dispute.values:
            for evidence in side.get("evidence", []):
                spans.setdefault(evidence["article"], []).append((evidence["start"], evidence["end"], dispute.field))
    return spans


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str


@dataclass
class Timeline:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    unit: str  # "day" or "month"
    legend: list[tuple[str, str]]
    peak: int


def timeline(counts: list[tuple[str, str, int]], *, width: int = 900, height: int = 160) -> Timeline | None:
    """Stacked bars of events per day (per month past MAX_DAYS) by category, in SVG coordinates."""
    parsed = []
    for date, category, n in counts:
        try:
            day = dt.date.fromisoformat(date[:10]) if len(date) >= 10 else dt.date.fromisoformat(date[:7] + "-01")
        except ValueError:  # a year-precision date has no day to stand on
            continue
        parsed.append((day, category, n))
    if not parsed:
        return None
    first, last = min(p[0] for p in parsed), max(p[0] for p in parsed)
    unit = "day" if (last - first).days < MAX_DAYS else "month"

    def bucket(day: dt.date) -> int:
        return (day - first).days if unit == "day" else (day.year - first.year) * 12 + day.month - first.month

    n_buckets = bucket(last) + 1
    stacks: dict[int, dict[str, int]] = {}
    for day, category, n in parsed:
        stack = stacks.setdefault(bucket(day), {})
        stack[category] = stack.get(category, 0) + n
    peak = max(sum(s.values()) for s in stacks.values())
    plot_height, step = height - 20, width / n_buckets
    bars = []
    for index, stack in sorted(stacks.items()):
        label_day = first + dt.timedelta(days=index) if unit == "day" else _month(first, index)
        y = float(plot_height)
        for category, n in sorted(stack.items()):
            h = plot_height * n / peak
            y -= h
            label = f"{label_day.isoformat() if unit == 'day' else label_day.strftime('%Y-%m')}: {n} {category}"
            bars.append(Bar(round(index * step + 1, 2), round(y, 2), round(max(step - 2, 1), 2), round(h, 2),
                            CATEGORY_CLASSES.get(category, "c-other"), label))
    ticks = []
    for index in sorted({0, n_buckets // 2, n_buckets - 1}):
        day = first + dt.timedelta(days=index) if unit == "day" else _month(first, index)
        x = 0 if index == 0 and n_buckets > 1 else width if index == n_buckets - 1 and n_buckets > 1 else index * step + step / 2
        ticks.append((round(x, 2), day.isoformat() if unit == "day" else day.strftime("%Y-%m")))
    legend = sorted({(c, CATEGORY_CLASSES.get(c, "c-other")) for _, c, _ in parsed})
    return Timeline(width, height, bars, ticks, unit, legend, peak)


def _month(first: dt.date, index: int) -> dt.date:
    months = first.year * 12 + first.month - 1 + index
    return dt.date(months // 12, months % 12 + 1, 1)
