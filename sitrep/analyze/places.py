"""Every place a report names, found once per article: the candidates the slot model chooses from.

A report names its scene in many ways the entity recognizer alone misses: a dateline
("PUYALLUP, Wash. —", "STOCKTON-", "INDIANAPOLIS, Ind. (Feb. 20, 2014) —"), a town used as a
modifier ("a Puyallup boy", "Elgin police"), a town the recognizer did not tag ("a shooting in
Elgin"). So the candidates are:
  1. the dateline of the report's first paragraphs, with its state;
  2. every LOC / GPE entity;
  3. every other run of capitalised proper nouns (outside person names) that the gazetteer knows.
Each is resolved once, with the report's context: its countries and its first-level divisions (the
dateline's state first, then the states it names most, "X, Wash." included), so "Sterling" in a
report from Illinois is Sterling, Illinois. Which candidate is the event's place is the slot model's
decision (`sitrep.extract.slots`), not this module's.
"""

from __future__ import annotations

import calendar
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from spacy.tokens import Doc, Span

from ..records import Address, Place
from . import geo, tokens

# How far into a report a dateline may start (characters): after a headline and a byline.
DATELINE_REACH = 700
_DASH = r"(?:—|–|--|-|:)"
# "PUYALLUP, Wash. —", "PARAGOULD, AR (KAIT) -", "HARBOR CITY (CNS) -", "ROGERS PARK —"
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<city>[A-Z][A-Z.'’&\- ]{2,40}?)"
    r"(?:\s*,\s*(?P<state>[A-Z][A-Za-z. ]{0,14}?))?"
    r"\s*(?:\{\}|\[\])?\s*(?:\((?P<paren>[^)\n]{1,40})\))?\s*" + _DASH + r"\s*(?=\S)"
)
# "Chubbuck, Idaho", "Puyallup, Wash.": a place followed by its division
_CITY_COMMA_STATE = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*,\s+(?P<state>[A-Z][A-Za-z.]+(?: [A-Z][a-z.]+)?)")
# a run of proper nouns longer than this is a title or an organisation, not a place name
MAX_NAME_TOKENS = 4
# Parts of a town a report names instead of the town, kept as written and placed at the town:
# "the Southwest Side", "the Marquette Park neighborhood", "the Germantown section of Philadelphia",
# "in east Baltimore", "Northwest Washington".
_DIRECTION = r"(?:North|South|East|West|Northwest|Northeast|Southwest|Southeast)"
_TOWN = r"(?P<town>[A-Z][a-z]+(?:[ -](?:St\.|[A-Z][a-z]+)){0,2})"
_SIDE = re.compile(r"\b(?P<name>(?:(?:Far|Near|Lower|Upper)\s+)?" + _DIRECTION + r"\s+Side)\b(?:\s+of\s+" + _TOWN + ")?")
_NAMED_PART = re.compile(r"\bthe\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+(?:neighborhood|neighbourhood|section)\b"
                         r"(?:\s+(?:of|in)\s+" + _TOWN + ")?")
_QUARTER = re.compile(r"\b(?P<name>(?i:" + _DIRECTION + r")(?:ern)?\s+" + _TOWN + ")")
# A county's name with its "County" ("Prince George's County", "Orleans Parish"): up to three
# capitalised words before it, read longest first ("Police Cook County" is "Cook County").
_COUNTY = re.compile(r"\b(?P<name>(?:[A-Z][\w'’.-]*\s+){1,3}(?:County|Parish|Borough))\b")


# A town named in its police's or sheriff's name ("a Chicago Police Department spokesman",
# "the Dayton Police Department said", "Jackson Police Chief Lee Vance", "DETROIT POLICE SAY"): the
# recognizer tags the whole as an organisation, so the town is no place entity, yet a report cites
# the police of the town where its event happened. Up to three capitalised words, then the police,
# a kind of town between them at most ("Las Vegas Metropolitan Police").
# (A township's, a county's, a state's police is no town's: "Jackson Township Police", "Madison
# County Sheriff", "Indiana State Police".)
_NOT_TOWN = r"(?!(?:The|A|An|County|Parish|State|Township|Village|Borough|City|Metropolitan|Metro)\b)"
_POLICE_TOWN = re.compile(
    r"\b(?P<town>" + _NOT_TOWN + r"[A-Z][a-z]+(?:[ -]" + _NOT_TOWN + r"[A-Z][a-z]+){0,2}(?: City)?"
    r"|(?!(?:THE|COUNTY|STATE)\b)[A-Z]{3,}(?: [A-Z]{3,}){0,2}?)"
    r"\s+(?:(?:Metropolitan|Metro)\s+)?(?:Police|police|POLICE|Sheriff|sheriff|SHERIFF)\b")


@dataclass
class PlaceCandidate:
    """One place named in a report, resolved in the report's context."""

    text: str
    start: int
    end: int
    sentence: int  # index of its sentence in the doc
    source: str  # "dateline", "entity", "name", "county", "part" (of a town: "the Southwest Side")
    place: Place
    before: str = ""  # the word before it, lower-cased ("in", "at", "a")
    after: str = ""  # the word after it, lower-cased ("police", "county", "boy")
    label: str = ""  # the entity recognizer's label, where it tagged the words
    state: str | None = None  # a division written right after it ("Chubbuck, Idaho")
    in_name: bool = False  # a capitalised proper noun right before or after it ("Jordan Faulkner")
    governor: str = ""  # the lemma it attaches to ("shooting" of "a shooting in Elgin", "boy" of "a Puyallup boy")
    person: bool = False  # the report names a person by these words ("Durham was one of five people shot")
    title_part: str = ""  # a headline's place: "story", or "outlet" (`find_headline_places`)


@functools.cache
def _abbreviations() -> dict[str, tuple[str, str]]:
    """"Wash." / "WA" -> ("US", "Washington"): the table plus GeoNames' postal codes."""
    table: dict[str, tuple[str, str]] = {}
    with geo._data_path("admin1_abbreviations.tsv").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip() and not line.startswith("#"):
                abbreviation, cc, name = line.rstrip("\n").split("\t")
                table[abbreviation.lower()] = (cc, name)
    with geo._geonames_file("us_states.json").open(encoding="utf-8") as f:
        for code, state in json.load(f).items():
            table.setdefault(code.lower(), ("US", state["name"]))
    return table


def division(text: str) -> tuple[str, str] | None:
    """(country, division name) for a division written out or abbreviated ("Wash.", "WA",
    "Idaho"), else None."""
    cleaned = text.strip().rstrip(",")
    found = _abbreviations().get(cleaned.lower()) or _abbreviations().get(cleaned.lower() + ".")
    if found is not None:
        return found
    place = geo.get_gazetteer().resolve(cleaned)
    if place is not None and place.feature == "admin1" and place.province:
        return (place.country_code or "", place.province)
    return None


def division_of(town: str, state: str) -> tuple[str, str] | None:
    """(country, division name) for the division written after a town ("Carlton, Georgia",
    "Spokane, Washington", "Buffalo, New York"): `division`, else a division of that name in which
    a town of that name lies. The names a country or a city bears too (Georgia, Washington, New
    York) are the division where the town is there."""
    found = division(state)
    if found is not None:
        return found
    gazetteer = geo.get_gazetteer()
    named = gazetteer.candidates(state.strip().rstrip(","))
    for place in named:
        if place.feature == "admin1" and place.province:
            lies = gazetteer.resolve(town, province_hints=[place.province])
            if lies is not None and (lies.province, lies.country_code) == (place.province, place.country_code):
                return (place.country_code or "", place.province)
    # a village the gazetteer does not know ("Carlton, Georgia", 300 people) in the one division of
    # that name, where no town so named lies in the country of that name either: a town with its
    # division is how US news places a town; Tbilisi, Georgia is a town the gazetteer knows
    divisions = {(p.country_code or "", p.province) for p in named if p.feature == "admin1" and p.province}
    countries = {p.country_code for p in named if p.feature == "country"}
    if len(divisions) == 1 and countries and not any(
            p.feature == "city" and p.country_code in countries for p in gazetteer.candidates(town)):
        return next(iter(divisions))
    return None


def _dateline(text: str) -> tuple[str, int, int, str | None] | None:
    """(city words, start, end, division) of the report's dateline, if it has one."""
    for match in _DATELINE.finditer(text, 0, DATELINE_REACH):
        city = match.group("city").strip(" -.")
        words = city.split()
        # an all-capital line is a dateline only when short: "THAT KILLED A 9 YEAR OLD BOY" is not
        if not words or len(words) > 4 or not any(ch.isalpha() for ch in city):
            continue
        state = match.group("state")
        return city, match.start("city"), match.start("city") + len(city), state.strip() if state else None
    return None


def _word(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) and not doc[i].is_space else ""


def _governor(span: Span) -> str:
    root = span.root
    head = root.head
    while head.i != root.i and head.dep_ == "flat":  # inside a multi-word name
        root, head = head, head.head
    return "" if head.i == root.i else (head.lemma_ or head.text).lower()


def in_longer_name(doc: Doc, span: Span) -> bool:
    """The recognizer tagged part of a longer name ("Jordan" of "Jordan Faulkner")."""
    def name_word(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() and doc[i].lower_ not in _PLACE_WORDS
    return name_word(span.start - 1) or name_word(span.end)


# capitalised words that follow or precede a place without making it another name
_PLACE_WORDS = frozenset({"county", "police", "city", "township", "parish", "sheriff", "department", "road", "street", "avenue", "park", "high", "school", "north", "south", "east", "west"})


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = n
    return index


def _name_runs(doc: Doc, taken: list[bool]) -> list[Span]:
    """Maximal runs of capitalised proper nouns that no entity covers."""
    runs, start = [], None
    data = tokens.of(doc)  # the token lists, not a Token per word
    n = len(doc)
    for i in range(n + 1):
        inside = i < n and not taken[i] and data.pos[i] == "PROPN" and data.orth[i][:1].isupper()
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            end = i
            if end - start <= MAX_NAME_TOKENS:
                runs.append(doc[start:end])
            start = None
    return runs


def _town_parts(text: str) -> list[tuple[int, int, list[str], bool]]:
    """(start, end, towns, is_quarter) for each part of a town the report names: `towns` are the
    readings of the town written with it, longest first ("Washington" of "Northwest Washington
    Friday"), empty where the report leaves the town to the reader ("the Southwest Side");
    `is_quarter` where the town is inside the name ("east Baltimore")."""
    parts: list[tuple[int, int, list[str], bool]] = []
    for pattern in (_SIDE, _NAMED_PART, _QUARTER):
        for match in pattern.finditer(text):
            start, end = match.span("name")
            if any(s < end and start < e for s, e, *_ in parts):
                continue
            words = (match.group("town") or "").split()
            towns = [" ".join(words[:n]) for n in range(len(words), 0, -1)]
            parts.append((start, end, towns, pattern is _QUARTER))
    return parts


_POLICE_WORDS = frozenset({"police", "sheriff", "metropolitan", "metro"})


def _home_town(candidates: Sequence[PlaceCandidate], province_hints: Sequence[str]) -> Place | None:
    """The town the report is about: its dateline's, else the one whose police it cites, else the town it names most (in its main
    state, where it has one), a town the recognizer tagged before one it did not ("Center" of
    "Mount Sinai Medical Center"), the first named on a tie."""
    towns = [c for c in candidates if c.place.feature == "city" and not c.in_name]
    dateline = next((c for c in towns if c.source == "dateline"), None)
    if dateline is not None:
        return dateline.place
    # the town whose police the report cites is the jurisdiction of its scene ("the West Side ...
    # a Chicago Police Department spokesman"), more surely than a town named more often ("taken
    # to Mount Sinai")
    police = next((c for c in towns if c.after in _POLICE_WORDS), None)
    if police is not None:
        return police.place
    if province_hints:
        towns = [c for c in towns if c.place.province == province_hints[0]]
    counts = Counter(c.place.geonameid for c in towns)
    best = max(towns, key=lambda c: (counts[c.place.geonameid], c.source == "entity"), default=None)
    return best.place if best is not None else None


def _may_be_town(candidate: PlaceCandidate, gazetteer: geo.Gazetteer, doc: Doc, lower_words: frozenset[str] = frozenset()) -> bool:
    """Whether a town candidate can be the town it resolved to: no month, weekday, time zone or
    holiday, no person's title, initial, state's abbreviation or street's name, no common noun
    the report writes in lower case too ("Police said ..." where it tells of the police), and the
    town is called so (its own name or an alternate one), not only its own name less "City"
    ("Texas" of "a Texas toddler" is the state, not Texas City; "Center" of "Medical Center" is no
    Center City). `lower_words`: the report's words written in lower case."""
    if candidate.place.feature != "city" or candidate.source == "part":
        return True
    bare = candidate.text.strip(" .").lower()
    if bare in _CALENDAR_WORDS or bare in _TITLES:
        return False
    words = candidate.text.split()
    if len(words) > 1 and words[-1].rstrip(".").lower() in STREET_TYPES:
        return False  # a street's own name ("Hacks Cross Road": Cross Road is no Union Point, Georgia)
    if (candidate.source == "name" and len(words) == 1 and bare in lower_words and candidate.before not in _PLACE_PREPOSITIONS
            and candidate.after not in _POLICE_WORDS):
        # a capitalised common noun the recognizer did not take for a place, opening a sentence or
        # a headline ("Police said the boy ...", "Gang unit investigates"): the report writes the
        # word in lower case elsewhere, as the word it is; a town of that name it would introduce
        # as a place ("in Mobile") or cite the police of
        return False
    abbreviated = _abbreviations().get(candidate.text.lower()) if candidate.text.endswith(".") else None
    if sum(ch.isalpha() for ch in candidate.text) < 2 or (abbreviated and abbreviated[1] != candidate.place.province):
        # an initial ("W."), a state's abbreviation ("Va."): Ouê‘a, Djibouti and Wa, Ghana are no
        # towns of the report ("D.C." is Washington, in the District of Columbia, all the same)
        return False
    span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    block_of = span is not None and (_word(doc, span.start - 2), _word(doc, span.start - 1)) == ("block", "of")
    if candidate.after.removesuffix("s") in STREET_TYPES or block_of or candidate.text.lower() in STREET_TYPES:
        # a street's name ("Letchworth Drive", "Vermont and Manchester avenues", "the 14000 block
        # of Patton") or its type ("Street" of "27th Street": Street, England)
        return False
    return gazetteer.is_called(candidate.text, candidate.place)


# Months and weekdays name times, whatever town bears their name ("killed May 23", "Thursday at
# the Broad River bridge": Mayville, North Dakota and Thursday Island are alternate names' towns)
# Nor do time zones ("3:56 PM EDT": Edt bei Lambach, Austria; "EST": Est, Burkina Faso) or holidays ("her
# Christmas tree": Christmas, Florida).
_TIME_ZONES = frozenset({"est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "akst", "akdt", "hst", "gmt", "utc"})
_CALENDAR_WORDS = frozenset({*(m.lower() for m in calendar.month_name[1:]), *(m.lower() for m in calendar.month_abbr[1:]),
                             "sept", *(d.lower() for d in calendar.day_name), *_TIME_ZONES,
                             "christmas", "easter", "thanksgiving", "halloween"})
# What a person's title or a rank is ("A state Trooper suffered", "Senior Trooper B. R. Woods", "Public
# Information Officer Karen Sergeant", "Lt. Gen. Mark Milley"): a person, whatever town bears the word.
_TITLES = frozenset({"trooper", "officer", "deputy", "sergeant", "sgt", "detective", "det", "chief", "captain", "capt",
                     "lieutenant", "lt", "corporal", "cpl", "agent", "judge", "mayor", "coroner", "dr", "gen", "st"})
# Words before a town that introduce it as a place ("in Mobile", "near Bell", "from Reading")
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "of", "from", "to", "outside", "into", "toward", "towards"})


def find_places(doc: Doc, *, country_hints: Sequence[str] = ()) -> list[PlaceCandidate]:
    """Every place candidate of the report, in text order (the dateline first).

    A part of a town ("the Southwest Side", "the Marquette Park neighborhood", "in east Baltimore")
    is placed at the town written with it, else at the report's own town (`_home_town`), never at
    a namesake elsewhere: its words are not looked up on their own. Nor are a county's: "Prince
    George's County" is a county of Maryland or nothing, never Prince George, British Columbia."""
    with tokens.shared(doc):  # one DocTokens for the text and the name runs
        return _find_places(doc, country_hints)


# What separates a headline's story from the outlet a page title appends to it ("Five people shot
# in apartment complex - WMC Action News 5 - Memphis, Tennessee", "... | WSMV Channel 4")
_OUTLET_SEPARATOR = re.compile(r"\s[-|–—]\s")


def find_headline_places(doc: Doc, *, country_hints: Sequence[str] = (), province_hints: Sequence[str] = (),
                         lower_words: frozenset[str] = frozenset()) -> list[PlaceCandidate]:
    """The places a report's headline names (`doc`: the parsed headline), resolved in the
    report's context: the divisions the headline writes first ("Memphis, Tennessee"), then the
    body's (`province_hints`, `province_hints_of` its candidates), so "Arlington" of a Texas
    report is Arlington, Texas. A page's body is often boilerplate ("Just One More Thing... We
    have sent you a verification email") or tells the story without its town, which only the
    headline names ("Teen fatally shot in head in southwest Macon").

    Each has source "headline", offsets into the headline and its `title_part`: "outlet" for a
    place named after the separator that ends the story's words ("... - WMC Action News 5 -
    Memphis, Tennessee": the outlet's home, the scene's only for local news), else "story".
    Headlines have no dateline. `lower_words`: the body's words written in lower case; a headline
    capitalises its every word ("1 Dead, 6 Hurt After Shooting"), so the body tells "Hurt" (a
    town of Virginia) for the common word it is (`_may_be_town`)."""
    with tokens.shared(doc):
        found = _find_places(doc, country_hints, extra_province_hints=province_hints, datelines=False,
                             extra_lower_words=lower_words)
    separator = _OUTLET_SEPARATOR.search(doc.text)
    for candidate in found:
        candidate.source = "headline"
        candidate.title_part = "outlet" if separator is not None and candidate.start >= separator.end() else "story"
    return found


def _find_places(doc: Doc, country_hints: Sequence[str], *, extra_province_hints: Sequence[str] = (),
                 datelines: bool = True, extra_lower_words: frozenset[str] = frozenset()) -> list[PlaceCandidate]:
    gazetteer = geo.get_gazetteer()
    text = tokens.of(doc).text
    sentence_of = _sentence_index(doc)

    # 1. the report's divisions: its dateline's first, then those it names most (then, for a
    # headline, the report's: `extra_province_hints`)
    dateline = _dateline(text) if datelines else None
    divisions: Counter[str] = Counter()
    dateline_division: str | None = None
    if dateline is not None and dateline[3]:
        found = division_of(dateline[0].title(), dateline[3])
        if found is not None:
            dateline_division = found[1]
    division_countries: Counter[str] = Counter()
    # the names the report writes as a town's state ("Marysville, Washington", "Idabel, Oklahoma"):
    # written alone elsewhere in it they are the state too ("a shooting at a Washington high school")
    as_state: dict[str, tuple[str, str]] = {}
    for match in _CITY_COMMA_STATE.finditer(text):
        # "Rock Falls, Ill. was", "Burke County, Georgia. The": the division is the first word when
        # the two are no division's name ("New Mexico", "West Virginia" are)
        town, state = match.group(0).split(",")[0], match.group("state")
        found = division_of(town, state)
        written = state
        if found is None and " " in state:
            found, written = division_of(town, state.split()[0]), state.split()[0]
        if found is not None:
            divisions[found[1]] += 1
            division_countries[found[0]] += 1
            if written.rstrip(".") == found[1]:  # the name written out, not "Wash."
                as_state.setdefault(found[1], found)
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC") and ent.text.lower() not in _TIME_ZONES:
            found = division(ent.text) if len(ent.text) > 3 else None
            if found is not None:
                divisions[found[1]] += 1
                division_countries[found[0]] += 1
    province_hints = ([dateline_division] if dateline_division else []) + [
        name for name, _ in divisions.most_common() if name != dateline_division]
    province_hints += [name for name in extra_province_hints if name not in province_hints]

    def resolve(words: str, state: str | None) -> Place | None:
        hints = province_hints
        if state is not None:
            found = division_of(words, state)
            if found is not None:
                hints = [found[1], *hints]
        return gazetteer.resolve(words, country_hints=country_hints, province_hints=hints)

    def state_after(span: Span) -> str | None:
        if span.end + 1 < len(doc) and doc[span.end].text == ",":
            nxt = doc[span.end + 1]
            words = nxt.text + ("." if span.end + 2 < len(doc) and doc[span.end + 2].text == "." else "")
            return words if division_of(span.text, words) is not None else None
        return None

    candidates: list[PlaceCandidate] = []
    taken = [False] * len(doc)
    parts: list[tuple[Span, Place | None]] = []
    for start, end, towns, is_quarter in _town_parts(text):
        town, written = None, ""
        for written in towns:
            town = resolve(written, None)
            if town is not None:
                break
        if towns and (town is None or town.feature != "city" or division(written) is not None):
            continue  # "southern Illinois", "Northern California": a state, not a town
        if town is not None and province_hints and town.province not in province_hints:
            continue  # "east Springfield" in a report from Illinois is not a part of Springfield, Missouri
        if is_quarter:
            end = text.index(written, start) + len(written)
            if resolve(text[start:end], None) is not None:
                continue  # "North Charleston", "West Virginia": a place of its own
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        parts.append((span, town))
        for i in range(span.start, span.end):
            taken[i] = True
    for match in _COUNTY.finditer(text):
        # the county's words are never read alone: "Prince George" is in British Columbia
        words = match.group("name").split()
        for n in range(len(words), 1, -1):
            start = match.end("name") - len(" ".join(words[-n:]))
            span = doc.char_span(start, match.end("name"), alignment_mode="expand")
            if span is None or any(taken[i] for i in range(span.start, span.end)):
                continue
            place = resolve(span.text, state_after(span))
            if place is not None and place.feature == "admin2":
                candidates.append(PlaceCandidate(text=span.text, start=span.start_char, end=span.end_char,
                                                 sentence=sentence_of[span.start], source="county", place=place,
                                                 before=_word(doc, span.start - 1), after=_word(doc, span.end),
                                                 state=state_after(span), governor=_governor(span)))
                break
        span = doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
        for i in range(span.start, span.end) if span is not None else ():
            taken[i] = True
    # a county resolves only in a state the report names or where its name is unique: its state is
    # the report's too ("Whiteside County" puts the "STERLING" of its dateline in Illinois)
    province_hints += [c.place.province for c in candidates
                       if c.source == "county" and c.place.province and c.place.province not in province_hints]

    if dateline is not None:
        words, start, end, state = dateline
        place = resolve(words.title(), state)
        span = doc.char_span(start, end, alignment_mode="expand")
        if place is not None and span is not None:
            candidates.append(PlaceCandidate(text=words, start=start, end=end, sentence=sentence_of[span.start],
                                             source="dateline", place=place, after=_word(doc, span.end), state=state))
            for i in range(span.start, span.end):
                taken[i] = True

    spans: list[tuple[Span, str, str]] = []
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC") and not any(taken[i] for i in range(ent.start, ent.end)):
            spans.append((ent, "entity", ent.label_))
        if ent.label_ == "PERSON" and len(ent) == 1 and _word(doc, ent.end) in _PLACE_WORDS:
            # "Norfolk police said": a one-word "person" that police or a county follow is a place
            # the recognizer misread; its proper-noun run stays a candidate
            continue
        if ent.label_ in ("GPE", "LOC", "PERSON"):
            for i in range(ent.start, ent.end):
                taken[i] = True
    for run in _name_runs(doc, taken):
        spans.append((run, "name", ""))
    for span, source, label in spans:
        span = _with_division_word(doc, span, resolve)
        state = state_after(span)
        place = _state_named(gazetteer, as_state[span.text]) if span.text in as_state and state is None else None
        place = place or resolve(span.text, state)
        if place is None:
            continue
        candidates.append(PlaceCandidate(text=span.text, start=span.start_char, end=span.end_char,
                                         sentence=sentence_of[span.start], source=source, place=place,
                                         before=_word(doc, span.start - 1), after=_word(doc, span.end),
                                         label=label, state=state, in_name=in_longer_name(doc, span),
                                         governor=_governor(span)))
    for match in _POLICE_TOWN.finditer(text):
        start, end = match.span("town")
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or any(c.start < span.end_char and span.start_char < c.end for c in candidates):
            continue  # a candidate already (an entity, a name the recognizer missed)
        written = span.text.title() if span.text.isupper() else span.text
        place = resolve(written, None)
        if place is None or place.feature != "city":
            continue
        candidates.append(PlaceCandidate(text=span.text, start=span.start_char, end=span.end_char,
                                         sentence=sentence_of[span.start], source="name", place=place,
                                         before=_word(doc, span.start - 1), after=_word(doc, span.end),
                                         in_name=in_longer_name(doc, span), governor=_governor(span)))
    lower_words = frozenset(w for w in tokens.of(doc).orth if w.isalpha() and w.islower()) | extra_lower_words
    candidates = [c for c in candidates if _may_be_town(c, gazetteer, doc, lower_words)]
    candidates = _in_the_reports_country(candidates, division_countries, gazetteer)
    # the words of the people it names in full ("Kevin English", "Darius Durham"): a bare "English" or
    # "Durham" is more likely the person than a town
    people = {w.lower() for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
              for w in _POSSESSIVE_END.sub("", ent.text).split()}
    for c in candidates:
        c.person = c.text.lower() in people
    home = _home_town(candidates, province_hints)
    for span, written in parts:
        town = written or home
        if town is None:
            continue
        place = Place.from_dict({**town.to_dict(), "extracted_place": span.text, "locality": span.text})
        candidates.append(PlaceCandidate(text=span.text, start=span.start_char, end=span.end_char,
                                         sentence=sentence_of[span.start], source="part", place=place,
                                         before=_word(doc, span.start - 1), after=_word(doc, span.end),
                                         governor=_governor(span)))
    candidates.sort(key=lambda c: (c.source != "dateline", c.start))
    return candidates




_POSSESSIVE_END = re.compile(r"['’]s?$")
# A town abroad with fewer people than this is the scene only where the report names its country
# or one of its divisions (`_in_the_reports_country`); a bigger one is known by its name alone
# ("flown to London"). The same cut as geo's lower-case words, not tuned on an evaluation set.
FOREIGN_TOWN_MIN_POPULATION = 100_000


def _state_named(gazetteer: geo.Gazetteer, found: tuple[str, str]) -> Place | None:
    """The first-level division (country, name) as the gazetteer has it."""
    return next((p for p in gazetteer.candidates(found[1])
                 if p.feature == "admin1" and p.province == found[1] and p.country_code == found[0]), None)


def _in_the_reports_country(candidates: list[PlaceCandidate], division_countries: Counter[str],
                            gazetteer: geo.Gazetteer) -> list[PlaceCandidate]:
    """The candidates less the small towns abroad that the report gives no country for. A report's
    country is where its firm places are: its dateline (thrice), the places the recognizer tagged,
    its counties, its towns of 100,000 people or more, the towns whose police it cites, the divisions it
    writes after a town ("Ind.").
    A name the recognizer did not tag that the gazetteer knows only abroad is a misread word
    there ("a white SUV" is not Suva, Fiji; "the Honda" is no town in Colombia; "Alford pleas")."""
    evidence: Counter[str] = Counter(division_countries)
    big = {id(c) for c in candidates
           if c.place.feature == "city" and gazetteer.population(c.place) >= FOREIGN_TOWN_MIN_POPULATION}
    for c in candidates:
        if c.in_name:
            continue  # "Jordan" of "Jordan Faulkner" is no place of the report
        if (c.source in ("dateline", "entity", "county") or id(c) in big
                or (c.place.feature == "city" and c.after in _POLICE_WORDS)):
            evidence[c.place.country_code or ""] += 3 if c.source == "dateline" else 1
    if not evidence:
        return candidates
    country = evidence.most_common(1)[0][0]
    named = {c.place.country_code for c in candidates if c.place.feature in ("country", "admin1")} | set(division_countries)
    return [c for c in candidates
            if c.place.feature != "city" or c.place.country_code in (country, *named) or id(c) in big
            or (c.state is not None and (division_of(c.text, c.state) or ("", ""))[1] == c.place.province)]


# What follows a first-level division's name when the recognizer leaves it out: "Kirkuk province",
# "Washington state" (the state, not the capital)
_DIVISION_KIND_WORDS = frozenset({"province", "state", "governorate", "region"})


def _with_division_word(doc: Doc, span: Span, resolve) -> Span:
    """The span with the division word after it, where the two name a first-level division."""
    if span.end < len(doc) and doc[span.end].lower_ in _DIVISION_KIND_WORDS:
        longer = doc[span.start:span.end + 1]
        place = resolve(longer.text, None)
        if place is not None and place.feature == "admin1":
            return longer
    return span


def province_hints_of(candidates: Sequence[PlaceCandidate]) -> list[str]:
    """The report's divisions, most cited first (the dateline's division leading), in the
    country it cites most: "Police" of "Norfolk police said" read as the Polish town does not
    put a Virginia report in West Pomerania. The country is the recognizer's places' where it
    tagged any (an "SUV" twice is not Suva, Fiji)."""
    def weight(c: PlaceCandidate) -> int:
        return 3 if c.source == "dateline" else 1

    countries: Counter[str] = Counter()
    tagged = [c for c in candidates if c.source in ("dateline", "entity")]
    for c in tagged or candidates:
        countries[c.place.country_code or ""] += weight(c)
    country = countries.most_common(1)[0][0] if countries else ""
    counts: Counter[str] = Counter()
    for c in candidates:
        if c.place.province and (c.place.country_code or "") == country:
            counts[c.place.province] += weight(c)
    return [name for name, _ in counts.most_common()]


# ------------------------------------------------------------------ street addresses

# Street types as US news writes them (AP style abbreviates Ave., Blvd., St. after a number).
STREET_TYPES = frozenset({
    "street", "st", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "drive", "dr", "lane", "ln", "court",
    "ct", "place", "pl", "way", "parkway", "pkwy", "terrace", "ter", "highway", "hwy", "circle", "cir", "trail", "square",
})
# "19 Plymouth St.", "the 15400 block of Murray Hill", "6300 block of Hearne Avenue", "1200 W. Main
# Street": a number, "block of" where it is a block, and a run of capitalised words the street's
# type ends (read in `find_addresses`).
_ADDRESS = re.compile(r"\b(?P<number>\d{1,6})(?:-\d{1,6})?\s+(?:(?P<block>block)\s+of\s+)?"
                      r"(?P<words>[A-Z0-9][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})")
_DIRECTIONS = {"n": "n", "s": "s", "e": "e", "w": "w", "north": "n", "south": "s", "east": "e", "west": "w"}
# capitalised words that end a street's name without a type: "the 15400 block of Murray Hill Sunday"
_NOT_STREET = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "police",
                         "in", "at", "near", "and", "on"})


def find_addresses(text: str) -> list[Address]:
    """Every street address in `text`, in order. A number followed by capitalised words counts only
    with a street type ("19 Plymouth St") or as a block ("the 15400 block of Murray Hill"): "13
    People" or "2016 Ford" are no addresses."""
    found = []
    for match in _ADDRESS.finditer(text):
        words = match.group("words").split()
        kinds = [i for i, w in enumerate(words) if i > 0 and w.rstrip(".,").lower() in STREET_TYPES]
        if kinds:
            words = words[:kinds[0] + 1]
        elif match.group("block"):
            cut = next((i for i, w in enumerate(words) if i > 0 and w.rstrip(".,").lower() in _NOT_STREET), len(words))
            words = words[:cut]
        else:
            continue
        name = [w.rstrip(".,").lower() for w in (words[:-1] if kinds else words)]  # the type left out
        direction = ""
        if len(name) > 1 and name[0] in _DIRECTIONS:
            direction, name = _DIRECTIONS[name[0]], name[1:]
        if not name:
            continue
        end = match.start("words") + len(" ".join(words).rstrip(".,"))
        # compared by name, without the type: one report's "Murray Hill St" is another's "Murray Hill"
        street = " ".join(([direction] if direction else []) + name)
        found.append(Address(text=text[match.start():end], start=match.start(), end=end,
                             number=int(match.group("number")), block=bool(match.group("block")), street=street))
    return found
