"""The Python API the CLI wraps.

    import sitrep
    db = sitrep.open("sitrep.db")          # or a postgresql:// URL
    summary = db.run(["reports/"])         # ingest and process
    for event in db.events(disputed=True): ...
    frame = db.to_dataframe()              # pandas, one row per event
    db.events(as_of="2022-12-03")          # what was known then
    db.sources()                           # outlets' estimated reliability
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, Callable, Sequence

from . import errors
from .records import Entity, Event, Statement
from .store.db import Store

if TYPE_CHECKING:
    from .fuse.reliability import SourceReliability

if TYPE_CHECKING:  # the pipeline (spaCy) loads on first use: reading a store needs none of it
    from .pipeline import Processor, RunSummary


class Sitrep:
    """One store plus (loaded on first use) the NLP pipeline that fills it."""

    def __init__(self, db: str | Path = "sitrep.db") -> None:
        self.store = Store(db)
        self._processor: Processor | None = None

    @property
    def processor(self) -> Processor:
        if self._processor is None:
            from .pipeline import Processor

            self._processor = Processor(self.store)
        return self._processor

    def run(self, paths: Sequence[str | Path], *, published: str | None = None, publication: str | None = None,
            progress: Callable[[int], None] | None = None, workers: int = 1, scheduler: str | None = None,
            batch_size: int = 32, max_bytes: int | None = None, max_record_bytes: int | None = None) -> RunSummary:
        """Ingest reports (files, folders, '-' for stdin) and process them into the store.

        workers > 1 runs analysis and extraction on that many Dask worker processes; `scheduler`
        (a dask.distributed address) runs them on a cluster. The result is the same as a serial run.
        `batch_size` articles are analyzed together before they are stored. `max_bytes` and
        `max_record_bytes` override the readers' size limits (README, "Input limits").
        """
        limits = {name: value for name, value in (("max_bytes", max_bytes), ("max_record_bytes", max_record_bytes)) if value is not None}
        return self.processor.run([str(p) for p in paths], published=published, publication=publication, progress=progress,
                                  workers=workers, scheduler=scheduler, batch_size=batch_size, **limits)

    def events(self, *, as_of: str | None = None, **filters) -> list[Event]:
        """Fused events; filters: category, country, since, until, disputed, text, limit.

        `as_of` (an ISO date) answers with what was known then: each event fused again from the
        reports known by the end of that day (dated, or stated updated, on or before it; undated
        reports are left out, since when they were known cannot be told), events no such report
        mentions dropped.
        The filters apply to the events as they were then.
        """
        if as_of is None:
            return self.store.events(**filters)
        try:
            as_of = dt.date.fromisoformat(as_of[:10]).isoformat()
        except (TypeError, ValueError) as exc:
            raise errors.InputError(errors.BAD_AS_OF, item=f"as_of {as_of!r}") from exc
        from .fuse.fuse import fuse

        limit = filters.pop("limit", None)
        known: list[Event] = []
        with self.store.engine.connect() as conn:
            for item in self.store.events(**{k: v for k, v in filters.items() if k in ("category", "country")}):
                mentions, articles = self.store.fusion_input(conn, item.id)
                articles = {aid: a for aid, a in articles.items() if _known_by(a, as_of)}
                mentions = [m for m in mentions if m.article_id in articles]
                if mentions:
                    known.append(fuse(item.id, mentions, articles))
        known = [e for e in known if _matches(e, **filters)]
        # newest first as the store lists them (by the date known then), undated last, then by id
        known.sort(key=lambda e: e.id)
        known.sort(key=lambda e: e.date or "", reverse=True)
        return known[:limit] if limit else known

    def sources(self, *, by: str = "outlet", apply: bool = False) -> list[SourceReliability]:
        """Each outlet's (by="attribution": each cited source's) estimated reliability and the
        evidence behind it (`sitrep.fuse.reliability`). `apply` writes every event fused again
        with the outlets' reliabilities, in one transaction."""
        from .fuse.reliability import estimate, observe

        events = self.store.events()
        if by == "attribution":
            return observe(events, by="attribution")
        with self.store.atomic() as conn:
            reliability, fused = estimate(events, lambda item, weights: self._refused(conn, item, weights))
            if apply:
                for item in fused:
                    self.store.put_event(conn, item)
        return observe(fused)

    def _refused(self, conn, item: Event, reliability: dict[str, float]) -> Event:
        from .fuse.fuse import fuse

        mentions, articles = self.store.fusion_input(conn, item.id)
        fused = fuse(item.id, mentions, articles, reliability) if mentions else item
        fused.related = item.related
        return fused

    def event(self, event_id: str) -> Event | None:
        """One event by id (a unique prefix is enough)."""
        return self.store.event(event_id)

    def entities(self, *, type_: str | None = None) -> list[Entity]:
        return self.store.entities(type_=type_)

    def statements(self, *, speaker: str | None = None, event_id: str | None = None) -> list[Statement]:
        return self.store.statements(speaker=speaker, event_id=event_id)

    def export(self, fmt: str, out: IO[str] | BinaryIO | str | Path, **filters) -> int:
        """Write the events in `fmt` (`sitrep.serve.export.FORMATS`) to `out`, a text stream; for
        Parquet a file path or a binary handle. Returns how many were written."""
        from .serve.export import export

        return export(self.events(**filters), fmt, out)

    def to_dataframe(self, **filters):
        """Events as a pandas DataFrame with the CSV export's columns, one row per event, typed (counts
        are nullable integers). Needs pandas (`pip install "sitrep[dataframe]"`); without it this
        raises `errors.DependencyError`, an ImportError naming that extra."""
        from .serve.export import dataframe

        return dataframe(self.events(**filters))

    def close(self) -> None:
        self.store.close()


def _known_by(article, as_of: str) -> bool:
    """The version of the report we hold was out by the end of `as_of` (a page's stated update
    time counts: the text we hold is the updated one)."""
    from .fuse.timeline import article_time

    known = article_time(article)
    return bool(known) and known[:10] <= as_of[:10]


def _matches(item: Event, *, category: str | None = None, country: str | None = None, since: str | None = None,
             until: str | None = None, disputed: bool | None = None, text: str | None = None) -> bool:
    """The store's event filters, on an event fused in memory."""
    if category and item.event[0] != category.upper():
        return False
    if country and (item.event_loc is None or item.event_loc.country_code != country.upper()):
        return False
    if since and (item.date is None or item.date < since):
        return False
    if until and (item.date is None or item.date > until):
        return False
    if disputed is not None and item.is_disputed != disputed:
        return False
    return not text or text.lower() in item.summary.lower()


def open(db: str | Path = "sitrep.db") -> Sitrep:  # noqa: A001 - mirrors sqlite3.connect / dataset.open
    return Sitrep(db)
