"""The Python API the CLI wraps.

    import sitrep
    db = sitrep.open("sitrep.db")          # or a postgresql:// URL
    summary = db.run(["reports/"])         # ingest and process
    for event in db.events(disputed=True): ...
    frame = db.to_dataframe()              # pandas, one row per event
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Sequence

from .records import Entity, Event, Statement
from .store.db import Store

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

    def events(self, **filters) -> list[Event]:
        """Fused events; filters: category, country, since, until, disputed, text, limit."""
        return self.store.events(**filters)

    def event(self, event_id: str) -> Event | None:
        """One event by id (a unique prefix is enough)."""
        return self.store.event(event_id)

    def entities(self, *, type_: str | None = None) -> list[Entity]:
        return self.store.entities(type_=type_)

    def statements(self, *, speaker: str | None = None, event_id: str | None = None) -> list[Statement]:
        return self.store.statements(speaker=speaker, event_id=event_id)

    def export(self, fmt: str, out: IO[str], **filters) -> int:
        from .serve.export import export

        return export(self.events(**filters), fmt, out)

    def to_dataframe(self, **filters):
        """Events as a pandas DataFrame with the CSV export's columns (needs pandas)."""
        import pandas as pd

        from .serve.export import csv_row

        return pd.DataFrame([csv_row(e) for e in self.events(**filters)])

    def close(self) -> None:
        self.store.close()


def open(db: str | Path = "sitrep.db") -> Sitrep:  # noqa: A001 - mirrors sqlite3.connect / dataset.open
    return Sitrep(db)
