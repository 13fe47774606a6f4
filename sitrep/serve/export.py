"""Exports: PLOVER JSON lines with provenance (the contract in DESIGN.md), ACLED-like CSV, GTD-like
CSV, GeoJSON, and Parquet (the ACLED-like columns, typed; needs the `dataframe` extra).

Field names are a contract: changing them is a versioned change (`EXPORT_VERSION`).
"""

from __future__ import annotations

import csv
import importlib
import io
import json
from pathlib import Path
from typing import IO, Any, BinaryIO, Iterable

from .. import errors
from ..extract.ontology import load_ontology
from ..records import Event

EXPORT_VERSION = "1.3"  # 1.1 added "history" (per field, in time order); 1.2 the place's precision, admin2
#                        and locality (JSON: in event_loc; CSV: admin2, geo_precision, location_precision); 1.3 the street
#                        address the reports give (JSON and CSV: "address"); nothing renamed
FORMATS = ("jsonl", "csv", "gtd", "geojson", "parquet")
BINARY_FORMATS = ("parquet",)  # written to a file path or a binary handle, never to a text stream
CSV_COLUMNS = [
    "event_id", "event_date", "date_precision", "plover_event", "plover_mode", "plover_context", "modality",
    "acled_sub_event_type", "gtd_attack_type", "actor1", "actor1_code", "actor1_sector", "actor2", "actor2_code",
    "actor2_sector", "location", "admin1", "admin2", "country", "iso", "latitude", "longitude", "geo_precision",
    "location_precision", "geonameid", "address", "fatalities",
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
        "address": item.address,
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
        "geonameid": place.geonameid if place else None, "address": item.address,
        "fatalities": item.size.get("dead"), "injured": item.size.get("injured"), "arrested": item.size.get("arrested"),
        "weapons": ";".join(item.weapons), "claimed_by": ";".join(f"{c['entity_text']} ({c['status']})" for c in item.claimed_by),
        "sources": ";".join(s.publication or s.url or s.article for s in item.sources), "source_count": len(item.sources),
        "disputed_fields": ";".join(d.field for d in item.disputes), "confidence": item.confidence, "notes": item.summary,
    }


# --- GTD-like CSV -----------------------------------------------------------------------------
# Column names and codes of the Global Terrorism Database codebook (START, "GTD Codebook:
# Methodology, Inclusion Criteria, and Variables", 2021). sitrep fills the columns it has a value
# for and leaves a cell empty where it has none (no "Unknown", no -9): an empty cell is "sitrep does
# not know", never a guess. `eventid` is sitrep's event id (GTD's YYYYMMDD+serial numbers are
# START's own), and the sitrep_* columns carry what GTD has no column for.
#
# Which PLOVER category and mode give which GTD attack type is data, beside the ACLED mapping, in
# sitrep/data/ontology.toml ([[gtd_attack]]; DESIGN: the ontology and its mappings are data, so
# users can change them). As shipped, the first matching row wins:
#
#     PLOVER category  mode                         GTD attacktype1_txt
#     ASSAULT          targeted                     Assassination
#     ASSAULT          abduct                       Hostage Taking (Kidnapping)
#     ASSAULT          explosives, suicide-attack   Bombing/Explosion
#     ASSAULT          firearms                     Armed Assault
#     ASSAULT          destroy                      Facility/Infrastructure Attack
#     ASSAULT          primitive, beat              Unarmed Assault
#     ASSAULT          any other                    Unknown
#     any other        -                            (not exported: GTD records attacks only)
GTD_COLUMNS = [
    "eventid", "iyear", "imonth", "iday", "country_txt", "provstate", "city", "latitude", "longitude", "specificity",
    "location", "summary", "suicide", "attacktype1", "attacktype1_txt", "targtype1", "targtype1_txt", "target1",
    "natlty1_txt", "gname", "guncertain1", "claimed", "weaptype1", "weaptype1_txt", "weapdetail", "nkill", "nwound",
    "scite1", "scite2", "scite3", "dbsource", "sitrep_modality", "sitrep_confidence", "sitrep_disputed_fields",
]
# The codebook's attack type codes.
GTD_ATTACK_CODES = {"Assassination": 1, "Armed Assault": 2, "Bombing/Explosion": 3, "Hijacking": 4,
                    "Hostage Taking (Barricade Incident)": 5, "Hostage Taking (Kidnapping)": 6,
                    "Facility/Infrastructure Attack": 7, "Unarmed Assault": 8, "Unknown": 9}
# The first recipient's sector (ontology.toml [sector]) -> GTD target type. UAF (an unidentified
# armed group) and MED (a hospital is "Business", "Government" or "Private Citizens" by its owner)
# have no one GTD type and stay empty. A government recipient of a diplomatic event (an embassy,
# an envoy) is GTD's "Government (Diplomatic)".
GTD_TARGET_TYPES = {"GOV": (2, "Government (General)"), "COP": (3, "Police"), "MIL": (4, "Military"),
                    "JRN": (10, "Journalists & Media"), "CVL": (14, "Private Citizens & Property"),
                    "REL": (15, "Religious Figures/Institutions"), "REB": (17, "Terrorists/Non-State Militia")}
GTD_DIPLOMATIC = (7, "Government (Diplomatic)")
# The canonical weapon names of ontology.toml [weapons] -> GTD weapon type; a drone is left empty
# (GTD codes the munition it carries). With no weapon named, the ASSAULT mode says it.
_FIREARMS, _EXPLOSIVES, _MELEE = (5, "Firearms"), (6, "Explosives"), (9, "Melee")
GTD_WEAPON_TYPES = {
    **dict.fromkeys(["AK-47 rifle", "rifle", "sniper rifle", "pistol", "handgun", "firearm", "shotgun", "machine gun"], _FIREARMS),
    **dict.fromkeys(["bomb", "car bomb", "IED", "grenade", "explosives", "dynamite", "landmine", "rocket", "mortar",
                     "missile", "suicide vest"], _EXPLOSIVES),
    **dict.fromkeys(["knife", "machete"], _MELEE),
}
GTD_WEAPON_OF_ATTACK = {"Bombing/Explosion": _EXPLOSIVES, "Armed Assault": _FIREARMS}
GTD_WEAPON_BY_MODE = {"firearms": _FIREARMS, "explosives": _EXPLOSIVES, "suicide-attack": _EXPLOSIVES, "grenade": _EXPLOSIVES}
# GTD "specificity" by what sitrep resolved the place to: 1 a city's own coordinates, 4 the centre
# of a first-order region (a province), 5 no region known, so no coordinates (the codebook's rule).
GTD_SPECIFICITY = {"city": 1, "admin1": 4, "country": 5}


def gtd_row(item: Event) -> dict[str, Any] | None:
    """One attack as a GTD-like row; None for an event with no GTD attack type (not an attack)."""
    category = item.event[0] if item.event else ""
    attack = load_ontology().gtd_attack(category, item.mode)
    if not attack:
        return None
    year, month, day = _gtd_date(item.date, item.date_precision)
    place = item.event_loc
    specificity = GTD_SPECIFICITY.get(place.feature or "") if place else None
    located = place is not None and specificity is not None and specificity < 5
    target = item.recipient[0] if item.recipient else None
    target_type = _gtd_target(target, item.context)
    weapon = _gtd_weapon(item, attack)
    group, uncertain = _gtd_group(item)
    statuses = {c.get("status") for c in item.claimed_by}
    sources = [", ".join(x for x in (s.publication, s.title, s.published, s.url) if x) for s in item.sources[:3]]
    sources += [""] * (3 - len(sources))
    return {
        "eventid": item.id, "iyear": year, "imonth": month, "iday": day,
        "country_txt": place.country if place else None, "provstate": place.province if place else None,
        "city": place.resolved_place if place and place.feature == "city" else None,
        "latitude": place.lat if located else None, "longitude": place.lon if located else None,
        "specificity": specificity, "location": place.extracted_place if place else None, "summary": item.summary,
        # the codebook's 0 is "no indication that the incident was a suicide attack", which sitrep can say
        "suicide": int("suicide-attack" in item.mode),
        "attacktype1": GTD_ATTACK_CODES.get(attack), "attacktype1_txt": attack,
        "targtype1": target_type[0] if target_type else None, "targtype1_txt": target_type[1] if target_type else None,
        "target1": target.entity_text if target else None, "natlty1_txt": _country_name(target.code if target else None),
        "gname": group, "guncertain1": uncertain,
        "claimed": 1 if "claimed" in statuses else 0 if "denied" in statuses else None,
        "weaptype1": weapon[0] if weapon else None, "weaptype1_txt": weapon[1] if weapon else None,
        "weapdetail": ";".join(item.weapons), "nkill": item.size.get("dead"), "nwound": item.size.get("injured"),
        "scite1": sources[0], "scite2": sources[1], "scite3": sources[2], "dbsource": "sitrep",
        "sitrep_modality": item.modality, "sitrep_confidence": item.confidence,
        "sitrep_disputed_fields": ";".join(d.field for d in item.disputes),
    }


def _gtd_date(date: str | None, precision: str | None) -> tuple[int | None, int | None, int | None]:
    """GTD's iyear, imonth, iday; the codebook writes 0 for a month or day that is not known."""
    if not date:
        return None, None, None
    parts = [int(p) for p in date.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 and precision in ("month", "day") else 0
    day = parts[2] if len(parts) > 2 and precision == "day" else 0
    return year, month, day


def _gtd_target(target, context: list[str]) -> tuple[int, str] | None:
    if target is None or target.sector not in GTD_TARGET_TYPES:
        return None
    if target.sector == "GOV" and "diplomatic" in context:
        return GTD_DIPLOMATIC
    return GTD_TARGET_TYPES[target.sector]


def _gtd_weapon(item: Event, attack: str) -> tuple[int, str] | None:
    """The main weapon: of those named, the one the attack type implies (a bombing's explosives
    before the rifles also named), else the first; with none named, the mode's."""
    named = [GTD_WEAPON_TYPES[w] for w in item.weapons if w in GTD_WEAPON_TYPES]
    implied = GTD_WEAPON_OF_ATTACK.get(attack)
    if named:
        return implied if implied in named else named[0]
    return next((GTD_WEAPON_BY_MODE[m] for m in item.mode if m in GTD_WEAPON_BY_MODE), None)


def _gtd_group(item: Event) -> tuple[str | None, int | None]:
    """GTD's gname and guncertain1: a group that claimed the attack, else one suspected of it
    (uncertain), else an organisation the reports name as the perpetrator."""
    for status, uncertain in (("claimed", 0), ("suspected", 1)):
        named = next((c["entity_text"] for c in item.claimed_by if c.get("status") == status), None)
        if named:
            return named, uncertain
    organisation = next((a.entity_text for a in item.actor if a.role == "perp_organization"), None)
    return (organisation, 0) if organisation else (None, None)


def _country_name(iso3: str | None) -> str | None:
    """The country an actor's ISO-3 code names, as event_loc names countries (GeoNames' short names)."""
    if not iso3:
        return None
    import pycountry

    from ..analyze.geo import country_name  # the gazetteer loads only for this export

    country = pycountry.countries.get(alpha_3=iso3)
    return country_name(country.alpha_2) if country else None


def geojson(events: Iterable[Event]) -> dict[str, Any]:
    features = []
    for item in events:
        place = item.event_loc
        if not place or place.lat is None or place.lon is None:
            continue
        properties = csv_row(item)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]}, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


# The CSV columns' types in a DataFrame (and so in Parquet): a count no report gave is missing
# (pandas' nullable Int64), not 0 and not a float NaN; text is pandas' string type even where every
# value is missing, so every Parquet file has the same schema.
_INTEGER_COLUMNS = ("geonameid", "geo_precision", "fatalities", "injured", "arrested", "source_count")
_FLOAT_COLUMNS = ("latitude", "longitude", "confidence")


def optional_module(name: str, feature: str):
    """Import a package of the `dataframe` extra, or raise an error naming the extra to install."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        raise errors.DependencyError(errors.DATAFRAME_MISSING.format(feature=feature, module=exc.name or name)) from exc


def dataframe(events: Iterable[Event]):
    """Events as a pandas DataFrame with the CSV export's columns, one row per event, typed."""
    pd = optional_module("pandas", "a DataFrame of events")
    frame = pd.DataFrame([csv_row(item) for item in events], columns=CSV_COLUMNS)
    types = {name: "Int64" if name in _INTEGER_COLUMNS else "Float64" if name in _FLOAT_COLUMNS else "string"
             for name in CSV_COLUMNS}
    return frame.astype(types)


def write_parquet(events: Iterable[Event], out: str | Path | BinaryIO) -> int:
    """The DataFrame of `dataframe` as a Parquet file; returns how many events were written."""
    optional_module("pyarrow", "the Parquet export")  # before pandas would fail with "no usable engine"
    frame = dataframe(events)
    frame.to_parquet(out, engine="pyarrow", index=False)
    return len(frame)


def export(events: Iterable[Event], fmt: str, out: IO[str] | BinaryIO | str | Path) -> int:
    """Write events in `fmt` to `out`; returns how many were written.

    `out` is a text stream, except for Parquet (`BINARY_FORMATS`): a file path or a binary handle.
    The GTD-like CSV holds the attacks only (events with a GTD attack type, see `gtd_row`).
    """
    events = list(events)
    if fmt == "parquet":
        if isinstance(out, io.TextIOBase):
            raise errors.InputError(errors.PARQUET_NEEDS_FILE, item="--format parquet")
        return write_parquet(events, out)  # type: ignore[arg-type]
    if fmt == "gtd":
        rows = [row for row in (gtd_row(item) for item in events) if row is not None]
        writer = csv.DictWriter(out, fieldnames=GTD_COLUMNS)  # type: ignore[arg-type]
        writer.writeheader()
        writer.writerows(rows)
        return len(rows)
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
