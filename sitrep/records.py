"""The typed records that flow between sitrep's stages.

Every value that comes from a report carries offsets into its article's text (`start`, `end`),
so it can be traced back to the sentence it came from. Records are plain dataclasses with
`to_dict` / `from_dict`; no stage passes raw dicts around.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = [
    "Actor",
    "Address",
    "Argument",
    "Article",
    "Claim",
    "Dispute",
    "Entity",
    "Event",
    "Evidence",
    "HistoryEntry",
    "Mention",
    "PLACE_PRECISIONS",
    "Place",
    "Source",
    "Statement",
    "TimeValue",
    "article_id_for",
    "normalize_text",
]

T = TypeVar("T")


def normalize_text(text: str) -> str:
    """The text an article id is computed from: NFC, whitespace collapsed, case kept."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def article_id_for(text: str) -> str:
    """Content-hash id: the same text always gets the same id, so re-ingesting is harmless."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def _from_dict(cls: type[T], data: dict[str, Any]) -> T:
    # Keys a newer version wrote are dropped, so old code still reads new rows.
    names = _field_names(cls)
    return cls(**{k: v for k, v in data.items() if k in names})


@functools.cache
def _field_order(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


# Leaves by exact type, tested first: most values written are strings, numbers and None, and
# each went through four isinstance tests (a store write turns 300,000 values a 200-article run).
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """What dataclasses.asdict makes of a value (new containers, records as dicts), without its
    deep copy of every leaf: the leaves here are immutable, and asdict was a tenth of a main job."""
    if value.__class__ in _LEAVES:
        return value
    if isinstance(value, _Record):
        return {name: _plain(getattr(value, name)) for name in _field_order(type(value))}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


class _Record:
    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass
class Article(_Record):
    """One report as ingested. `published` is an ISO date (YYYY-MM-DD) or None when unknown."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    publication: str | None = None
    published: str | None = None
    published_source: str | None = None  # "metadata", "text", "user" or None
    language: str | None = None
    origin: str | None = None  # file path / line the article came from, for error messages
    duplicate_of: str | None = None  # id of the article this one is a near-duplicate (wire copy) of
    updated: str | None = None  # the page's stated "Updated:" time (ISO), where the text gives one
    # what kind of report it is (`sitrep.extract.report_types`): an ACLED sub-event or a kind
    # outside ACLED, with the model's probability
    report_type: str | None = None
    report_type_confidence: float | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        return _from_dict(cls, data)


@dataclass
class TimeValue(_Record):
    """A normalized time expression: ISO date with its precision ("day", "month", "year")."""

    value: str
    precision: str
    text: str
    start: int
    end: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TimeValue":
        return _from_dict(cls, data)


# How finely a place is known, finest first (see `Place`), and ACLED's geo_precision code for each.
PLACE_PRECISIONS = ("point", "city", "admin2", "admin1", "country")
_ACLED_GEO_PRECISION = {"point": 1, "city": 1, "admin2": 2, "admin1": 3, "country": 3}


@dataclass(frozen=True)
class Address:
    """A street address a report gives: a house number, or a block ("the 15400 block of ..."), on a
    named street. `street` is the street's name as compared across reports: lower-cased, with its
    direction and without its type ("w main" for "1200 W. Main Street")."""

    text: str
    start: int
    end: int
    number: int
    block: bool
    street: str

    def compatible(self, other: "Address") -> bool:
        """Whether two reports' addresses can be the same spot: another street is no comparison
        (a cross street, another scene), a house number inside a block agrees with the block."""
        if self.street != other.street or self.number == other.number:
            return True
        if self.block and other.block:
            return False
        if self.block or other.block:
            block, house = (self, other) if self.block else (other, self)
            return house.number // 100 * 100 == block.number
        return False


@dataclass
class Place(_Record):
    """A place mention resolved against the offline gazetteer.

    `precision` says how finely the place is known, ACLED's geo-precision idea in words: "point"
    (a spot inside a town: a street, a neighbourhood with coordinates of its own; none of the
    bundled data has such coordinates yet), "city" (a town, or a part of one placed at the town:
    "the Southwest Side" of Chicago, kept as written in `locality`), "admin2" (a county or
    district: "Prince George's County", kept in `admin2`), "admin1" (a state or province),
    "country". `acled_geo_precision` gives ACLED's code. Records stored before the field existed
    get it from `feature` when read back.
    """

    extracted_place: str
    resolved_place: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    province: str | None = None
    country: str | None = None
    country_code: str | None = None
    feature: str | None = None  # "city", "admin2", "admin1", "country"
    precision: str | None = None  # one of PLACE_PRECISIONS; None only when `feature` is unknown
    admin2: str | None = None  # the county or district, where the report names one
    locality: str | None = None  # the part of the town the report names ("the Southwest Side")

    def __post_init__(self) -> None:
        if self.precision is None and self.feature in PLACE_PRECISIONS:
            self.precision = self.feature

    @property
    def acled_geo_precision(self) -> int | None:
        """ACLED's geo_precision code: 1 for a town or a spot in it, 2 for "a small part of a region"
        (a county or district), 3 for a larger region (ACLED codes a state, a province and a whole
        country 3: the coordinates are then its capital's or its centre's)."""
        return _ACLED_GEO_PRECISION.get(self.precision or "")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Place":
        return _from_dict(cls, data)


@dataclass
class Actor(_Record):
    """An actor or recipient as PLOVER codes it, plus the canonical entity it was linked to."""

    entity_text: str
    identifier_text: str | None = None
    code: str | None = None  # ISO-3 country code where the actor belongs to a country
    sector: str | None = None  # GOV, MIL, POL, REB, CVL, ...
    role: str | None = None  # the role model's finer role (perp_individual, victim, ...), where it read one
    entity_id: str | None = None
    start: int | None = None
    end: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Actor":
        return _from_dict(cls, data)


@dataclass
class Argument(_Record):
    """A phrase the role model read as one of the mention's arguments ("perp_individual",
    "perp_organization", "victim", "target", "weapon"), as written, with its offsets; `age` is the
    age the text gives right after a name ("Jacquay Howard, 21, was arrested"), where it does."""

    role: str
    text: str
    start: int
    end: int
    probability: float | None = None
    age: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Argument":
        return _from_dict(cls, data)


@dataclass
class Evidence(_Record):
    """Where one value was read: article, character span of its sentence, and how it was said."""

    article: str
    start: int
    end: int
    text: str
    attribution: str | None = None
    hedged: bool = False
    publication: str | None = None
    published: str | None = None  # when its report was known (stated update time, else publication date)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Evidence":
        return _from_dict(cls, data)


@dataclass
class Claim(_Record):
    """One value for one field from one mention, with its evidence."""

    field: str  # "size.dead", "date", "event_loc", "claimed_by", "modality", ...
    value: Any
    evidence: Evidence

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Claim":
        data = dict(data)
        data["evidence"] = Evidence.from_dict(data["evidence"])
        return _from_dict(cls, data)


@dataclass
class Mention(_Record):
    """One event as one article states it."""

    id: str
    article_id: str
    category: str
    mode: list[str]
    context: list[str]
    modality: str  # asserted | negated | hypothetical | future | historical
    trigger: str
    start: int  # sentence span in the article text
    end: int
    sentence: str
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    place: Place | None = None
    date: TimeValue | None = None
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    weapons: list[str] = field(default_factory=list)
    claimed_by: list[dict[str, Any]] = field(default_factory=list)  # {"entity_text", "status"}
    arguments: list[Argument] = field(default_factory=list)  # the role model's phrases, as written
    hedged: bool = False
    attribution: str | None = None
    is_main: bool = False  # the article's headline event, not one mentioned in passing
    definite: bool = False  # a noun trigger with a definite determiner ("the attack"): an event the reader knows
    confidence: float | None = None  # the event model's P(this states a real event of its category)
    subtype: str | None = None  # ACLED sub-event type, from the subtype model (an ontology row)
    reported: str | None = None  # the report's (possibly inferred) reference date
    slot_confidence: dict[str, float] = field(default_factory=dict)  # the slot model's P for the place / date it chose
    claims: list[Claim] = field(default_factory=list)
    event_id: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Mention":
        data = dict(data)
        data["actors"] = [Actor.from_dict(a) for a in data.get("actors", [])]
        data["recipients"] = [Actor.from_dict(a) for a in data.get("recipients", [])]
        data["place"] = Place.from_dict(data["place"]) if data.get("place") else None
        data["date"] = TimeValue.from_dict(data["date"]) if data.get("date") else None
        data["claims"] = [Claim.from_dict(c) for c in data.get("claims", [])]
        data["arguments"] = [Argument.from_dict(a) for a in data.get("arguments", [])]
        return _from_dict(cls, data)


@dataclass
class Source(_Record):
    article: str
    url: str | None = None
    publication: str | None = None
    title: str | None = None
    published: str | None = None
    duplicate_of: str | None = None
    report_type: str | None = None  # what kind of report the source is (`Article.report_type`)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Source":
        return _from_dict(cls, data)


@dataclass
class Dispute(_Record):
    """Credible claims that disagree on one field; each value keeps its evidence."""

    field: str
    values: list[dict[str, Any]]  # {"value": ..., "evidence": [Evidence dicts]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Dispute":
        return _from_dict(cls, data)


@dataclass
class HistoryEntry(_Record):
    """One report's value for one field, when it was known, and how it stands.

    `change` says how it relates to the reports before it: "first", "same" (agrees with an
    earlier value), "update" (revises an earlier value: a later report knew more), "conflict"
    (disagrees about the same moment: a dispute), "differs" (disagrees, too weakly to dispute),
    "lags" (repeats a value an update already replaced).
    `status`: "current" (the event's value), "superseded" (a later report updated it),
    "disputed" (a side of a dispute against the current value), "outweighed".
    """

    value: Any
    article: str
    publication: str | None
    time: str | None
    text: str
    start: int
    end: int
    change: str
    status: str
    weight: float = 1.0
    attribution: str | None = None  # who the report cites for it (police, officials, ...)

    @property
    def is_update(self) -> bool:
        return self.change == "update"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "HistoryEntry":
        return _from_dict(cls, data)


@dataclass
class Event(_Record):
    """The fused record over all mentions of one real-world event."""

    id: str
    event: list[str]
    mode: list[str]
    context: list[str]
    modality: str
    date: str | None
    date_precision: str | None
    actor: list[Actor]
    recipient: list[Actor]
    event_loc: Place | None
    size: dict[str, int | None]
    weapons: list[str]
    claimed_by: list[dict[str, Any]]
    summary: str
    sources: list[Source]
    evidence: dict[str, list[Evidence]]
    disputes: list[Dispute]
    confidence: float
    field_confidence: dict[str, float] = field(default_factory=dict)
    subtype: str | None = None  # ACLED sub-event type most of its mentions were given
    mention_ids: list[str] = field(default_factory=list)
    related: list[dict[str, str]] = field(default_factory=list)
    history: dict[str, list[HistoryEntry]] = field(default_factory=dict)  # per field, in time order
    address: str | None = None  # the street address the reports give ("19 Plymouth St"), as written

    @property
    def is_disputed(self) -> bool:
        return bool(self.disputes)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        data = dict(data)
        data["actor"] = [Actor.from_dict(a) for a in data.get("actor", [])]
        data["recipient"] = [Actor.from_dict(a) for a in data.get("recipient", [])]
        data["event_loc"] = Place.from_dict(data["event_loc"]) if data.get("event_loc") else None
        data["sources"] = [Source.from_dict(s) for s in data.get("sources", [])]
        data["evidence"] = {k: [Evidence.from_dict(e) for e in v] for k, v in data.get("evidence", {}).items()}
        data["disputes"] = [Dispute.from_dict(d) for d in data.get("disputes", [])]
        data["history"] = {k: [HistoryEntry.from_dict(h) for h in v] for k, v in data.get("history", {}).items()}
        return _from_dict(cls, data)


@dataclass
class Entity(_Record):
    """A canonical entity with every name it was seen under."""

    id: str
    name: str
    type: str  # PERSON, ORG, GPE, NORP, LOC
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    identifier: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Entity":
        return _from_dict(cls, data)


@dataclass
class Statement(_Record):
    """Who said what, when, and (once linked) about which event."""

    id: str
    article_id: str
    speaker: str
    text: str
    start: int
    end: int
    date: str | None = None
    speaker_entity_id: str | None = None
    is_direct: bool = True
    event_id: str | None = None
    mention_id: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Statement":
        return _from_dict(cls, data)
