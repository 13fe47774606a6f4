"""Slot filling by candidate ranking: which of a report's places and times is its event's.

The rules read a mention's place and date off its own clause, and miss them whenever the report
states them elsewhere: in a dateline ("CLEVELAND —"), in the lead while the shooting is told in a
later sentence, as "a Puyallup boy". Here every place and every time expression of the report is a
candidate (`sitrep.analyze.places`, `sitrep.analyze.timex`), and a trained model scores each one
as the place (or the date) of the report's headline event from general evidence: where in the
report it stands (dateline, lead, the event's own sentence, how far from it), how it is introduced
("in", "at", "a ... boy"), how often the report repeats it, what kind of place or time it is, how
far before the publication date, and whether the rules chose it too. The best candidate replaces
the rule's value when the model is confident enough (`threshold` in the model file, tuned on the
GVA dev incidents, see `training/slots/train.py`); its sentence is the value's evidence.

Two binary logistic regressions (`sitrep/models/extract/slot_place.json`, `slot_date.json`),
trained on open GVA incidents (distant supervision from their records: a candidate is positive when
it matches the incident's city or day), scored with `LinearModel`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..analyze.places import PlaceCandidate, province_hints_of
from ..analyze.tokens import DocTokens
from ..link.features import content_words
from ..records import Claim, Evidence, Mention, Place, TimeValue
from .linear import LinearModel

MODELS = Path(__file__).resolve().parents[1] / "models" / "extract"
PLACE_MODEL = MODELS / "slot_place.json"
DATE_MODEL = MODELS / "slot_date.json"
COUNT_SLOTS = ("dead", "injured")
COUNT_MODELS = {name: MODELS / f"slot_{name}.json" for name in COUNT_SLOTS}

_HEADER = re.compile(r"\b(posted|updated|published|last modified)\b", re.I)
_WEEKDAY = re.compile(r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", re.I)
_DEICTIC = re.compile(r"yesterday|today|tonight|last night|this morning|earlier today", re.I)
# Tolls in a headline ("2 dead, 3 injured in Newark shooting", "Four kids wounded", "5 hurt"): a
# number, at most two words, then a casualty word. Headlines are written in this telegraphic style,
# which the parser (trained on full sentences) reads badly, so a pattern reads them instead.
_NUMBER = r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# "fatally" is a death: "4 shot, 1 fatally", "2 fatally shot"
# "shot dead" is a death ("Family of five found shot dead"), not five people shot
_HEADLINE_TOLL = re.compile(_NUMBER + r"(?:\s+[a-z-]+){0,2}?\s+(shot\s+dead|dead|killed|die[sd]?|slain|fatally|hurt|injured|wounded|shot)\b", re.I)
_TOLL_FIELD = {"dead": "dead", "killed": "dead", "die": "dead", "died": "dead", "dies": "dead", "slain": "dead", "fatally": "dead",
               "shot dead": "dead", "hurt": "injured", "injured": "injured", "wounded": "injured", "shot": "shot"}
# the verb before its count: "Dallas Shooting Kills Three, Injures One", "Gunman wounds 4" (not an
# age: "kills 3-year-old")
_HEADLINE_VERB_TOLL = re.compile(r"\b(kill(?:s|ed)?|injur(?:es|ed)|wound(?:s|ed)|hurts|shoots)\s+" + _NUMBER + r"\b(?!-|\s*years?\b)", re.I)
_VERB_TOLL_FIELD = {"kill": "dead", "injur": "injured", "wound": "injured", "hurt": "injured", "shoot": "shot"}


# Any word of a death / of someone hurt in a report: where none is there, the toll it does not
# tell is zero (`SlotFiller.zero_untold_tolls`). Broad on purpose (a vigil, a funeral, a hospital):
# a missed word only leaves the toll unknown, as before.
DEATH_WORDS = re.compile(r"\b(?:kill(?:s|ed|ing|ings|er|ers)?|dead|deadly|death|deaths|die[sd]?|dying|fatal(?:ly|ity|ities)?"
                         r"|homicides?|murder(?:s|ed|ing)?|manslaughter|slain|slaying|deceased|lifeless|bod(?:y|ies)"
                         r"|funeral|vigil|memorial|coroner|autopsy|succumb(?:s|ed)?)\b", re.I)
HURT_WORDS = re.compile(r"\b(?:injur(?:y|ies|ed|ing)|wound(?:s|ed|ing)?|hurt|hospitali[sz]ed|hospitals?|critical|stable"
                        r"|condition|treated|survived?|survivors?|grazed|graze)\b", re.I)


_INJURIES = re.compile(r"\b(?:injur(?:y|ies|ed)|wound(?:s|ed)?|hurt)\b", re.I)


@dataclass
class SlotContext:
    """What every candidate of one report is scored against: its headline mention's sentence, the
    sentences that tell of violence, the rules' choices, and the report's sentence boundaries."""

    sentence_starts: list[int]
    event_sentence: int
    violent_sentences: set[int]
    rule_place: Place | None
    rule_date: str | None
    published: dt.date | None
    triggers: Sequence[tuple[int, str]] = ()  # (char offset, category) of the report's event words
    category: str | None = None  # the headline event's category
    tokens: DocTokens | None = None  # the report's parse, to read what a time expression attaches to
    title_words: frozenset[str] = frozenset()  # the headline's content words (`title_overlap`)

    @functools.cached_property
    def _trigger_at(self) -> dict[int, str]:
        """Event word offset -> category, made once per report (`attachment` asks per candidate)."""
        return dict(self.triggers)

    def attachment(self, start: int, end: int) -> tuple[str, str, str]:
        """(relation, head lemma, whose) of the phrase at [start, end): the word it modifies and
        whether that word is an event word of the headline's category ("own": "Sunday's
        shooting", "killed Friday"), of another ("other": "arrested Friday", "the Thursday night
        arrest"), or none ("a Friday morning press conference", "-" when the parse has no head)."""
        found = self.tokens.attachment(start, end) if self.tokens is not None else None
        if found is None:
            return "-", "-", "-"
        root, head = found
        category = self._trigger_at.get(self.tokens.idx[head])
        whose = "none" if category is None else "own" if category == self.category else "other"
        return self.tokens.dep[root], self.tokens.lemma[head], whose

    def nearest_event(self, char: int) -> str:
        """Whose time an expression at `char` is: "own" where the event word nearest it in its
        sentence is of the headline's category, "other" where it is another kind of event's ("the
        Thursday night arrest of Jordan Clay"), "none" where its sentence tells of none."""
        sentence = self.sentence_of(char)
        near = [(abs(at - char), category) for at, category in self.triggers if self.sentence_of(at) == sentence]
        if not near:
            return "none"
        return "own" if min(near)[1] == self.category else "other"

    def title_overlap(self, text: str, sentence: int) -> int:
        """How many of the headline's content words (names, places, "club"; not "shooting" or
        "police") sentence `sentence` of `text` repeats. A page's text often opens or ends with
        other stories (a teaser, related links: "A 2-year-old died after she was struck on
        Thursday by a minivan."); the sentences of the headline's story share its words."""
        if not self.title_words:
            return 0
        start = self.sentence_starts[sentence]
        end = self.sentence_starts[sentence + 1] if sentence + 1 < len(self.sentence_starts) else len(text)
        return len(self.title_words & content_words(text[start:end]))

    def sentence_of(self, char: int) -> int:
        lo, hi = 0, len(self.sentence_starts) - 1
        while lo < hi:  # the last sentence starting at or before `char`
            mid = (lo + hi + 1) // 2
            if self.sentence_starts[mid] <= char:
                lo = mid
            else:
                hi = mid - 1
        return lo


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _distance(candidate_sentence: int, context: SlotContext) -> list[str]:
    gap = candidate_sentence - context.event_sentence
    return [
        f"sent={_bucket(candidate_sentence, (0, 1, 2, 4, 8))}",
        f"gap={'-' if gap < 0 else '+'}{_bucket(abs(gap), (0, 1, 2, 4, 8))}",
        f"violent={candidate_sentence in context.violent_sentences}",
    ]


def place_features(candidate: PlaceCandidate, context: SlotContext, *, repeats: int, first_city: bool,
                   top_province: str | None, in_title: bool = False) -> list[str]:
    """`in_title`: the headline names the same place too (a body candidate's feature)."""
    place = candidate.place
    placed_town = place.lat is not None and place.feature == "city"
    if candidate.source == "headline":
        # a headline's place stands before every sentence: no sentence, no distance to the event's,
        # but which part of the page title names it (the story's words, or the outlet's name after them)
        where = [f"title_part={candidate.title_part or '-'}", f"title_part_feat={candidate.title_part or '-'}_{place.feature}"]
    else:
        where = [f"src_sent={candidate.source}_{_bucket(candidate.sentence, (0, 1, 2, 4, 8))}",
                 f"in_title={in_title}", *_distance(candidate.sentence, context)]
    features = [
        f"src={candidate.source}",
        f"feat={place.feature}",
        f"src_feat={candidate.source}_{place.feature}",
        f"before={candidate.before or '-'}",
        f"after={candidate.after if candidate.after.isalpha() else '-'}",
        f"label={candidate.label or '-'}",
        f"reps={_bucket(repeats, (1, 2, 3, 5))}",
        f"first_city={first_city}",
        f"state_given={candidate.state is not None}",
        f"in_name={candidate.in_name}",
        f"gov={candidate.governor or '-'}",
        f"province_top={bool(top_province) and place.province == top_province}",
        f"caps={candidate.text.isupper()}",
        f"words={min(len(candidate.text.split()), 3)}",
        f"rule={_same_place(place, context.rule_place)}",
        *where,
    ]
    if placed_town and candidate.source != "headline":  # "in" + a sentence telling of violence: the scene, for a town on the map
        features.append(f"in_violent_{candidate.before or '-'}={candidate.sentence in context.violent_sentences}")
    return features


def _place_key(candidate: PlaceCandidate):
    return candidate.place.geonameid or (candidate.place.resolved_place, candidate.place.province)


def _tells_of_same_event(mention: Mention, main: Mention) -> bool:
    """The headline's category, and neither a place nor a day of its own that differs from the
    headline's: "the attack" and "the guard was injured" go on about the headline event, "a
    bombing at the Russian embassy in September" does not."""
    if mention.category != main.category:
        return False
    if mention.place is not None and main.place is not None and not _same_place(mention.place, main.place):
        return False
    own_day = mention.date.value if mention.date else None
    return own_day is None or own_day == (main.date.value if main.date else None)


def _same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return False
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    return (a.resolved_place, a.province, a.feature) == (b.resolved_place, b.province, b.feature)


def date_features(time: TimeValue, text: str, context: SlotContext, *, repeats: int, first_day: bool,
                  order: str = "only") -> list[str]:
    """`order`: where the candidate's day stands among the report's candidate days (`day_order`)."""
    line_start = text.rfind("\n", 0, time.start) + 1
    line_end = text.find("\n", time.end)
    line = text[line_start: line_end if line_end != -1 else len(text)]
    if _WEEKDAY.search(time.text):
        kind = "weekday"
    elif _DEICTIC.search(time.text):
        kind = "deictic"
    elif any(ch.isdigit() for ch in time.text):
        kind = "calendar"
    else:
        kind = "other"
    delta = "unknown"
    day = _day(time.value)
    if day is not None and context.published is not None:
        days = (context.published - day).days
        delta = "future" if days < 0 else _bucket(days, (0, 1, 3, 7, 31, 365))
    before = text[max(0, time.start - 12): time.start].lower().split()
    sentence = context.sentence_of(time.start)
    relation, head, whose = context.attachment(time.start, time.end)
    return [
        f"prec={time.precision}",
        f"kind={kind}",
        f"kind_delta={kind}_{delta}",
        f"delta={delta}",
        f"header={bool(_HEADER.search(line))}",
        f"alone={len(line.strip()) <= len(time.text) + 12}",
        f"before={before[-1] if before else '-'}",
        f"reps={_bucket(repeats, (1, 2, 3))}",
        f"first_day={first_day}",
        f"rule={time.value is not None and time.value == context.rule_date}",
        f"event={context.nearest_event(time.start)}",
        f"head={head}",
        f"head_event={whose}",
        f"dep_event={relation}_{whose}",
        f"title={_bucket(context.title_overlap(text, sentence), (0, 1, 2))}",
        # whose moment a date more than a week back is, against one of the last days: a report long
        # after the shooting gives its day with its event ("killed June 5, 2014"), and the days
        # of its news to the plea or the verdict ("entered the plea Wednesday"). Coarse on
        # purpose: the delta buckets crossed with whose weighed noise (GVA dev 250 date 0.712, but
        # a press conference's "Tuesday" picked at 0.81 over "Sunday's shooting", a false dispute).
        f"span_head={_span(delta)}_{whose}",
        *_distance(sentence, context),
        # an incident comes before its reports: its day is mostly the report's earliest, and a day
        # after another the report gives mostly a later moment of the story (died, arrested)
        f"order={order}",
    ]


def day_order(values: Sequence[str | None]) -> list[str]:
    """Where each day stands among the distinct days of `values` (ISO strings, calendar order):
    "only" (the report gives one day), "earliest", "latest" or "between"."""
    days = sorted({v for v in values if v})
    if len(days) <= 1:
        return ["only"] * len(values)
    return ["earliest" if v == days[0] else "latest" if v == days[-1] else "between" for v in values]


def _span(delta: str) -> str:
    """A `delta` bucket as "far" (more than a week before publication), "near" or "unknown"."""
    return "far" if delta in ("31", "365", ">365") else "unknown" if delta == "unknown" else "near"


def _day(value: str | None) -> dt.date | None:
    if not value or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def headline_tolls(title: str) -> dict[str, set[int]]:
    """{"dead": {2}, "injured": {3}, "shot": {...}} from a headline's telegraphic tolls."""
    from ..analyze.numbers import parse_count

    found: dict[str, set[int]] = {}
    for match in _HEADLINE_TOLL.finditer(title):
        count = parse_count(match.group(1))
        if count is not None:
            found.setdefault(_TOLL_FIELD[" ".join(match.group(2).lower().split())], set()).add(count)
    for match in _HEADLINE_VERB_TOLL.finditer(title):
        count = parse_count(match.group(2))
        field = next(f for stem, f in _VERB_TOLL_FIELD.items() if match.group(1).lower().startswith(stem))
        if count is not None:
            found.setdefault(field, set()).add(count)
    return found


def headline_toll_words(title: str) -> set[int]:
    """Where each casualty word of a headline's tolls ends ("shot" of "5 shot on Detroit's west side")."""
    return {match.end(2) for match in _HEADLINE_TOLL.finditer(title)}


@dataclass
class CountStatement:
    """One casualty statement of the report, as the rules read it off a sentence."""

    start: int  # its sentence's start
    field: str
    count: int
    victim: str | None
    word: str  # the casualty word's lemma ("kill", "fatally", "wound")


HEADLINE = -1  # the `start` of a statement the headline makes: it stands before the report's first sentence


def count_statements(casualties: Sequence[tuple[int, int, list]], times: Sequence[TimeValue],
                     event_day: str | None, reference: dt.date | None, title: str = "") -> list[CountStatement]:
    """The report's dead / injured statements that can be its headline event's toll, from each
    sentence's casualties as the rules read them ((sentence start, end, [(field, count, victim
    lemma, word lemma)])), and from its headline's telegraphic tolls ("One dead, 4 wounded in
    shootout": a report's headline often gives a toll its body words only as "wounded four", or
    not at all), as statements of the word "headline" at `HEADLINE`. A sentence dated away from
    the event is about another one ("In September, an explosion at the Russian embassy killed two
    people"): its tolls are left out. Away means a time expression that the event's day (else the
    report's date) does not fall in: another day, or another month or year."""
    anchor = event_day or (reference.isoformat() if reference else None)
    out = [CountStatement(start=HEADLINE, field=field, count=count, victim=None, word="headline")
           for field, counts in headline_tolls(title).items() for count in sorted(counts)]
    for start, end, stated in casualties:
        away = anchor is not None and any(
            start <= t.start < end and t.value and not anchor.startswith(t.value) and not t.value.startswith(anchor)
            and not (t.precision == "day" and _near_days(t.value, anchor))
            for t in times)
        if away:
            continue
        out.extend(CountStatement(start=start, field=field, count=count, victim=victim, word=word)
                   for field, count, victim, word in stated if field in (*COUNT_SLOTS, "shot", "hospital") and count is not None)
    return out + _injured_from_shot(out)


# victims worded as people besides those told before ("five others were shot"): a toll of dead is
# not among them
BESIDES = frozenset({"other", "others"})
FROM_SHOT = ("people-shot", "people-shot-less-dead")  # the words of the injured candidates a count of people shot gives (the
# casualty rules word "two were shot, one of them fatally" as "shot": another thing)


def _injured_from_shot(statements: Sequence[CountStatement]) -> list[CountStatement]:
    """Injured values that a count of people shot gives, less each count of dead the report states
    ("Four people were shot Saturday ... One of them died": 3 injured; with no death stated, 4).
    News of a shooting gives the people hit more often than it names the wounded; the count model
    weighs these candidates by their word (FROM_SHOT) like any other."""
    dead = sorted({s.count for s in statements if s.field == "dead"})
    derived = []
    for shot in (s for s in statements if s.field == "shot"):
        derived.append(CountStatement(start=shot.start, field="injured", count=shot.count, victim=shot.victim, word=FROM_SHOT[0]))
        if shot.victim in BESIDES:
            continue  # "a woman was killed ... five others had been shot": the dead are not among them
        derived.extend(CountStatement(start=shot.start, field="injured", count=shot.count - d, victim=shot.victim,
                                      word=FROM_SHOT[1]) for d in dead if 0 < d < shot.count)
    return derived


_SHOT_WORD = re.compile(r"\b(?:shot|shoots?)\b", re.I)


def title_kind(title: str) -> str:
    """What a headline tells of its attack's victims: "death" ("Teen killed when gun is fired",
    "Child dies in accidental shooting", "Girl shot dead"), "hurt" ("Boy stable after accidental
    shooting", "Man shot on Main Street", "4 wounded"), "both" ("1 dead, 3 hurt", "5 shot, 1
    killed") or "none". A headline sums up the toll, so under one that tells only of a death the
    person its body says was taken to hospital is likely the dead one (`zero_untold_tolls`). "Shot"
    is a hurt word only with no word of a death ("shot and killed" is one death) or as a count of
    its own ("5 shot, 1 killed")."""
    death = DEATH_WORDS.search(title) is not None
    hurt = HURT_WORDS.search(title) is not None or "shot" in headline_tolls(title) or (not death and _SHOT_WORD.search(title) is not None)
    return "both" if death and hurt else "death" if death else "hurt" if hurt else "none"


def _body_first(statement: CountStatement) -> tuple[bool, int]:
    """Order of a value's statements: the report's sentences first, in order, then the headline
    (the body's sentence is the richer evidence and its wording the features' "word")."""
    return statement.start == HEADLINE, statement.start


def _near_days(a: str, b: str) -> bool:
    """Two days at most one apart ("Friday night" and the Saturday report of it)."""
    day_a, day_b = _day(a), _day(b[:10])
    return day_a is not None and day_b is not None and abs((day_a - day_b).days) <= 1


def count_features(field: str, value: int, statements: Sequence[CountStatement], context: SlotContext, *,
                   headline: dict[str, set[int]], rule_value: int | None) -> list[str]:
    """Features of one candidate value of a count slot; value 0 stands for "none stated"."""
    mine = [s for s in statements if s.field == field]
    values = sorted({s.count for s in mine})
    other = "injured" if field == "dead" else "dead"
    features = [f"n_values={_bucket(len(values), (0, 1, 2, 3))}",
                f"headline_any={bool(headline.get(field))}",
                f"headline_shot={bool(headline.get('shot'))}",
                f"other_stated={any(s.field == other for s in statements)}",
                # whether a sentence says the toll itself, or only the people shot imply it: "a
                # man was shot" with his death told elsewhere leaves "none injured" likely
                f"direct_stated={any(s.field == field and s.word not in FROM_SHOT for s in statements)}"]
    if value == 0:
        return ["zero", *(f"zero_{f}" for f in features)]
    with_value = [s for s in mine if s.count == value]
    first = min(with_value, key=_body_first)
    sentences = {context.sentence_of(s.start) for s in with_value}
    first_sentence = min(sentences)
    features += [
        f"value={_bucket(value, (1, 2, 3, 5))}",
        f"times={_bucket(len(with_value), (1, 2, 3, 5))}",
        f"is_max={value == values[-1]}",
        f"is_min={value == values[0]}",
        f"victim={first.victim or '-'}",
        f"word={first.word}",
        f"headline={value in headline.get(field, ())}",
        f"headline_only={all(s.start == HEADLINE for s in with_value)}",  # the body never states it
        f"headline_shot_value={value in headline.get('shot', ())}",
        f"headline_other={value in headline.get(other, ())}",
        f"as_other={any(s.field == other and s.count == value for s in statements)}",
        f"in_event={context.event_sentence in sentences}",
        f"rule={value == rule_value}",
        *_distance(first_sentence, context),
    ]
    return features


class SlotFiller:
    """Picks the headline event's place and date among the report's candidates."""

    def __init__(self, *, place_model: Path | str = PLACE_MODEL, date_model: Path | str = DATE_MODEL,
                 count_models: dict[str, Path] | None = None) -> None:
        self.place_model = LinearModel.load(place_model)
        self.date_model = LinearModel.load(date_model)
        self.count_models = {name: LinearModel.load(path) for name, path in (count_models or COUNT_MODELS).items()}

    @staticmethod
    def count_candidates(field: str, statements: Sequence[CountStatement]) -> list[int]:
        """0 (none stated) and every value a statement of the report gives the field."""
        return [0, *sorted({s.count for s in statements if s.field == field})]

    @staticmethod
    def count_rows(field: str, statements: Sequence[CountStatement], title: str, context: SlotContext,
                   rule_value: int | None) -> tuple[list[int], list[list[str]]]:
        headline = headline_tolls(title)
        values = SlotFiller.count_candidates(field, statements)
        return values, [count_features(field, v, statements, context, headline=headline, rule_value=rule_value) for v in values]

    def apply_counts(self, main: Mention, mentions: Sequence[Mention], statements: Sequence[CountStatement], title: str,
                     context: SlotContext, evidence_for) -> None:
        """Give the headline event the dead and injured the count models choose among the report's
        statements. The value's first sentence is its evidence; the other values' claims leave the
        mentions that tell of the same event (the headline's own category, with no place or the
        headline's place), so that the report speaks once per field. "None stated" leaves the
        count unknown rather than zero: no sentence says zero (but see `zero_untold_tolls`)."""
        for field in COUNT_SLOTS:
            if not any(s.field == field for s in statements):
                continue  # nothing to choose from: the rules have no claim either
            values, rows = self.count_rows(field, statements, title, context, getattr(main, field))
            probabilities = self.count_models[field].proba_many(rows)[:, 1]
            best = int(probabilities.argmax())
            if probabilities[best] < self.count_models[field].thresholds.get("1", 0.5):
                continue  # not sure enough: the rules' claims stand
            value = values[best]
            # 0 is "none stated" unless a sentence says it ("nobody was hurt"): then that is its evidence
            stated_zero = value == 0 and any(s.field == field and s.count == 0 for s in statements)
            for mention in mentions:
                if mention is main or _tells_of_same_event(mention, main):
                    mention.claims = [c for c in mention.claims if c.field != f"size.{field}"]
                    setattr(mention, field, None)
            if value == 0 and not stated_zero:
                continue
            first = min((s for s in statements if s.field == field and s.count == value), key=_body_first)
            setattr(main, field, value)
            main.claims.append(Claim(field=f"size.{field}", value={"count": value, "victim": first.victim},
                                     evidence=evidence_for(first.start)))
            main.slot_confidence[f"size.{field}"] = round(float(probabilities[best]), 3)

    @staticmethod
    def zero_untold_tolls(main: Mention, text: str, evidence_for, statements: Sequence[CountStatement] = (), *,
                          title: str = "") -> None:
        """A report that counts one toll of its headline attack and has no word at all of the
        other kind ("two men were wounded", and nothing of a death anywhere in it) implies that
        toll is zero, as ACLED codes a clash with no reported deaths as 0 fatalities; people taken
        to hospital were injured, and so were people shot in a report with no word of a death
        (its first such count), where no sentence states the injured. Such
        claims are marked `implied`, with the sentence of the count that was told as evidence:
        fusion uses them only where no report of the event states that toll (`sitrep.fuse.fuse`),
        so they never stand against a stated count, and never raise a dispute."""
        told_dead = DEATH_WORDS.search(text) is not None
        first = {field: min((s for s in statements if s.field == field and s.count > 0), key=lambda s: s.start, default=None)
                 for field in ("hospital", "shot")}
        # people taken to hospital were hurt, dead or not elsewhere in the report; people shot
        # were only where no death is told
        told = first["hospital"] or (None if told_dead else first["shot"])
        if (told is not None and told is first["hospital"] and main.dead is not None and told.count <= main.dead
                and title_kind(title) == "death" and not _INJURIES.search(evidence_for(told.start).text)):
            # a headline of a death only ("Tulsa mother dies after being accidentally shot") and no
            # more taken to hospital than died, with no word of their injuries ("taken to the
            # hospital for injuries he sustained" is someone hurt): they are the dead ("airlifted
            # ... he passed", "transported to a hospital in grave condition")
            told = None
        if told is not None and main.injured is None and not any(c.field == "size.injured" for c in main.claims):
            main.claims.append(Claim(field="size.injured", value={"count": told.count, "victim": told.victim, "implied": True},
                                     evidence=evidence_for(told.start)))
        for field, told, of_kind in (("dead", "injured", lambda: told_dead), ("injured", "dead", lambda: HURT_WORDS.search(text))):
            if getattr(main, field) is not None or any(c.field == f"size.{field}" for c in main.claims):
                continue
            claim = next((c for c in main.claims if c.field == f"size.{told}" and (c.value.get("count") or 0) > 0), None)
            if claim is None or of_kind():  # the report's words of the toll's kind, searched once
                continue
            # the evidence of the count that was told (the headline's, where it told it)
            main.claims.append(Claim(field=f"size.{field}", value={"count": 0, "victim": None, "implied": True},
                                     evidence=Evidence.from_dict(claim.evidence.to_dict())))

    @staticmethod
    def place_pool(candidates: Sequence[PlaceCandidate], headline: Sequence[PlaceCandidate] = ()) -> list[PlaceCandidate]:
        """The candidates the place model chooses among: the body's towns, then the headline's; the
        counties where neither names a town. A county is the place of a report that names no town
        ("Accomack County, Va. - ... officials in Accomack County say he fired at a home and shot
        four people inside"), as GVA records an incident outside any town ("Accomack County"); where
        a town is named, the county is mostly its county (offered beside the towns, counties were
        chosen over them: GVA 250 city 0.756 against 0.752 with towns alone, but GVDB 200 city F1
        0.679 against 0.685). A state or a country is what the rules already give when no town is
        named."""
        both = (*candidates, *headline)
        return [c for c in both if c.place.feature == "city"] or [c for c in both if c.place.feature == "admin2"]

    @staticmethod
    def place_rows(candidates: Sequence[PlaceCandidate], context: SlotContext) -> list[list[str]]:
        """Rows of the candidates of `place_pool` (the headline's, source "headline", last)."""
        keys = [_place_key(c) for c in candidates]
        counts: dict = {}
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
        body = [c for c in candidates if c.source != "headline"]
        titled = {k for c, k in zip(candidates, keys) if c.source == "headline" and c.title_part == "story"}
        first = next((i for i, c in enumerate(candidates) if c.place.feature == "city"), None)
        top = next(iter(province_hints_of(body)), None)
        return [place_features(c, context, repeats=counts[k], first_city=i == first, top_province=top, in_title=k in titled)
                for i, (c, k) in enumerate(zip(candidates, keys))]

    @staticmethod
    def date_rows(times: Sequence[TimeValue], text: str, context: SlotContext) -> list[list[str]]:
        counts: dict[str | None, int] = {}
        for t in times:
            counts[t.value] = counts.get(t.value, 0) + 1
        first = next((i for i, t in enumerate(times) if t.precision == "day" and t.value), None)
        orders = day_order([t.value for t in times])
        return [date_features(t, text, context, repeats=counts[t.value], first_day=i == first, order=o)
                for i, (t, o) in enumerate(zip(times, orders))]

    def best_place(self, candidates: Sequence[PlaceCandidate], context: SlotContext,
                   headline: Sequence[PlaceCandidate] = ()) -> tuple[PlaceCandidate, float] | None:
        pool = self.place_pool(candidates, headline)
        if not pool:
            return None
        probabilities = self.place_model.proba_many(self.place_rows(pool, context))[:, 1]
        best = int(probabilities.argmax())
        return pool[best], float(probabilities[best])

    def best_date(self, times: Sequence[TimeValue], text: str, context: SlotContext) -> tuple[TimeValue, float] | None:
        pool = [t for t in times if t.precision == "day" and _day(t.value) is not None]
        if not pool:
            return None
        probabilities = self.date_model.proba_many(self.date_rows(pool, text, context))[:, 1]
        best = int(probabilities.argmax())
        return pool[best], float(probabilities[best])

    def apply(self, mention: Mention, candidates: Sequence[PlaceCandidate], times: Sequence[TimeValue], text: str,
              context: SlotContext, evidence_for, *, dated: bool = True, headline: Sequence[PlaceCandidate] = ()) -> None:
        """Give `mention` (the headline event) the chosen place and date, with their claims.
        `evidence_for(char)` builds the Evidence of the sentence holding a character offset (of the
        headline at HEADLINE). `dated=False`: the report's days are not the headline event's to
        choose (no date claim). `headline`: the headline's places (`find_headline_places`)."""
        place = self.best_place(candidates, context, headline)
        if place is not None and place[1] >= self.place_model.thresholds.get("1", 0.5):
            at = HEADLINE if place[0].source == "headline" else place[0].start
            self._set_place(mention, place[0], place[1], evidence_for(at))
        date = self.best_date(times, text, context)
        if date is not None and date[1] >= self.date_model.thresholds.get("1", 0.5):
            self._set_date(mention, date[0], date[1], evidence_for(date[0].start))
        elif dated and date is None and mention.date is None and context.published is not None:
            self._imply_date(mention, context.published, evidence_for(mention.start))

    @staticmethod
    def _set_place(mention: Mention, candidate: PlaceCandidate, probability: float, evidence: Evidence) -> None:
        place = Place.from_dict({**candidate.place.to_dict(), "extracted_place": candidate.text})
        mention.place = place
        mention.claims = [c for c in mention.claims if c.field != "event_loc"]
        mention.claims.append(Claim(field="event_loc", value=place.to_dict(), evidence=evidence))
        mention.slot_confidence["event_loc"] = round(probability, 3)

    @staticmethod
    def _imply_date(mention: Mention, published: dt.date, evidence: Evidence) -> None:
        """A report of a shooting that gives it no day at all ("an early morning shooting", "the call
        came in around 8:15 p.m.") is news of the day it was published: on GVA dev (`sitrep eval gva
        --limit 250`) 6 of the 9 such headline shootings were on that day, 1 on the day before. The
        claim is `implied`: fusion uses it only where no report of the event states a day (as an
        implied toll, `zero_untold_tolls`), and it is no model pick, so never a side of a dispute.
        The mention's own date stays unknown: linking compares what reports say."""
        mention.claims.append(Claim(field="date", value={"value": published.isoformat(), "precision": "day", "text": "",
                                                         "implied": True}, evidence=evidence))

    @staticmethod
    def _set_date(mention: Mention, time: TimeValue, probability: float, evidence: Evidence) -> None:
        mention.date = time
        mention.claims = [c for c in mention.claims if c.field != "date"]
        mention.claims.append(Claim(field="date", value={"value": time.value, "precision": time.precision, "text": time.text},
                                    evidence=evidence))
        mention.slot_confidence["date"] = round(probability, 3)
