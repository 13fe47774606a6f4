"""`sitrep events` reads at any terminal width: one line per event, nothing wider than the screen."""

from __future__ import annotations

import pytest
from rich.console import Console

from sitrep.records import Dispute, Event, Place, Source
from sitrep.serve.cli import events_table


def _event(n: int, *, summary: str, place: str | None = None, disputed: bool = False) -> Event:
    return Event(
        id=f"{n}abcdef{n}9876543", event=["ASSAULT"], mode=["suicide-attack"], context=[], modality="asserted",
        date="2024-03-05", date_precision="day", actor=[], recipient=[],
        event_loc=Place(extracted_place=place, resolved_place=place) if place else None,
        size={"dead": 12, "injured": 140, "arrested": None}, weapons=[], claimed_by=[], summary=summary,
        sources=[Source(article="a1"), Source(article="a2")], evidence={},
        disputes=[Dispute(field="size.dead", values=[])] if disputed else [], confidence=0.8,
    )


EVENTS = [
    _event(1, summary="ASSAULT (suicide-attack) by an invented militant front against a checkpoint " * 3,
           place="Ouagadougou-Est Municipality", disputed=True),
    _event(2, summary="short"),
]


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_every_event_is_one_line_no_wider_than_the_screen(width: int) -> None:
    console = Console(width=width, record=True, color_system=None)
    console.print(events_table(EVENTS, width))
    lines = [line for line in console.export_text().splitlines() if line.strip()]
    assert max(len(line) for line in lines) <= width
    assert len(lines) == 2 + len(EVENTS)  # header, rule, one line per event
    first = lines[2]
    assert first.startswith("1abcdef1") and " 12 " in first and " 140 " in first


def test_the_summary_shows_where_there_is_room() -> None:
    for width, shown in ((80, False), (140, True)):
        console = Console(width=width, record=True, color_system=None)
        console.print(events_table(EVENTS, width))
        assert ("summary" in console.export_text().splitlines()[0]) is shown
