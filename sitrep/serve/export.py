"""Exports: PLOVER JSON lines with provenance (the contract in DESIGN.md), ACLED-like CSV, GeoJSON.

Field names are a contract: changing them is a versioned change (`EXPORT_VERSION`).
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any, Iterable

from ..extract.ontology import load_ontology
from ..records import Event

EXPORT_VERSION = "1.2"  # 1.1 added "history" (per field, in time order); 1.2 the place's precision, admin2
#                        and locality (JSON: in event_loc; CSV: admin2, geo_precision, location_precision); nothing renamed
FORMATS = ("jsonl", "csv", "geojson")
CSV_COLUMNS = [
    "event_id", "event_date", "date_precision", "plover_event", "plover_mode", "plover_context", "modality",
    "acled_sub_event_type", "gtd_attack_type", "actor1", "actor1_code", "actor1_sector", "actor2", "actor2_code",
    "actor2_sector", "location", "admin1", "admin2", "country", "iso", "latitude", "longitude", "geo_precision",
    "location_precision", "geonameid", "fatalities",
    "injured", "arrested", "weapons", "claimed_by", "sources", "source_count", "disputed_fields", "confidence", "notes",
]


def plover_record(item: Event) -> dict[str, Any]:
    """One event in the export contract's shape."""
    return {
        "id": item.id,
        "event": item.event,
        "mode": item.mode,
        "context": item.context,
        "modality": item.modality,
        "date": item.date,
        "date_precision": item.date_precision,
        "actor": [_actor(a) for a in item.actor],
        "recipient": [_actor(a) for a in item.recipient],
        "event_loc": item.event_loc.to_dict() if item.event_loc else None,
        "size": item.size,
        "weapons": item.weapons,
        "claimed_by": item.claimed_by,
        "summary": item.summary,
        "sources": [s.to_dict() for s in item.sources],
        "evidence": {field: [_evidence(e, field, item) for e in values] for field, values in item.evidence.items()},
        "history": {field: [h.to_dict() for h in entries] for field, entries in item.history.items()},
        "disputes": [d.to_dict() for d in item.disputes],
        "confidence": item.confidence,
        "related": item.related,
        "export_version": EXPORT_VERSION,
    }


def _actor(actor) -> dict[str, Any]:
    return {"entity_text": actor.entity_text, "identifier_text": actor.identifier_text, "code": actor.code,
            "sector": actor.sector, "entity_id": actor.entity_id}


def _evidence(evidence, field: str, item: Event) -> dict[str, Any]:
    data = evidence.to_dict()
    data["value"] = _field_value(item, field)
    return data


def _field_value(item: Event, field: str) -> Any:
    if field.startswith("size."):
        return item.size.get(field.split(".", 1)[1])
    if field == "date":
        return item.date
    if field == "event_loc":
        return item.event_loc.resolved_place if item.event_loc else None
    if field == "modality":
        return item.modality
    return None


def csv_row(item: Event) -> dict[str, Any]:
    ontology = load_ontology()
    category = item.event[0] if item.event else ""
    place = item.event_loc
    actor1 = item.actor[0] if item.actor else None
    actor2 = item.recipient[0] if item.recipient else None
    return {
        "event_id": item.id, "event_date": item.date, "date_precision": item.date_precision,
        "plover_event": category, "plover_mode": ";".join(item.mode), "plover_context": ";".join(item.context),
        "modality": item.modality, "acled_sub_event_type": item.subtype or ontology.acled_subevent(category, item.mode),
        "gtd_attack_type": ontology.gtd_attack(category, item.mode),
        "actor1": actor1.entity_text if actor1 else None, "actor1_code": actor1.code if actor1 else None,
        "actor1_sector": actor1.sector if actor1 else None,
        "actor2": actor2.entity_text if actor2 else None, "actor2_code": actor2.code if actor2 else None,
        "actor2_sector": actor2.sector if actor2 else None,
        "location": place.resolved_place if place else None, "admin1": place.province if place else None,
        "country": place.country if place else None, "iso": place.country_code if place else None,
        "admin2": place.admin2 if place else None,
        "latitude": place.lat if place else None, "longitude": place.lon if place else None,
        # ACLED's code (1 town, 2 part of a region, 3 larger region) and our finer word for it
        "geo_precision": place.acled_geo_precision if place else None,
        "location_precision": place.precision if place else None,
        "geonameid": place.geonameid if place else None,
        "fatalities": item.size.get("dead"), "injured": item.size.get("injured"), "arrested": item.size.get("arrested"),
        "weapons": ";".join(item.weapons), "claimed_by": ";".join(f"{c['entity_text']} ({c['status']})" for c in item.claimed_by),
        "sources": ";".join(s.publication or s.url or s.article for s in item.sources), "source_count": len(item.sources),
        "disputed_fields": ";".join(d.field for d in item.disputes), "confidence": item.confidence, "notes": item.summary,
    }


def geojson(events: Iterable[Event]) -> dict[str, Any]:
    features = []
    for item in events:
        place = item.event_loc
        if not place or place.lat is None or place.lon is None:
            continue
        properties = csv_row(item)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]}, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def export(events: Iterable[Event], fmt: str, out: IO[str]) -> int:
    """Write events in `fmt` to `out`; returns how many were written."""
    events = list(events)
    if fmt == "jsonl":
        for item in events:
            out.write(json.dumps(plover_record(item), ensure_ascii=False) + "\n")
        return len(events)
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for item in events:
            writer.writerow(csv_row(item))
        return len(events)
    if fmt == "geojson":
        collection = geojson(events)
        json.dump(collection, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return len(collection["features"])
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
