"""Event mentions, their arguments, modality, hedging and attribution, read off a parsed report.

For each sentence:
1. Triggers: tokens whose lemma (and part of speech) the ontology lists for a PLOVER category.
   Triggers of one category in one sentence make one mention ("attacked ... killing two").
2. Arguments from the dependency parse: actor (active subject, passive "by" agent, "X carried out
   an attack"), recipient (object, passive subject, "attack on X"), place (LOC entities resolved by
   the gazetteer), date (the time expression nearest the trigger), counts (dead / injured /
   arrested, read from the victim noun of "kill", "injure", "arrest" ...), weapons, claims of
   responsibility.
3. Modality from the trigger's own syntax (negation, future and modal auxiliaries, "if" clauses),
   hedging from hedge words and unnamed sources, attribution from the speech verb that governs the
   trigger or "according to X".
Every value becomes a `Claim` that points at its sentence, so fusion can show the evidence.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from ..analyze import geo
from ..analyze.nlp import parsed_headline
from ..analyze.tokens import of as tokens_of, shared as share_tokens
from ..analyze.numbers import parse_count
from ..analyze.places import STREET_TYPES, PlaceCandidate, find_addresses, find_headline_places, find_places, in_longer_name, province_hints_of
from ..analyze.timex import find_times, page_stamp, parse_date, reference_date
from ..records import Actor, Argument, Article, Claim, Evidence, Mention, Place, Statement, TimeValue
from .ontology import Ontology, load_ontology
from .detect import EventDetector, mention_features, report_features
from ..link.features import content_words
from .slots import HEADLINE, SlotContext, SlotFiller, count_statements, headline_toll_words
from .report_types import ReportType, ReportTyper
from .subtypes import SubtypeClassifier
from .roles import ACTOR_ROLES, PERP_IND, RECIPIENT_ROLES, VICTIM, WEAPON, RoleSpan, RoleTagger

KILL = frozenset({"kill", "die", "dead", "death", "murder", "slay", "fatality", "fatal", "killing", "assassinate", "execute", "behead",
                  "succumb", "succumbed"})
DIE = frozenset({"die", "succumb", "succumbed"})  # verbs whose subject is the one dead
INJURE = frozenset({"injure", "wound", "injury", "hurt", "casualty", "injured", "wounded", "wound"})
HURT_OR_KILLED = INJURE | KILL
# "four people were taken to area hospitals", "three were hospitalized" (`_hospital_counts`)
CARRIED = frozenset({"take", "taken", "transport", "transported", "rush", "rushed", "airlift", "airlifted", "send", "sent"})
HOSPITALIZED = frozenset({"hospitalize", "hospitalized"})
ARREST = frozenset({"arrest", "detain", "apprehend", "nab", "capture", "custody"})
# verbs of harm whose "to death" makes a toll of the dead ("shot to death", "beaten to death")
TO_DEATH = frozenset({"shoot", "shot", "stab", "beat", "beaten", "bludgeon", "strangle", "choke", "hack", "stomp", "burn"})
# the words `_casualties` looks further at ("shot" for "shot dead")
CASUALTY_FORMS = KILL | INJURE | ARREST | TO_DEATH | {"claim"}
UNHARMED = frozenset({"unharmed", "unhurt", "survive", "uninjured", "escape"})
SPEECH = frozenset({
    "say", "tell", "add", "state", "remark", "announce", "declare", "confirm", "vow", "warn", "insist",
    "claim", "allege", "report", "write", "tweet", "note", "stress", "assure", "reiterate", "explain",
    "deny", "acknowledge", "inform", "convey", "describe",
})
HEDGES = frozenset({"reportedly", "allegedly", "apparently", "purportedly", "unconfirmed", "presumably", "possibly", "likely", "rumoured", "rumored"})
UNNAMED_SOURCES = frozenset({"source", "sources", "official", "officials", "witness", "witnesses", "resident", "residents", "reports"})
PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "who", "which", "that"})
TITLE_WORDS = frozenset({
    "mr", "mrs", "ms", "dr", "pm", "president", "prime", "minister", "foreign", "interior", "ambassador",
    "spokesperson", "spokesman", "spokeswoman", "general", "gen", "colonel", "col", "captain", "sepoy",
    "chief", "head", "acting", "deputy", "secretary", "senator", "sen", "rep", "governor", "gov", "mayor",
    "sheriff", "officer", "sergeant", "sgt", "lieutenant", "lt", "judge", "king", "queen", "prince", "sheikh",
    "commander", "police", "state", "of", "the", "mos", "affairs", "charge", "chargé", "d'affaires", "envoy",
})
FUTURE_GOVERNORS = frozenset({"plan", "threaten", "vow", "intend", "promise", "pledge", "aim", "prepare", "want", "seek"})
DENYING = frozenset({"deny", "refute", "dismiss", "reject"})
# words of asking whose "to" clause is what was asked for, not what happened
DEMAND_GOVERNORS = frozenset({"call", "demand", "appeal", "plea", "pressure", "urge", "ask", "request", "press", "push"})
MODAL_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should", "can"})
# Verbs that carry an event noun ("carried out an attack", "received a call"): their subject is the actor.
LIGHT_VERBS = frozenset({
    "carry", "launch", "conduct", "stage", "mount", "claim", "perpetrate", "orchestrate", "commit", "plan",
    "receive", "make", "hold", "have", "convene", "place", "host", "hold", "lead", "organize", "organise", "join",
})
# Categories whose arguments the role model reads: it was trained on attacks (MUC-4's incidents,
# GVA's shootings). A suspect named in an arrest sentence is the attack's perpetrator, so arrests
# (COERCE) keep the rules' reading (police arrest the suspect).
VIOLENT = frozenset({"ASSAULT"})
# The hand-written rules' weapons, and their actors and recipients that are not names, are kept
# after the role model's. The role model learnt MUC-4's and GVA's conventions, which name victims by
# their names ("Jose Ruiz", not "one person"), so it misses the common-noun victims a reader wants
# ("two farmers"); names it places better than the rules. Measured in the model card.
ROLE_RULES_TOO = True
# Head nouns that may receive a count of one from an article ("a guard", "the ambassador").
SINGULAR_DETS = frozenset({"a", "an", "the", "one", "this", "that"})
ONE_MORE_DETS = SINGULAR_DETS | {"another"}  # "another man": one person, as "a man"


@dataclass
class Analysis:
    """What extraction read from one article."""

    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    names: list[tuple[str, str, int, int]] = field(default_factory=list)  # (text, label, start, end)
    acronyms: dict[str, str] = field(default_factory=dict)  # ACR -> long form
    country_hints: list[str] = field(default_factory=list)
    reference_date: str | None = None
    features: dict[str, list[str]] = field(default_factory=dict)  # mention id -> detection features, when kept
    triggers: list[tuple[int, str]] = field(default_factory=list)  # (char offset, category) of every trigger read
    report_type: ReportType | None = None  # what kind of report the article is, read from its lead


def _short_id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def _forms(token: Token) -> tuple[str, ...]:
    """The lemma, then plain inflection strips of the word: a backstop for the small trained
    lemmatizer's misses ("convened" -> "conven")."""
    return _word_forms(token.lower_, _lemma(token))


@functools.lru_cache(maxsize=65536)
def _word_forms(word: str, lemma: str) -> tuple[str, ...]:
    # cached: the same few thousand words recur in every report, and this ran 130,000 times per
    # 150 articles
    forms = [lemma, word]
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("s", ""), ("es", ""), ("ies", "y")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: len(word) - len(suffix)] + repl)
    return tuple(dict.fromkeys(forms))


# The trained parser speaks Universal Dependencies: subjects "nsubj" / "nsubj:pass", objects "obj",
# prepositions as "case" children of their nominal ("attack" -nmod-> "embassy" -case-> "on").
SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubj:pass", "nsubjpass", "csubj:pass")
OBJECTS = ("obj", "dobj", "iobj")
NEGATORS = frozenset({"not", "n't", "never", "no"})


def _case(token: Token) -> str | None:
    """The preposition introducing a nominal ("on" for "on the embassy"), if any."""
    for child in token.children:
        if child.dep_ in ("case", "mark") and child.pos_ in ("ADP", "SCONJ", "PART") and child.tag_ != "POS":
            return child.lower_
    return None


def _obliques(token: Token, *preps: str) -> list[Token]:
    """Nominal dependents of `token` introduced by one of `preps`."""
    return [c for c in token.children if c.dep_.split(":")[0] in ("obl", "nmod") and _case(c) in preps]


class Extractor:
    """Reads mentions and statements from a spaCy Doc of an article's text."""

    def __init__(self, ontology: Ontology | None = None, *, detect: bool = True, classify: bool = True,
                 fill_slots: bool = True, keep_features: bool = False) -> None:
        """`detect`: drop the mentions the event model rejects; `classify`: give mentions their
        ACLED sub-event with the subtype model, and the report its type (`report_types`);
        `fill_slots`: choose the headline event's place and date among all the report's
        candidates with the slot models (each off only to build that model's training data); `keep_features`: keep each mention's detection features in
        `Analysis.features`."""
        self.ontology = ontology or load_ontology()
        self.detector = EventDetector() if detect else None
        self.subtypes = SubtypeClassifier(ontology=self.ontology) if classify else None
        self.keep_features = keep_features
        self.fill_slots = fill_slots
        self._slots: SlotFiller | None = None
        # One alternation per context and per sector, compiled once: searching word by word was a
        # fifth of extraction time.
        self._contexts = [(name, _words_pattern(words)) for name, words in self.ontology.contexts.items()]
        self._sectors = [(name, _words_pattern(words)) for name, words in self.ontology.sectors.items()]
        self._roles: RoleTagger | None = None
        self._report_typer: ReportTyper | None = None

    @property
    def report_typer(self) -> ReportTyper:
        if self._report_typer is None:
            self._report_typer = ReportTyper()
        return self._report_typer

    @property
    def roles(self) -> RoleTagger:
        # Loaded on first use, like the NLP model, so a Dask writer that never extracts skips it.
        if self._roles is None:
            self._roles = RoleTagger(ontology=self.ontology)
        return self._roles

    @property
    def slots(self) -> SlotFiller:
        if self._slots is None:
            self._slots = SlotFiller()
        return self._slots

    def load_models(self) -> None:
        """Load the role, slot and report-type models now, not at the first report (for a start-up
        timed apart)."""
        _ = (self.roles, self.slots, self.report_typer)  # each property loads its model on first use

    # ---------------------------------------------------------------- public
    def extract(self, article: Article, doc: Doc, *, reference: dt.date | None) -> Analysis:
        """`reference`: the report's publication date; its relative times are read against its own
        head stamp instead where that is far earlier (`reference_date`: a crawl date)."""
        with share_tokens(doc):  # every stage below reads the doc's token lists made once
            return self._extract(article, doc, reference=reference_date(article.text, reference))

    def _extract(self, article: Article, doc: Doc, *, reference: dt.date | None) -> Analysis:
        analysis = Analysis(reference_date=reference.isoformat() if reference else None)
        if self.subtypes is not None:
            analysis.report_type = self.report_typer.classify(doc, parsed_headline(article.title))
        analysis.acronyms = find_acronyms(article.text)
        analysis.names = [(ent.text, ent.label_, ent.start_char, ent.end_char) for ent in _doc_ents(doc) if ent.label_ in ("PERSON", "ORG", "NORP", "LOC", "GPE")]
        analysis.country_hints = self._country_hints(doc)
        all_times = find_times(article.text, ref=reference)
        times = [t for t in all_times if not _is_dateline(article.text, t)]
        first = next(iter(doc.sents), None)
        title_lemmas = {_lemma(t) for t in doc[: min(first.end, 40)]} if first is not None else set()
        last_person: Span | None = None
        last_org: Span | None = None
        triggered: list[tuple[Mention, Token, Span, int, int]] = []  # (mention, trigger, sentence, index, rivals)
        casualties: list[tuple[int, int, list]] = []  # (sentence start, end, its casualty statements), for the count slots
        for index, sent in enumerate(doc.sents):
            stated = _casualties(sent)
            tolls = casualty_statements(sent, stated)
            if tolls:
                casualties.append((sent.start_char, sent.end_char, tolls))
            found = self._sentence_mentions(article, sent, times, analysis.country_hints, last_person, last_org,
                                            reported=analysis.reference_date, casualties=stated)
            triggered.extend((mention, trigger, sent, index, len(found)) for mention, trigger in found)
            analysis.statements.extend(self._statements(article, sent, last_person, last_org, reference))
            for ent in _ents_in(sent):
                if ent.label_ == "PERSON":
                    last_person = ent
                elif ent.label_ in ("ORG", "NORP"):
                    last_org = ent
            named = _unlabelled_name_subject(sent)
            if named is not None and (last_person is None or last_person.start < named.start):
                last_person = named
        # the event model sees each mention with what the whole report says (how many of its
        # sentences tell of violence), so it is judged after every sentence was read
        analysis.triggers = [(trigger.idx, m.category) for m, trigger, _, _, _ in triggered]
        report = report_features([(m.category, i) for m, _, _, i, _ in triggered])
        rejected: dict[int, list[Claim]] = {}  # sentence start -> count claims of a rejected violent mention
        for mention, trigger, sent, index, rivals in triggered:
            features = mention_features(mention, trigger, sent, index=index, n_categories=rivals) + report
            if self.keep_features:
                analysis.features[mention.id] = features
            if self.detector is not None and self.detector.judges(mention):
                mention.confidence = round(self.detector.probability(features), 3)
                if mention.confidence < self.detector.threshold_for(mention.category):
                    if mention.category in VIOLENT:
                        rejected[sent.start_char] = [c for c in mention.claims if c.field.startswith("size.")]
                    continue
            if self.subtypes is not None:
                self.subtypes.apply(mention, sent)
            analysis.mentions.append(mention)
        if not analysis.mentions:
            analysis.mentions.extend(self._headline_mentions(article, analysis, reference))
        self._mark_main(analysis.mentions, title_lemmas)
        self._inherit_main_place(article, analysis)
        self._apply_roles(article, doc, analysis.mentions, rejected)
        if self.fill_slots:
            # after the roles: a rejected mention's toll has joined the headline by then, and the
            # count models speak once for the report
            self._fill_slots(article, doc, analysis, times=times, all_times=all_times, casualties=casualties,
                             reference=reference)
        return analysis

    # ---------------------------------------------------------------- learned slots
    def slot_context(self, article: Article, doc: Doc, analysis: Analysis, main: Mention,
                     reference: dt.date | None) -> SlotContext:
        """What the slot models score the report's candidates against (see `sitrep.extract.slots`)."""
        starts = [sent.start_char for sent in doc.sents] or [0]
        context = SlotContext(sentence_starts=starts, event_sentence=0, violent_sentences=set(),
                              rule_place=main.place, rule_date=main.date.value if main.date else None, published=reference,
                              triggers=analysis.triggers, category=main.category, tokens=tokens_of(doc),
                              title_words=frozenset(content_words(article.title or "")))
        context.event_sentence = context.sentence_of(main.start)
        context.violent_sentences = {context.sentence_of(m.start) for m in analysis.mentions if m.category in VIOLENT}
        return context

    def headline_places(self, article: Article, doc: Doc, analysis: Analysis, candidates: Sequence[PlaceCandidate]) -> list[PlaceCandidate]:
        """The places the report's headline names (`find_headline_places`), read in the body's
        context: its countries, its divisions (`candidates`: the body's places) and the words it
        writes in lower case."""
        title = parsed_headline(article.title)
        if title is None:
            return []
        lower_words = frozenset(w for w in tokens_of(doc).orth if w.isalpha() and w.islower())
        return find_headline_places(title, country_hints=analysis.country_hints,
                                    province_hints=province_hints_of(candidates), lower_words=lower_words)

    def _headline_mentions(self, article: Article, analysis: Analysis, reference: dt.date | None) -> list[Mention]:
        """The attack a headline tells of, for a report whose body tells of none: a page whose
        text is boilerplate ("Just One More Thing... We have sent you a verification email",
        "Already a subscriber?") or a teaser of one sentence, under a headline that is the
        story ("5 shot on Detroit's west side", "Four wounded in shooting at Pomona restaurant").
        Read off the parsed headline like any sentence; only an asserted attack is kept (the
        event model judges sentences of a body, not a headline's telegraphic words). Its offsets
        and its evidence are the headline's, at no offset in the text (as a headline toll's,
        `sitrep.extract.slots.HEADLINE`); the slot models give it the place, day and tolls."""
        title = parsed_headline(article.title)
        if title is None:
            return []
        times = find_times(title.text, ref=reference)
        # a headline's toll is its attack's word where the parser reads no event ("5 shot on Detroit's
        # west side": "shot" a noun, the number's head)
        tolled = headline_toll_words(title.text)
        with share_tokens(title):
            for sent in title.sents:
                fallback = [token for token in sent if token.idx + len(token.text) in tolled]
                found = self._sentence_mentions(article, sent, times, analysis.country_hints, None, None,
                                                reported=analysis.reference_date, casualties=_casualties(sent),
                                                fallback=fallback)
                for mention, _trigger in found:
                    if mention.category in VIOLENT and mention.modality == "asserted":
                        mention.start = mention.end = 0
                        for claim in mention.claims:
                            claim.evidence.start = claim.evidence.end = 0
                        return [mention]
        return []

    def _fill_slots(self, article: Article, doc: Doc, analysis: Analysis, *, times: list[TimeValue],
                    all_times: list[TimeValue], casualties: list[tuple[int, int, list]], reference: dt.date | None) -> None:
        """`times`: the date candidates (a date alone on its line is the report's dateline, not the
        event's day); `all_times`: every expression, to tell a sentence dated away from the event."""
        main = next((m for m in analysis.mentions if m.is_main), None)
        if main is None or (main.category not in VIOLENT and (main.place is not None or not _tells_of_violence(analysis))):
            return
        candidates = find_places(doc, country_hints=analysis.country_hints)
        headline = self.headline_places(article, doc, analysis, candidates)
        context = self.slot_context(article, doc, analysis, main, reference)
        sentences = list(doc.sents)

        told_by_headline = main.end == 0  # `_headline_mentions`: every value it has no sentence for is the headline's

        def evidence_for(char: int) -> Evidence:
            if char == HEADLINE or (told_by_headline and char == main.start):
                # a toll the headline gives, or the headline's own attack: its evidence is the headline, at no offset in the text
                return Evidence(article=article.id, start=0, end=0, text=article.title or "", publication=article.publication)
            sent = sentences[context.sentence_of(char)]
            return Evidence(article=article.id, start=sent.start_char, end=sent.end_char, text=tokens_of(doc).span_text(sent).strip(),
                            publication=article.publication)

        if main.category not in VIOLENT:
            # a headline arrest or charge over the shooting the report tells of ("Suspect arrested in
            # party shooting") with no place of its own happened where the report is: its town, as
            # the place model reads it. Its day and tolls are not the shooting's.
            self.slots.apply(main, candidates, [], article.text, context, evidence_for, dated=False, headline=headline)
            return
        self.slots.apply(main, candidates, date_candidates(article.text, times), article.text, context, evidence_for,
                         headline=headline)
        statements = count_statements(casualties, all_times, main.date.value if main.date else None, reference, article.title or "")
        self.slots.apply_counts(main, analysis.mentions, statements, article.title or "", context, evidence_for)
        self.slots.zero_untold_tolls(main, f"{article.title or ''}\n{article.text}", evidence_for, statements, title=article.title or "")
        # the street address: the report's first one is its scene's (a suspect's home or a cross
        # street comes later); fusion compares it across reports (house 18 vs 19 is a dispute)
        address = next(iter(find_addresses(article.text)), None)
        if address is not None:
            main.claims.append(Claim(field="address", value={"text": address.text, "street": address.street,
                                                             "number": address.number, "block": address.block},
                                     evidence=evidence_for(address.start)))

    # ---------------------------------------------------------------- learned roles
    def _apply_roles(self, article: Article, doc: Doc, mentions: list[Mention], rejected: dict[int, list[Claim]]) -> None:
        """The role model's phrases become the arguments of the violent mentions.

        1. Each phrase goes to the violent mention (VIOLENT: what the model was trained on) of its
           own sentence, else to the nearest violent mention before it, else after it:
           news prose names victims and suspects in sentences of their own ("The victim was
           identified as ..."). Phrases of a sentence whose violent mention the event model
           rejected are dropped with it: they belong to a non-event. That sentence's counts go
           to the same mention as an orphan phrase would: "the guard suffered critical
           injuries" states no event of its own but tells the toll of the one reported
           (measured on the quality gate's 250 GVA incidents: killed accuracy 0.612 with this,
           0.596 without).
        2. Perpetrators become actors, victims and targets recipients, weapons the ontology's
           weapon table knows become weapons (all phrases stay, as written, in the mention's
           `arguments`). The rules' weapons, and their actors and recipients that are not
           names, follow the model's (ROLE_RULES_TOO; measured in the model card).
        3. Every phrase keeps its own sentence as evidence.
        """
        violent = [m for m in mentions if m.category in VIOLENT]
        if not violent:
            return
        sentences = list(doc.sents)
        by_sentence: dict[int, Mention] = {}
        for mention in violent:
            by_sentence.setdefault(mention.start, mention)
        for start, claims in rejected.items():
            _reported(violent, start).claims.extend(claims)
        # weapons the ontology knows, named in a sentence of no violent mention of its own ("a
        # handgun was recovered at the scene"), go where an orphan phrase would
        named_weapons: dict[str, list[str]] = {}
        for sent in sentences:
            if sent.start_char not in by_sentence and (found_weapons := _weapons(sent, self.ontology.weapons)):
                named_weapons.setdefault(_reported(violent, sent.start_char).id, []).extend(found_weapons)
        assigned: dict[str, list[tuple[RoleSpan, Span]]] = {}
        tagged = self.roles.tag(doc)
        for role in _one_side_per_person(tagged + _arrested_suspects(doc, sentences, mentions, tagged)):
            if role.role == PERP_IND and geo.is_country_name(role.text):
                continue  # a country is no individual: the model's reading of "Pakistan summoned the envoy"
            sent = sentences[role.sentence]
            target = by_sentence.get(sent.start_char)
            if target is None and sent.start_char in rejected:
                continue
            assigned.setdefault((target or _reported(violent, sent.start_char)).id, []).append((role, sent))
        for mention in violent:
            found = assigned.get(mention.id, [])
            if not found and not named_weapons.get(mention.id) and not ROLE_RULES_TOO:
                mention.actors, mention.recipients = [], []
                continue
            actors = [self._role_actor(role) for role, _ in found if role.role in ACTOR_ROLES]
            recipients = [self._role_actor(role) for role, _ in found if role.role in RECIPIENT_ROLES]
            weapons = [name for role, _ in found if role.role == WEAPON and (name := self._weapon_name(role.text))]
            mention.arguments = [Argument(role=r.role, text=r.text, start=r.start_char, end=r.end_char, probability=r.probability,
                                          age=stated_age(tokens_of(doc).text, r.end_char)) for r, _ in found]
            rule_actors, rule_recipients = (mention.actors, mention.recipients) if ROLE_RULES_TOO else ([], [])
            # names are the role model's to place (it learnt them from GVA's participants), common
            # nouns the rules' ("two farmers", "police"), and so is the group that claims the attack
            claimants = {c["entity_text"] for c in mention.claimed_by if c.get("status") == "claimed"}
            rule_actors = [a for a in rule_actors if not _names_someone(doc, a) or a.entity_text in claimants]
            rule_recipients = [a for a in rule_recipients if not _names_someone(doc, a)]
            mention.actors = _unique_actors(actors + rule_actors)
            mention.recipients = _unique_actors(recipients + rule_recipients)
            if mention.category == "ASSAULT":
                rule_weapons = mention.weapons + named_weapons.get(mention.id, []) if ROLE_RULES_TOO else []
                mention.weapons = list(dict.fromkeys(weapons + rule_weapons))
            # the claims of these fields are rebuilt from the model's phrases, each with its sentence
            mention.claims = [c for c in mention.claims if c.field not in ("actor", "recipient")]
            base = mention.claims[0].evidence if mention.claims else None
            for field_, people in (("actor", mention.actors), ("recipient", mention.recipients)):
                for actor in people:
                    sent = next((s for r, s in found if r.start_char == actor.start), None)
                    evidence = Evidence(article=article.id, start=sent.start_char if sent else mention.start,
                                        end=sent.end_char if sent else mention.end,
                                        text=(tokens_of(doc).span_text(sent) if sent else mention.sentence).strip(),
                                        attribution=base.attribution if base else None, hedged=base.hedged if base else False,
                                        publication=article.publication)
                    mention.claims.append(Claim(field=field_, value=actor.to_dict(), evidence=evidence))

    def _role_actor(self, role: RoleSpan) -> Actor:
        code = geo.country_of(role.text)
        return Actor(entity_text=role.text, code=geo.iso3(code) if code else None, sector=_sector(role.text, self._sectors),
                     role=role.role, start=role.start_char, end=role.end_char)

    def _weapon_name(self, text: str) -> str | None:
        """The canonical name of a weapon phrase by its head ("two AK-47s" -> "AK-47 rifle"),
        None when the ontology's table does not know it ("the device")."""
        table = self.ontology.weapons
        words = text.lower().split()
        if not words:
            return None
        for key in (" ".join(words[-2:]), words[-1], words[-1].rstrip("s")):
            if key in table:
                return table[key]
        return None

    # ---------------------------------------------------------------- context
    def _country_hints(self, doc: Doc) -> list[str]:
        counts: Counter[str] = Counter()
        for ent in _doc_ents(doc):
            code = None
            if ent.label_ in ("LOC", "GPE") and not in_longer_name(doc, ent):
                # ("Jordan" of "Jordan Faulkner" is a person's name the recognizer cut short.)
                # Only places big enough to trust without context: the hints are that context, and
                # "Taliban" (a village in Turkey) must not make Turkey one.
                code = geo.get_gazetteer().best_country(ent.text)
            elif ent.label_ == "NORP":
                code = geo.country_for_demonym(ent.text)
            if code:
                counts[code] += 1
        return [code for code, _ in counts.most_common()]

    # ---------------------------------------------------------------- mentions
    def _triggers(self, sent: Span) -> dict[str, list[Token]]:
        found: dict[str, list[Token]] = {}
        data = tokens_of(sent.doc)
        lower, pos, tag, head = data.lower, data.pos, data.tag, data.head
        for i in range(sent.start, sent.end):
            # the tests on the token lists first: a Token only for a word that may be a trigger
            if pos[i] in ("VERB", "AUX") or tag[i].startswith("VB"):
                table = self.ontology.verb_trigger
            elif pos[i] in ("NOUN", "PROPN", "ADJ") or tag[i].startswith("NN"):
                table = self.ontology.noun_trigger
            else:
                continue
            if data.ent[i] in ("PERSON", "ORG", "LOC", "GPE") and data.iob[i] != "":
                continue
            token = data.tokens[i]
            if lower[i] == "march" and token.is_title and any(t.like_num for t in (token.nbor(-1) if token.i > 0 else token, token.nbor(1) if token.i + 1 < len(token.doc) else token)):
                continue  # "3 March 2024", "March 3": the month
            if token.is_title and i + 1 < sent.end and lower[i + 1].rstrip(".") in STREET_TYPES:
                continue  # "March Street", "Battle Avenue": a street's name
            forms = _word_forms(lower[i], data.lemma[i])
            category = next((table[form] for form in forms if form in table), None)
            if data.dep[i] in OBJECTS + ("xcomp",) and pos[head[i]] == "VERB":
                # "registered a protest": the verb decides what kind of event the noun names (the
                # small parser sometimes reads that noun as a verb: "register protest" -xcomp->)
                category = next((c for form in forms if (c := self.ontology.object_category(form, data.lemma[head[i]]))), category)
            if category and table is self.ontology.verb_trigger and self._figurative(token, category):
                continue
            if category and table is self.ontology.noun_trigger and (_is_topic(token) or _is_demand(token)):
                continue
            if category and table is self.ontology.verb_trigger and _is_source_formula(token):
                continue
            if category:
                found.setdefault(category, []).append(token)
        return found

    def _sentence_mentions(self, article: Article, sent: Span, times: list[TimeValue], hints: list[str],
                           last_person: Span | None, last_org: Span | None, *, reported: str | None,
                           casualties: list, fallback: Sequence[Token] = ()) -> list[tuple[Mention, Token]]:
        """`fallback`: the words of an attack where the sentence has no trigger (a headline's "5 shot")."""
        triggers = self._triggers(sent)
        if not triggers and fallback:
            triggers = {"ASSAULT": list(fallback)}
        # lemmas plus the backstop forms used for triggers: the small lemmatizer reads "summoned"
        # as "summone"; computed once per sentence, shared by its mentions
        data = tokens_of(sent.doc)
        forms = {form for i in range(sent.start, sent.end) for form in _word_forms(data.lower[i], data.lemma[i])}
        lower = data.span_text(sent).lower()
        if not triggers and any(field_ in ("dead", "injured") for field_, *_ in casualties):
            triggers = {"ASSAULT": [c[3] for c in casualties]}
        mentions = []
        for category, tokens in triggers.items():
            # The trigger closest to the root speaks for the mention (verbs before nouns).
            trigger = min(tokens, key=lambda t: (0 if t.pos_ == "VERB" else 1, _depth(t)))
            mentions.append((self._mention(article, sent, category, trigger, tokens, forms, lower, times, hints,
                                           casualties, last_person, last_org, reported=reported), trigger))
        return mentions

    def _mention(self, article: Article, sent: Span, category: str, trigger: Token, tokens: list[Token],
                 lemma_set: set[str], lower: str, times: list[TimeValue], hints: list[str],
                 casualties: list, last_person: Span | None, last_org: Span | None, *, reported: str | None) -> Mention:
        onto = self.ontology
        spec = onto.categories[category]
        modes = [mode for mode, words in spec.modes.items() if words & lemma_set]
        contexts = [name for name, pattern in self._contexts if pattern.search(lower)]
        if "cyber" in modes and "cyber" not in contexts:
            contexts.append("cyber")
        sentence = tokens_of(sent.doc).span_text(sent).strip()
        evidence_base = dict(article=article.id, start=sent.start_char, end=sent.end_char, text=sentence, publication=article.publication)
        attribution, hedged = _attribution(sent, trigger)
        evidence = Evidence(attribution=attribution, hedged=hedged, **evidence_base)
        mention = Mention(
            id=_short_id(article.id, sent.start_char, category),
            article_id=article.id,
            category=category,
            mode=modes,
            context=contexts,
            modality=_modality(trigger, sent),
            trigger=trigger.text,
            start=sent.start_char,
            end=sent.end_char,
            sentence=sentence,
            hedged=hedged,
            attribution=attribution,
            reported=reported,
            definite=_definite(trigger),
        )
        actor_span, recipient_span = _roles(trigger, tokens, onto.weapons)
        mention.actors = [self._actor(s, last_person, last_org) for s in actor_span if s is not None]
        mention.recipients = [self._actor(s, last_person, last_org) for s in recipient_span if s is not None]
        mention.actors = [a for a in mention.actors if a.entity_text]
        mention.recipients = [a for a in mention.recipients if a.entity_text]
        mention.place = self._place(sent, trigger, hints, triggers=tokens)
        mention.date = _nearest_time(times, sent, trigger)
        if mention.date is not None and mention.date.value and reported:
            published = parse_date(reported)  # the report's day, a crawl date corrected (`reference_date`)
            event_day = parse_date(mention.date.value + ("-01" if len(mention.date.value) == 7 else "") if len(mention.date.value) >= 7 else None)
            if published and event_day and (published - event_day).days > 365 and mention.modality == "asserted":
                mention.modality = "historical"
        if category in ("ASSAULT", "COERCE"):
            for field_, count, victim, _token in casualties:
                if field_ == "arrested" and category != "COERCE" and "COERCE" in lemma_set:
                    continue
                if count is None:
                    continue
                current = getattr(mention, field_)
                setattr(mention, field_, count if current is None else current + count)
                mention.claims.append(Claim(field=f"size.{field_}", value={"count": count, "victim": victim}, evidence=evidence))
        if category == "ASSAULT":
            mention.weapons = _weapons(sent, onto.weapons)
            mention.claimed_by = _claims_of_responsibility(sent)
            for claim in mention.claimed_by:
                mention.claims.append(Claim(field="claimed_by", value=claim, evidence=evidence))
        # One claim per field, so fusion can weigh and dispute them.
        mention.claims.append(Claim(field="modality", value=mention.modality, evidence=evidence))
        if mention.date is not None and mention.date.value:
            mention.claims.append(Claim(field="date", value={"value": mention.date.value, "precision": mention.date.precision, "text": mention.date.text}, evidence=evidence))
        if mention.place is not None:
            mention.claims.append(Claim(field="event_loc", value=mention.place.to_dict(), evidence=evidence))
        for actor in mention.actors:
            mention.claims.append(Claim(field="actor", value=actor.to_dict(), evidence=evidence))
        for recipient in mention.recipients:
            mention.claims.append(Claim(field="recipient", value=recipient.to_dict(), evidence=evidence))
        return mention

    def _actor(self, span: Span, last_person: Span | None, last_org: Span | None) -> Actor:
        text = _clean_phrase(span)
        governor = _governing_subject(span.root) if span.root.lower_ in PRONOUNS else None
        if governor is not None:
            span = _phrase(governor)
            text = _clean_phrase(span)
        elif span.root.lower_ in PRONOUNS:
            referent = last_person if span.root.lower_ in ("he", "she", "him", "her") else (last_org or last_person)
            if referent is None or referent.start >= span.start:
                return Actor(entity_text="")
            span = referent
            text = _clean_phrase(span)
        code = geo.country_of(text)
        return Actor(
            entity_text=text,
            code=geo.iso3(code) if code else None,
            sector=_sector(text, self._sectors),
            start=span.start_char,
            end=span.end_char,
        )

    def _figurative(self, verb: Token, category: str) -> bool:
        """ "fight terrorism", "attacked the decision": the object is not something one strikes."""
        blocked = self.ontology.categories[category].not_objects
        return bool(blocked) and any(c.dep_ in OBJECTS and _lemma(c) in blocked for c in verb.children)

    def _locates_other_event(self, ent: Span, triggers: list[Token]) -> bool:
        """ "Following the assassination attempt in Kabul, Pakistan summoned ...": a place that
        modifies another event noun says where that event happened, not this one."""
        noun = ent.root.head
        if ent.root.dep_ != "nmod" or noun.pos_ not in ("NOUN", "PROPN"):
            return False
        words = (noun, *(c for c in noun.children if c.dep_ == "compound"))  # "assassination attempt"
        if any(t in triggers for t in words):
            return False
        table = self.ontology.noun_trigger
        return any(form in table for t in words for form in _forms(t))

    def _place(self, sent: Span, trigger: Token, hints: list[str], *, triggers: list[Token]) -> Place | None:
        # Destinations and origins ("recalled to Pakistan", "withdraw from Kabul") are not where
        # the event happened.
        candidates = [ent for ent in _ents_in(sent) if ent.label_ in ("LOC", "GPE") and _case(ent.root) not in ("to", "from", "into", "toward", "towards")]
        # Only places in the clause of one of the mention's triggers: "the guard was injured ... and
        # is treated in Peshawar" does not put the attack in Peshawar.
        own = {node for token in triggers for node in (_clause_verb(token), token, token.head)}
        own |= {node for verb in list(own) for node in _same_time_clauses(verb)}
        candidates = [ent for ent in candidates if _clause_verb(ent.root) in own and not self._locates_other_event(ent, triggers)]
        if not candidates:
            return None
        # Prefer places introduced by a locative preposition, then the one nearest the trigger;
        # cities over countries (the more specific place).
        def rank(ent: Span) -> tuple[int, int]:
            locative = _case(ent.root) in ("in", "at", "near", "outside", "inside", "from", "across") or ent.root.dep_ in ("compound", "nmod:poss")
            return (0 if locative else 1, abs(ent.start - trigger.i))

        resolved: list[tuple[tuple[int, int, int], Place]] = []
        for ent in candidates:
            place = geo.resolve(ent.text, country_hints=hints)
            if place is None:
                continue
            # finest first: a town, a county, a state, a country
            specificity = {"city": 0, "admin2": 1, "admin1": 2}.get(place.feature or "", 3)
            resolved.append(((specificity,) + rank(ent), place))
        if not resolved:
            return None
        return min(resolved, key=lambda item: item[0])[1]

    def _mark_main(self, mentions: list[Mention], title_lemmas: set[str]) -> None:
        if not mentions:
            return
        violent = [m for m in mentions if m.category in ("ASSAULT", "COERCE", "PROTEST") and m.modality == "asserted"]
        pool = violent or [m for m in mentions if m.modality == "asserted"] or mentions
        pool[0].is_main = True

    def _inherit_main_place(self, article: Article, analysis: Analysis) -> None:
        """The headline event takes the report's first place when its own sentences name none."""
        main = next((m for m in analysis.mentions if m.is_main), None)
        if main is None or main.place is not None:
            return
        same = [m for m in analysis.mentions if m.category == main.category and m.place is not None and m.modality == main.modality]
        if same:
            main.place = same[0].place

    # ---------------------------------------------------------------- statements
    def _statements(self, article: Article, sent: Span, last_person: Span | None, last_org: Span | None,
                    reference: dt.date | None) -> list[Statement]:
        statements = []
        data = tokens_of(sent.doc)
        for i in range(sent.start, sent.end):
            if data.lemma[i] not in SPEECH or data.pos[i] not in ("VERB", "AUX"):
                continue
            token = data.tokens[i]
            subjects = [c for c in token.children if c.dep_ in SUBJECTS + PASSIVE_SUBJECTS]
            if not subjects:
                continue
            subject = subjects[0]
            speaker_span = _phrase(subject)
            if subject.lower_ in PRONOUNS:
                referent = last_person if subject.lower_ in ("he", "she") else (last_org or last_person)
                if referent is None:
                    continue
                speaker_span = referent
            speaker = _clean_phrase(speaker_span)
            if not speaker or speaker.lower() in ("i", "we", "you"):
                continue
            quote = _quoted(sent)
            content = quote or _clause_text(token)
            if not content or len(content) < 12:
                continue
            statements.append(Statement(
                id=_short_id(article.id, sent.start_char, token.i),
                article_id=article.id,
                speaker=speaker,
                text=content,
                start=sent.start_char,
                end=sent.end_char,
                date=article.published,
                is_direct=bool(quote),
            ))
            break
        return statements


# ---------------------------------------------------------------------------- helpers
def find_acronyms(text: str) -> dict[str, str]:
    """Acronyms defined in text: "Islamic State Khorasan Province (ISKP)" -> {"ISKP": "Islamic ..."}.

    The long form is the run of words before the parenthesis whose initials spell the acronym
    (function words and hyphenated parts may be skipped), the classic Schwartz & Hearst idea.
    """
    found: dict[str, str] = {}
    for match in re.finditer(r"\(([A-Z][A-Za-z]{1,7})\)", text):
        acronym = match.group(1)
        if not re.search(r"[A-Z].*[A-Z]", acronym):
            continue
        before = text[max(0, match.start() - 120) : match.start()].rstrip()
        words = re.findall(r"[\w'’.-]+", before)
        letters = acronym.lower()
        for size in range(1, min(len(words), 10) + 1):
            candidate = words[-size:]
            initials = "".join(part[0].lower() for word in candidate for part in re.split(r"[-’']", word) if part and part[0].isalpha())
            capitals = "".join(w[0].lower() for w in candidate if w[0].isupper())
            if candidate[0][0].isupper() and (_subsequence(letters, initials) and initials[0] == letters[0]) and (capitals == letters or _subsequence(letters, initials)):
                if capitals.startswith(letters[:1]) and len(capitals) >= max(1, len(letters) - 2):
                    found[acronym] = " ".join(candidate).strip(" ,")
                    break
    return found


def _tells_of_violence(analysis: Analysis) -> bool:
    return any(m.category in VIOLENT for m in analysis.mentions)


def date_candidates(text: str, times: list[TimeValue]) -> list[TimeValue]:
    """The time expressions the date model chooses the report's day among: not its dateline, nor
    the page's "Posted: / Updated:" stamps (when the page was written, which the event's day often
    is not). The rules still read the stamps: a headline mention dated by one is judged and
    linked as before, and keeps that day when the report names no other."""
    return [t for t, stamp in zip(times, page_stamp(text, times)) if not stamp and not _is_dateline(text, t)]


def _is_dateline(text: str, time: TimeValue) -> bool:
    """A date alone on its line is the report's dateline, not the time of an event."""
    line_start = text.rfind("\n", 0, time.start) + 1
    line_end = text.find("\n", time.end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    return len(line.strip()) <= len(time.text) + 12


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def _words_pattern(words) -> re.Pattern[str]:
    """Any of `words` as a whole word (not inside a longer word or hyphenated compound)."""
    if not words:
        return re.compile(r"(?!)")  # matches nothing
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


# Words that introduce a person's name ("spokesperson Ned Price", "Minister Amir Khan Muttaqi").
PERSON_TITLES = frozenset({
    "spokesperson", "spokesman", "spokeswoman", "minister", "president", "ambassador", "envoy", "secretary",
    "senator", "governor", "mayor", "sheriff", "general", "commander", "chief", "officer", "judge", "mr", "mrs",
    "ms", "dr", "prince", "king", "queen", "premier", "chancellor", "detective", "sergeant", "lieutenant", "captain",
})


def _unlabelled_name_subject(sent: Span) -> Span | None:
    """A person the NER left without a label, whom "he" in the next sentence may refer to: a
    subject headed by a run of two or more untagged proper nouns, else the last run of two or
    more capitalised words after a title word ("spokesperson Ned Price")."""
    subject = next((c for c in sent.root.children if c.dep_ in SUBJECTS), None)
    if subject is not None and subject.pos_ == "PROPN" and not subject.ent_type_:
        start = subject.i
        while start > sent.start and sent.doc[start - 1].pos_ == "PROPN" and not sent.doc[start - 1].ent_type_:
            start -= 1
        if subject.i + 1 - start >= 2:
            return sent.doc[start : subject.i + 1]
    # "... spokesperson Ned Price ...": capitalised words right after a title word, whatever the
    # tagger made of them (a small model can tag "Ned" a verb).
    named = None
    data = tokens_of(sent.doc)
    for i in range(sent.start, sent.end):
        if data.lower[i] in PERSON_TITLES and i + 2 < sent.end:
            token = data.tokens[i]
            end = token.i + 1
            while end < sent.end and end - token.i <= 3 and sent.doc[end].is_title and not sent.doc[end].ent_type_:
                end += 1
            if end - token.i - 1 >= 2:
                named = sent.doc[token.i + 1 : end]
    return named


def _doc_ents(doc: Doc) -> list[Span]:
    """doc.ents, built once per doc: spaCy makes new Span objects on every access, and Span.ents
    walks all of them, which made entity lookups per sentence quadratic in a long report."""
    ents = doc.user_data.get("sitrep_ents")
    if ents is None:
        ents = doc.user_data["sitrep_ents"] = list(doc.ents)
    return ents


def _ents_in(span: Span) -> list[Span]:
    ents = _doc_ents(span.doc)
    first = bisect.bisect_left(ents, span.start, key=lambda ent: ent.start)
    last = bisect.bisect_left(ents, span.end, key=lambda ent: ent.start)
    return [ent for ent in ents[first:last] if ent.end <= span.end]


def _reported(violent: list[Mention], start: int) -> Mention:
    """The violent mention a sentence starting at `start` goes on about: the nearest one before
    it, else the report's first."""
    before = [m for m in violent if m.start <= start]
    return before[-1] if before else violent[0]


def _one_side_per_person(spans: list[RoleSpan]) -> list[RoleSpan]:
    """A person a report names is a perpetrator or a victim, not both: each capitalised name
    (known by its last word, "Farook" for "Syed Rizwan Farook") takes the side its phrases give
    the more probability in all, and its phrases of the other side are dropped. A murder-suicide
    loses its second side; measured on GVDB dev in the model card."""
    weight: dict[str, dict[bool, float]] = {}
    for span in spans:
        key = _person_key(span)
        if key:
            side = weight.setdefault(key, {True: 0.0, False: 0.0})
            side[span.role in ACTOR_ROLES] += span.probability
    out = []
    for span in spans:
        key = _person_key(span)
        if key and span.role in ACTOR_ROLES + RECIPIENT_ROLES:
            sides = weight[key]
            if sides[span.role in ACTOR_ROLES] < sides[span.role not in ACTOR_ROLES]:
                continue
        out.append(span)
    return out


def _person_key(span: RoleSpan) -> str | None:
    words = span.text.split()
    if span.role not in (PERP_IND, VICTIM) or not words or not all(w[:1].isupper() for w in words):
        return None
    return words[-1].lower().strip(".,'’s")


# The weight an arrest's naming of a suspect carries against the role model's phrases of the same
# person (`_one_side_per_person`); a plain middle value, not tuned.
ARRESTED_AS_SUSPECT = 0.5


def _arrested_suspects(doc: Doc, sentences: list[Span], mentions: list[Mention], tagged: list[RoleSpan]) -> list[RoleSpan]:
    """The people an asserted arrest names, by their full name, as suspects of the violence the
    report tells ("Louisiana State Police found and arrested Kavon Manuel, 20, at a home"): the
    role model, trained on attack sentences, reads few names in a sentence of arrest, and GVA
    counts the arrested among an incident's suspects. A name the model tagged already is left to it."""
    starts = [sent.start_char for sent in sentences]
    taken = {(r.start_char, r.end_char) for r in tagged}
    found = []
    for mention in mentions:
        if mention.category != "COERCE" or "arrest" not in mention.mode or mention.modality != "asserted":
            continue
        for actor in mention.recipients:
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand") if actor.start is not None and actor.end is not None else None
            person = next((e for e in span.ents if e.label_ == "PERSON" and len(e) > 1), None) if span is not None else None
            if person is None or (person.start_char, person.end_char) in taken:
                continue
            found.append(RoleSpan(role=PERP_IND, text=person.text, start_char=person.start_char, end_char=person.end_char,
                                  sentence=bisect.bisect_right(starts, person.start_char) - 1, probability=ARRESTED_AS_SUSPECT))
    return found


def _names_someone(doc: Doc, actor: Actor) -> bool:
    """The actor's phrase is headed by a person's name or another proper noun."""
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand") if actor.start is not None and actor.end is not None else None
    if span is None or not len(span):
        return False
    return span.root.ent_type_ == "PERSON" or span.root.pos_ == "PROPN"


def _unique_actors(actors: list[Actor]) -> list[Actor]:
    """One actor per name (the first, which is the earliest in the text)."""
    seen: set[str] = set()
    out = []
    for actor in actors:
        key = actor.entity_text.lower()
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def _depth(token: Token) -> int:
    """Steps from the token up to its sentence's root (head indices: no Token objects on the way)."""
    doc, i, depth = token.doc, token.i, 0
    heads = _heads(doc)
    while heads[i] != i and depth < 50:
        i = heads[i]
        depth += 1
    return depth


def _heads(doc: Doc) -> list[int]:
    """Each token's head index, computed once per doc."""
    heads = doc.user_data.get("sitrep_heads")
    if heads is None:
        heads = doc.user_data["sitrep_heads"] = tokens_of(doc).head
    return heads


def _phrase(token: Token) -> Span:
    """The noun phrase headed by `token`: the entity it is in, else its modifiers to the left and right."""
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        for ent in _doc_ents(token.doc):
            if ent.start <= token.i < ent.end:
                start, end = ent.start, ent.end
                # "the Pakistani embassy": an entity inside a larger noun phrase keeps its head noun.
                if ent.root.head.i > token.i and ent.root.dep_ in ("compound", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
                    end = token.head.i + 1
                return token.doc[start:end]
    keep = {"compound", "amod", "nummod", "nmod:poss", "flat", "det"}
    left = token.i
    right = token.i
    for child in token.children:
        if child.dep_ in keep:
            left = min(left, child.left_edge.i if child.dep_ == "nmod:poss" else child.i)
            if child.dep_ in ("compound", "flat"):
                left = min(left, child.left_edge.i)
                right = max(right, child.right_edge.i) if child.i > token.i else right
    for child in token.rights:
        if child.dep_ == "nmod" and _case(child) == "of":
            right = max(right, child.right_edge.i)
    span = token.doc[left : right + 1]
    return span


def _clean_phrase(span: Span) -> str:
    tokens = list(span)
    while tokens and (tokens[0].pos_ in ("DET", "ADP", "PUNCT") or tokens[0].lower_ in ("the", "a", "an", "its", "their")):
        tokens = tokens[1:]
    while tokens and (tokens[-1].pos_ == "PUNCT" or tokens[-1].tag_ == "POS"):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    # a Span's text, not Doc.text: the latter rebuilds the whole article's string on every call
    return span.doc[tokens[0].i : tokens[-1].i + 1].text.strip()


def _roles(trigger: Token, tokens: list[Token], weapons: Mapping[str, str]) -> tuple[list[Span | None], list[Span | None]]:
    actors: list[Span | None] = []
    recipients: list[Span | None] = []
    relative = ("that", "which", "who")
    # "with a rifle" is the instrument, not a partner ("clashed with rebels")
    partners = lambda token, *preps: [c for c in _obliques(token, *preps) if not (_lemma(c) in weapons or c.lower_ in weapons)]  # noqa: E731
    if trigger.pos_ == "ADJ" or (trigger.pos_ == "VERB" and _lemma(trigger) == "die"):
        # "three officers were wounded" (the tagger's adjective), "two people died": the subject
        # is who suffered it
        for child in trigger.children:
            if child.dep_ in SUBJECTS + PASSIVE_SUBJECTS and child.lower_ not in relative:
                recipients.extend(_phrase(c) for c in _with_conjuncts(child))
        actors.extend(_phrase(c) for c in _obliques(trigger, "by"))
        return actors[:3], recipients[:3]
    if trigger.pos_ == "VERB":
        for child in trigger.children:
            if child.dep_ in SUBJECTS and child.lower_ not in relative:
                actors.append(_phrase(child))
            elif (child.dep_ in OBJECTS or child.dep_ in PASSIVE_SUBJECTS) and child not in tokens:
                recipients.extend(_phrase(c) for c in _with_conjuncts(child))
            elif child.dep_ in OBJECTS:
                # "convened a call with X": the object is the event noun, its "with" is the partner
                recipients.extend(_phrase(c) for c in _obliques(child, "with", "against"))
        actors.extend(_phrase(c) for c in _obliques(trigger, "by"))
        recipients.extend(_phrase(c) for c in partners(trigger, "with", "against"))
        if not actors and trigger.dep_ in ("advcl", "xcomp", "conj", "acl") and trigger.head.pos_ == "VERB":
            actors.extend(_phrase(c) for c in trigger.head.children if c.dep_ in SUBJECTS and c.lower_ not in relative)
    else:
        for child in trigger.children:
            if child.dep_ in ("nmod:poss", "poss") and child.ent_type_ in ("ORG", "PERSON", "NORP", "LOC", "GPE"):
                actors.append(_phrase(child))
            elif child.dep_ == "compound" and child.ent_type_ in ("ORG",):
                actors.append(_phrase(child))
        actors.extend(_phrase(c) for c in _obliques(trigger, "by"))
        recipients.extend(_phrase(c) for c in _obliques(trigger, "on", "against", "at", "targeting", "inside", "upon", "with", "from"))
        # "X carried out / launched / claimed an attack", "X received / held a call with Y"
        verb = trigger.head
        if trigger.dep_ in OBJECTS + ("obl", "nmod") and verb.pos_ == "VERB" and any(form in LIGHT_VERBS for form in _forms(verb)):
            actors.extend(_phrase(c) for c in verb.children if c.dep_ in SUBJECTS and c.lower_ not in relative)
            recipients.extend(_phrase(c) for c in _obliques(verb, "with", "from", "against", "on"))
        if verb.pos_ == "NOUN" and _lemma(verb) == "responsibility" and _lemma(verb.head) == "claim":
            actors.extend(_phrase(c) for c in verb.head.children if c.dep_ in SUBJECTS and c.lower_ not in relative)
    return actors[:3], recipients[:3]


def _same_time_clauses(verb: Token, depth: int = 3) -> list[Token]:
    """Clauses that tell the same happening: complements and "when / as / while" clauses ("five
    were killed when a device blew up at the station in Kirkuk"), not "after" or "and" ones."""
    found = []
    for child in verb.children:
        if child.dep_ == "xcomp" or (child.dep_ == "advcl" and any(
                c.lower_ in ("when", "as", "while") and c.dep_ in ("mark", "advmod") for c in child.children)):
            found.append(child)
            if depth > 1:
                found.extend(_same_time_clauses(child, depth - 1))
    return found


def _clause_verb(token: Token) -> Token:
    """The verb heading the clause a token is in (the token itself when it is a verb)."""
    node = token
    for _ in range(20):
        if node.pos_ in ("VERB", "AUX") or node.head is node:
            return node
        node = node.head
    return node


def _governing_subject(pronoun: Token) -> Token | None:
    """ "Pakistan has confirmed that it will not ...": a pronoun subject of a reported clause
    refers to the subject of the verb that reports it, when that is a name or noun."""
    clause = pronoun.head
    if clause.dep_ not in ("ccomp", "xcomp", "conj"):
        return None
    governor = clause.head
    subjects = [c for c in governor.children if c.dep_ in SUBJECTS and c.lower_ not in PRONOUNS]
    return subjects[0] if subjects else None


def _with_conjuncts(token: Token) -> list[Token]:
    return [token] + [c for c in token.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]


def _sector(text: str, sectors: list[tuple[str, re.Pattern[str]]]) -> str | None:
    lowered = text.lower()
    for sector, pattern in sectors:
        if pattern.search(lowered):
            return sector
    return None


# words of talking whose "on" / "about" phrase is a topic: "talks focused on economic cooperation"
TALK_WORDS = frozenset({"talk", "talks", "focus", "discuss", "discussion", "negotiation", "dialogue", "meeting",
                        "conference", "debate", "speak", "agreement", "deal", "memorandum"})
TOPIC_CASES = frozenset({"on", "about", "over", "regarding", "concerning"})


def _is_topic(noun: Token) -> bool:
    """A noun trigger that is what people talked about, not an event the sentence tells: the
    "on" / "about" phrase of a word of talking, or a conjunct of one ("the talks focused on
    security issues and economic cooperation": no cooperation happened)."""
    node = noun
    while node.dep_ == "conj" and node.head is not node:
        node = node.head
    if not any(c.dep_ == "case" and c.lower_ in TOPIC_CASES for c in node.children):
        return False
    return _lemma(node.head) in TALK_WORDS or node.head.lower_ in TALK_WORDS


def _is_demand(noun: Token) -> bool:
    """"calls to resign", "calls for calm": "call" in its sense of a demand (its "to" or "for"
    complement says what was demanded) is no telephone call or visit."""
    if _lemma(noun) != "call" and noun.lower_ not in ("call", "calls"):
        return False
    return any((c.dep_ in ("acl", "xcomp") and any(g.dep_ == "mark" and g.lower_ == "to" for g in c.children))
               or (c.dep_ == "nmod" and any(g.dep_ == "case" and g.lower_ == "for" for g in c.children))
               for c in noun.children)


# "asked not to be named", "requested not to be identified": a source's wish for anonymity, said of
# whoever is quoted, is no request the report is about
ANONYMITY = frozenset({"name", "named", "identify", "identified"})


def _is_source_formula(verb: Token) -> bool:
    return _lemma(verb) in ("ask", "request") and any(
        c.dep_ == "xcomp" and (c.lower_ in ANONYMITY or _lemma(c) in ANONYMITY) and any(g.dep_ == "aux:pass" for g in c.children)
        for c in verb.children)


def _nearest_time(times: list[TimeValue], sent: Span, trigger: Token) -> TimeValue | None:
    inside = [t for t in times if sent.start_char <= t.start and t.end <= sent.end_char]
    if not inside:
        return None
    return min(inside, key=lambda t: abs(t.start - trigger.idx))


DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those"})


def _definite(trigger: Token) -> bool:
    """"the attack", "its raid": a noun trigger that refers to an event as one the reader knows."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    return any((c.dep_ == "det" and c.lower_ in DEFINITE_DETS) or c.dep_ in ("nmod:poss", "poss") for c in trigger.children)


# subordinators of a condition or an open question: the clause they open states no event
QUESTION_MARKS = frozenset({"if", "unless", "whether"})


def _modality(trigger: Token, sent: Span) -> str:
    """asserted | negated | future | hypothetical, from the trigger's own syntax."""
    chain = [trigger]
    # "was shot and killed": a conjunct shares its head's auxiliaries and negation; not so one with
    # its own subordinator ("it is not clear if ... or if the latter refused": the "not" is the
    # main clause's, the refusal an open question)
    own_mark = any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKS for c in trigger.children)
    if trigger.dep_ in ("conj", "xcomp") and not own_mark:
        chain.append(trigger.head)
    negated = future = hypothetical = False
    for token in chain:
        for child in token.children:
            lowered = child.lower_
            if child.dep_ in ("neg", "advmod", "det") and lowered in NEGATORS:
                # "not the first attack" does not deny the attack: nouns are negated by "no" only
                if token.pos_ not in ("NOUN", "PROPN") or lowered == "no":
                    negated = True
            if child.dep_.startswith("aux"):
                if lowered in ("will", "shall", "'ll", "wo"):
                    future = True
                elif lowered in MODAL_HYPOTHETICAL:
                    hypothetical = True
            if child.dep_ == "mark" and lowered in QUESTION_MARKS:
                hypothetical = True
        if token.dep_ == "xcomp" and _lemma(token.head) in FUTURE_GOVERNORS:
            future = True
        if token.dep_ in ("xcomp", "acl") and _lemma(token.head) in DEMAND_GOVERNORS and any(
                c.dep_ == "mark" and c.lower_ == "to" for c in token.children):
            hypothetical = True  # "calls to resign", "urged him to resign": what was asked for
    # "police denied that anyone was arrested": a denying verb the trigger's clause reports
    node = trigger
    for _ in range(3):
        if node.dep_ not in ("ccomp", "xcomp") or node.head is node:
            break
        node = node.head
        if _lemma(node) in DENYING:
            negated = True
            break
    if negated:
        return "negated"
    if hypothetical:
        return "hypothetical"
    if future:
        return "future"
    return "asserted"


def _attribution(sent: Span, trigger: Token) -> tuple[str | None, bool]:
    data = tokens_of(sent.doc)
    words = data.lower[sent.start : sent.end]
    hedged = any(w in HEDGES for w in words)
    attribution = None
    # "according to X"
    for i in range(sent.start, sent.end):
        if data.lower[i] == "according" and i + 2 < data.n and data.lower[i + 1] == "to":
            token = data.tokens[i]
            # UD: "according" and "to" are both case markers of the source nominal
            source = token.head if token.head.pos_ in ("NOUN", "PROPN", "PRON") else token.doc[token.i + 2]
            attribution = _clean_phrase(_phrase(source))
    # a speech verb that governs the trigger: "Sources told PTI that ... were recalled"
    node = trigger
    for _ in range(6):
        if node.head is node:
            break
        node = node.head
        if _lemma(node) in SPEECH and node.pos_ in ("VERB", "AUX"):
            subjects = [c for c in node.children if c.dep_ in SUBJECTS]
            if subjects:
                attribution = _clean_phrase(_phrase(subjects[0]))
                if subjects[0].lower_ in UNNAMED_SOURCES or subjects[0].lemma_.lower() in UNNAMED_SOURCES:
                    hedged = True
            break
    return attribution, hedged


MONTH_WORDS = frozenset(m.lower() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"))


def _is_day_number(number: Token) -> bool:
    """"25" in "the May 25 fatal shooting": a day of a date."""
    before = number.doc[number.i - 1].lower_.rstrip(".") if number.i > 0 else ""
    return number.ent_type_ == "DATE" or before in MONTH_WORDS


def _count_of(noun: Token) -> int | None:
    """The number of people a victim noun phrase stands for, where the text says."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children) or noun.lower_ in ("nobody", "none", "noone"):
        return 0  # "no one was killed": the "one" is no count
    if noun.like_num:
        # "the 2014 fatal shooting": four digits from 1900 on are a year (a toll that size is written "2,014")
        is_year = re.fullmatch(r"(19|20)\d\d", noun.text) is not None
        return None if _is_day_number(noun) or is_year else parse_count(noun.text)
    # a number after its noun is an age ("arrested Kavon Manuel, 20,"), not a count: counts come
    # first; nor is a day ("the May 25 fatal shooting"), nor the age of "a 7-year-old"
    aged = noun.lower_ in ("old", "olds")
    def counts(number: Token) -> bool:
        return not (_is_day_number(number) or (aged and _is_age(noun.doc, number.i)))
    numbers = [c for c in noun.children
               if c.i < noun.i and (c.dep_ in ("nummod", "quantmod") or (c.like_num and c.dep_ != "appos")) and counts(c)]
    # "one security guard": the parser may hang the number on the compound modifier
    numbers += [g for c in noun.children if c.dep_ == "compound" for g in c.children if g.dep_ == "nummod" and counts(g)]
    if numbers:
        number = numbers[0]
        text = number.doc[number.left_edge.i : number.i + 1].text
        return parse_count(text) if parse_count(text) is not None else parse_count(number.text)
    if noun.ent_type_ == "PERSON" or noun.lower_ in ONE_PERSON or noun.lower_ == "another":
        return 1  # a name, "she died", "another was injured"
    if noun.lower_ == "who" and noun.head.dep_ == "acl:relcl" and noun.head.head is not noun:
        return _count_of(noun.head.head)  # "the man who was pronounced dead": the man
    # "a man", "his son", "a 7-year-old"
    if (noun.tag_ in ("NN", "NNP") or aged) and any((c.dep_ == "det" and c.lower_ in ONE_MORE_DETS) or c.dep_ in ("nmod:poss", "poss") for c in noun.children):
        return 1
    return None


WEEKDAYS = frozenset(day.lower() for day in calendar.day_name)


def _is_time_word(token: Token) -> bool:
    """"Friday" in "two men were shot and killed Friday": the parser may make the day an object."""
    return token.ent_type_ in ("DATE", "TIME") or token.lower_ in WEEKDAYS


def _shared_patient(token: Token) -> list[Token]:
    """"A man was shot and killed", "was shot and later died": a verb conjoined to a passive one,
    with no subject or object of its own, tells of the same person (the first verb's subject)."""
    if token.dep_ != "conj" or any(c.dep_ in SUBJECTS + PASSIVE_SUBJECTS + OBJECTS and not _is_time_word(c) for c in token.children):
        return []
    if token.head.dep_ in ("acl", "amod"):
        return [token.head.head]  # "a one-year-old girl shot and killed": the noun the first verb modifies
    return [c for c in token.head.children if c.dep_ in PASSIVE_SUBJECTS]


def _victims(token: Token) -> list[Token]:
    lemma = _lemma(token)
    direct = [c for c in token.children if (c.dep_ in OBJECTS or c.dep_ in PASSIVE_SUBJECTS) and not _is_time_word(c)]
    if direct and lemma not in DIE:
        return direct  # "killing one guard" whatever the tagger made of "killing"
    if token.pos_ == "VERB" or token.tag_.startswith("VB"):
        if lemma in DIE or token.lower_ in DIE:
            return [c for c in token.children if c.dep_ in SUBJECTS] or _shared_patient(token)
        objects = direct or _shared_patient(token)
        if not objects and token.dep_ in ("amod", "acl"):
            objects = [token.head]
        if not objects and any(c.dep_.startswith("aux") or c.dep_ == "cop" for c in token.children):
            objects = [c for c in token.children if c.dep_ in SUBJECTS]
        return objects
    if token.pos_ == "ADJ":
        if token.dep_ == "amod":
            # "the fatal shooting of four people": the ones the event noun's "of" names
            of = [c for c in token.head.children if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN", "PRON") and not c.like_num
                  and any(g.dep_ == "case" and g.lower_ == "of" for g in c.children)]
            if of and _lemma(token.head) in HARM_NOUNS:
                return of
            if token.head.lower_ in SHOT and token.head.dep_ == "xcomp":
                # "were found shot dead", the tagger making a noun of "shot": the finding verb's subject
                return [c for c in token.head.head.children if c.dep_ in SUBJECTS + PASSIVE_SUBJECTS]
            return [token.head]
        subjects = [c for c in token.children if c.dep_ in SUBJECTS]
        if subjects:
            return subjects
        if token.dep_ == "xcomp" and token.head.pos_ == "VERB":
            # "was pronounced dead", "was found dead": the verb's subject is the one dead; "were
            # found shot dead": "shot" has none of its own, the verb it completes does
            verb = token.head
            while not _subjects(verb) and verb.dep_ == "xcomp" and verb.head is not verb:
                verb = verb.head
            return _subjects(verb)
        return [c for c in token.children if c.like_num] or ([token] if any(c.like_num for c in token.children) else [])
    # nouns: "four deaths", "15-20 casualties", "suffered critical injuries"
    if any(c.dep_ == "nummod" for c in token.children):
        return [token]
    if token.dep_ in OBJECTS and _lemma(token.head) in ("suffer", "sustain", "receive"):
        return [c for c in token.head.children if c.dep_ in SUBJECTS]
    return []


HARMED = frozenset({"shoot", "shot", "stab", "wound", "hit", "injure", "attack", "beat"})
# nouns of an act of harm whose "of" phrase names its victims ("the fatal shooting of a teenager")
HARM_NOUNS = frozenset({"shooting", "shootings", "stabbing", "stabbings", "beating", "attack", "killing", "killings"})


def _fatally(sent: Span) -> list[tuple[str, int | None, str | None, Token]]:
    """ "Two people were shot, one of them fatally": of the people the verb harmed, the number
    before "fatally" died and the rest were injured; "he was fatally shot": all of them died.
    The parser hangs "fatally" on the verb or on the number as it likes, so it is read by
    position: the harming verb before it in the sentence, a number word just before it."""
    found = []
    data = tokens_of(sent.doc)
    for i in range(sent.start, sent.end):
        if data.lower[i] != "fatally":
            continue
        token = data.tokens[i]
        verbs = [t for t in sent if t.i != token.i and abs(t.i - token.i) <= 8 and t.pos_ == "VERB" and any(f in HARMED for f in _forms(t))]
        if not verbs:
            continue
        verb = min(verbs, key=lambda t: abs(t.i - token.i))
        victims = [v for v in _victims(verb) if v.pos_ in ("NOUN", "PROPN", "NUM", "PRON") and v.i != token.i]
        counts = [c for c in (_count_of(v) for v in victims) if c is not None]
        total = sum(counts) if counts else None
        victim = _lemma(victims[0]) if victims else None
        window = sent.doc[max(sent.start, token.i - 4) : token.i]
        number = next((parse_count(t.text) for t in reversed(list(window)) if t.like_num and parse_count(t.text) is not None), None)
        if number is None or abs(verb.i - token.i) == 1:
            found.append(("dead", total, victim, verb))  # "was fatally shot", "shot fatally"
            continue
        found.append(("dead", number, victim, verb))
        if total is not None and total > number:
            found.append(("injured", total - number, victim, verb))
    return found


# "left two people dead and three others wounded": the verb whose object phrases each end in a toll word
LEAVE_FORMS = frozenset({"left", "leaving", "leaves", "leave"})
LEFT_TOLL_WORDS = {"dead": "dead", "injured": "injured", "wounded": "injured", "hurt": "injured"}
ONE_MORE = frozenset({"a", "an", "another"})
# how far after "left" a toll phrase may end ("left one man dead and nine others critically injured")
LEFT_WINDOW = 14


def _left_tolls(sent: Span) -> dict[int, tuple[int, Token]]:
    """Toll word index -> (count, victim token) for "left one man dead and nine injured", "leaving
    two dead, three hurt", "left a woman critically wounded". Read by position, not from the
    parse: the small parser hangs these secondary predicates and their numbers on one another
    ("nine" as a conjunct of "dead", "dead" as a modifier of "others"), so a parse reading counts
    the injured as dead. Each toll word takes the count phrase just before it; anything other
    than a count, its noun, an adjective or adverb and "and" / "," ends the construction ("left
    the scene", "left for work")."""
    found: dict[int, tuple[int, Token]] = {}
    data = tokens_of(sent.doc)
    if not any(w in LEAVE_FORMS for w in data.lower[sent.start : sent.end]):
        return found  # most sentences: no Token made
    tokens = data.of(sent)
    for k, token in enumerate(tokens):
        if token.lower_ not in LEAVE_FORMS:
            continue
        count: int | None = None
        victim: Token | None = None
        including = False  # inside "including the gunman": a part of the count, not its noun
        for j in range(k + 1, min(len(tokens), k + 1 + LEFT_WINDOW)):
            word = tokens[j]
            lowered = word.lower_
            if lowered in LEFT_TOLL_WORDS:
                if count is None:
                    break
                found[word.i] = (count, victim or word)
                count, victim, including = None, None, False
            elif word.like_num and not _is_age(tokens, j) and not including:
                count, victim = parse_count(word.text), word
            elif (lowered in ONE_MORE or lowered in ONE_PERSON) and not including:
                count, victim = 1, word
            elif count is not None and lowered == "including":
                including = True  # "left four troops including the gunman dead": the four stand
            elif count is not None and (word.pos_ in ("NOUN", "PROPN", "ADJ", "ADV", "PUNCT", "NUM") or (including and word.pos_ == "DET")):
                if word.pos_ in ("NOUN", "PROPN") and not including:
                    victim = word
            elif lowered not in ("and", ","):
                break
    return found


# A person's age as news style gives it, in apposition right after the name: "Jacquay Howard, 21,
# was arrested", "Royal Willrich, 30; Vontay Jamar, 22", "John Doe (45)". The number must end the
# apposition (a comma, semicolon, bracket, full stop, the text's end, or "and" before the next
# name), so "Smith, 2 others", "Gibbs, 1000 block" or "Smith, 1,500" is no age.
_STATED_AGE = re.compile(r"(?:,[ \t]*|[ \t]*\()(\d{1,3})(?=[ \t]*(?:[,.](?!\d)|[;)]|$|and\b))")
# The oldest age read as one: a larger number after a name is something else.
MAX_AGE = 110


def stated_age(text: str, end: int) -> int | None:
    """The age stated right after the name that ends at `end` (`_STATED_AGE`), else None."""
    match = _STATED_AGE.match(text, end)
    if match is None:
        return None
    age = int(match.group(1))
    return age if 0 < age <= MAX_AGE else None


def _is_age(tokens: Sequence[Token] | Doc, j: int) -> bool:
    """"25" in "a 25-year-old man" is an age, not a count."""
    following = "".join(t.lower_ for t in tokens[j + 1:j + 3])
    return following.startswith(("-year", "year"))


def _trailing_age(noun: Token, number: Token) -> bool:
    """A number conjoined after its noun with no other noun between ("killed a gunman, 45", "wounded
    two men, 19 and 20") gives ages; a count comes before what it counts ("two men and three women")."""
    if number.pos_ != "NUM" or number.i < noun.i:
        return False
    return not any(t.pos_ in ("NOUN", "PROPN") for t in noun.doc[noun.i + 1:number.i])


def _lives_claimed(token: Token) -> list[Token]:
    """"a shooting that claimed the life of a 9-year-old", "claimed the lives of three people": the
    people of the lives a "claim" takes."""
    lives = [c for c in token.children if c.dep_ in OBJECTS and _lemma(c) in ("life", "lives")]
    return [g for life in lives for g in life.children if g.dep_ == "nmod"]


def _group_count(nouns: list[Token]) -> int | None:
    counts = [_count_of(n) for n in nouns]
    return sum(counts) if counts and None not in counts else None


def _to_hospital(token: Token) -> bool:
    """"were taken to area hospitals", "was rushed to a hospital", "sent four people to the
    hospital" (the parser hangs the destination on the people): the verb's destination is one.
    (Not the parser's agent "to Stormont-Vail Hospital": read so, a girl taken there whom a later
    report counts dead, brain dead in this one, was an implied injured against GVA's update.)"""
    def is_hospital(c: Token) -> bool:
        return c.dep_ in ("obl", "nmod", "advcl", "obj") and _lemma(c).startswith("hospital")
    return any(is_hospital(c) or (c.dep_ in OBJECTS and any(is_hospital(g) for g in c.children)) for c in token.children)


def _tells_of_death(sent: Span) -> bool:
    data = tokens_of(sent.doc)
    return any(data.lemma[i] in KILL or data.lower[i] in KILL for i in range(sent.start, sent.end))


def _casualties(sent: Span) -> list[tuple[str, int | None, str | None, Token]]:
    """(field, count, victim head lemma, trigger token) for each casualty statement in the sentence."""
    found = _fatally(sent)
    left = _left_tolls(sent)
    data = tokens_of(sent.doc)
    for i in range(sent.start, sent.end):
        lemma, lowered = data.lemma[i], data.lower[i]
        if i not in left and not (lemma in CASUALTY_FORMS or lowered in CASUALTY_FORMS):
            continue  # decided on the token lists: no Token made for the other words
        token = data.tokens[i]
        if token.i in left:
            count, victim = left[token.i]
            found.append((LEFT_TOLL_WORDS[token.lower_], count, _lemma(victim), token))
            continue
        if lemma in KILL or lowered in KILL or (lemma in ("shoot", "shot") and any(c.lower_ == "dead" for c in token.children)):
            field_ = "dead"  # "two people were shot dead"
        elif (lemma in TO_DEATH or lowered in TO_DEATH) and _to_death(token):
            field_ = "dead"  # "three people were shot to death"
        elif lemma == "claim" and (lives := _lives_claimed(token)):
            # "the life of a 9-year-old": the 9 is an age (no count read, rather than nine dead)
            aged = any(t.like_num and _is_age(sent.doc, t.i) for life in lives for t in life.subtree)
            found.append(("dead", None if aged else _group_count(lives), _lemma(lives[0]), token))
            continue
        elif lemma in INJURE or lowered in INJURE:
            # "was fatally injured", "fatally wounded": a death (the tagger's adjective escapes `_fatally`)
            fatal = any(c.lower_ == "fatally" for c in token.children) or (i > sent.start and data.lower[i - 1] == "fatally")
            field_ = "dead" if fatal else "injured"
        elif lemma in ARREST or lowered in ARREST:
            field_ = "arrested"
        else:
            continue
        if field_ != "arrested" and any(c.lower_ in NEGATORS and c.dep_ in ("advmod", "neg") for c in token.children):
            victims = [c for c in token.children if c.dep_ in SUBJECTS + PASSIVE_SUBJECTS + OBJECTS]
            found.append((field_, 0, _lemma(victims[0]) if victims else None, token))
            continue
        victims = _victims(token)
        if field_ == "arrested":
            # "the shooting that left ... nine others injured was arrested": a small parser can make
            # the hurt the arrest's subject; people a casualty word after them describes are the
            # toll's, not the arrested ("three wounded men were arrested" keeps its word before)
            victims = [v for v in victims if not any(c.i > v.i and c.dep_ in ("amod", "acl") and (_lemma(c) in HURT_OR_KILLED or c.lower_ in INJURE)
                                                     for c in v.children)]
        total: int | None = None
        victim_lemma = None
        for victim in victims:
            group = [victim] + [c for c in victim.children
                                if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM") and not _trailing_age(victim, c)]
            for noun in group:
                count = _count_of(noun)
                if count is not None:
                    total = count if total is None else total + count
                victim_lemma = victim_lemma or _lemma(noun)
        if victims:
            found.append((field_, total, victim_lemma, token))
    return found


def _subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in SUBJECTS + PASSIVE_SUBJECTS]


def _to_death(token: Token) -> bool:
    """"shot to death", "was beaten to death": "death" with "to", hung on the verb."""
    return any(c.lower_ == "death" and any(g.lower_ == "to" for g in c.children) for c in token.children)


SHOT = frozenset({"shoot", "shot"})
# "hitting four victims", "were struck by bullets", "a gun that went off, striking his brother":
# people hit, in a sentence that tells of gunfire or a gun (a car or a storm hits people too)
HIT = frozenset({"hit", "strike", "struck"})
GUNFIRE = frozenset({"shot", "shots", "gunfire", "bullet", "bullets", "round", "rounds", "gunshot", "gunshots", "gun", "guns", "fired"})
# whom a hit counts: people, not "his fence and a tree"
PEOPLE_WORDS = frozenset({"person", "people", "victim", "man", "woman", "boy", "girl", "child", "teen", "teenager", "officer",
                          "deputy", "bystander", "student", "son", "daughter", "mother", "father", "brother", "sister", "baby",
                          "toddler", "infant", "resident", "customer", "driver", "passenger", "guard", "patron", "friend"})
# personal pronouns stand for one person each in a victim group ("she and three others were shot")
ONE_PERSON = frozenset({"he", "she", "him", "her"})


def _shot_counts(sent: Span, taken: set[int]) -> list[tuple[str, int | None, str | None, Token]]:
    """("shot", N, ...) for "N people were shot", "shot three men", "she and three others were
    shot": how many were hit, dead or not, which tells no toll alone but gives the injured once
    the dead are known (`sitrep.extract.slots.count_statements`). "Shot dead" and "fatally shot"
    are tolls of the dead (`_casualties`), not counted here; nor is a verb `taken` by a casualty
    statement ("two were shot, one of them fatally": the dead and the injured are read there)."""
    found = []
    data = tokens_of(sent.doc)
    gunfire = any(w in GUNFIRE for w in data.lower[sent.start : sent.end])
    for i in range(sent.start, sent.end):
        if i in taken:
            continue
        # any part of speech: the small tagger makes a noun of "shot" in "the suspect shot three
        # men" while its parser still hangs the object on it; the object or passive subject is the test
        forms = _word_forms(data.lower[i], data.lemma[i])
        if not any(f in SHOT or (gunfire and f in HIT) for f in forms):
            continue
        token = data.tokens[i]
        if any(c.lower_ in ("dead", "fatally") or c.lower_ in NEGATORS for c in token.children) or _to_death(token):
            continue
        victims = [c for c in token.children if c.dep_ in OBJECTS or c.dep_ in PASSIVE_SUBJECTS]
        if not any(f in SHOT for f in forms):  # a hit: of people only
            victims = [v for v in victims if v.ent_type_ == "PERSON" or v.lower_ in ONE_PERSON or _lemma(v) in PEOPLE_WORDS]
        total: int | None = None
        victim_lemma = None
        for victim in victims:
            group = [victim] + [c for c in victim.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM", "PRON")]
            if victim is victims[0] and _coordinated_before(token, victim):
                group.insert(0, token.head)
            for noun in group:
                count = 1 if noun.lower_ in ONE_PERSON else _count_of(noun)
                if count is None:
                    total = None  # "the man and his friends": the group's size is not stated
                    break
                total = count if total is None else total + count
                # "five other people were shot": people besides those told before (the dead, often)
                victim_lemma = victim_lemma or ("other" if any(c.lower_ == "other" for c in noun.children) else _lemma(noun))
            else:
                continue
            break
        if total:
            found.append(("shot", total, victim_lemma, token))
    return found


def _coordinated_before(verb: Token, victim: Token) -> bool:
    """"A woman and a child were shot": the small parser may make the first noun the sentence's
    root and the verb its conjunct, leaving only "child" the verb's subject. The noun the verb
    hangs on, before the subject with the verb's "and" between them, is then a victim too."""
    head = verb.head
    if verb.dep_ != "conj" or head.pos_ not in ("NOUN", "PROPN") or not head.i < victim.i < verb.i:
        return False
    return any(c.dep_ == "cc" and head.i < c.i < victim.i for c in verb.children)


def _hospital_counts(sent: Span) -> list[tuple[str, int | None, str | None, Token]]:
    """("hospital", N, ...) for "four people were taken to area hospitals", "three were
    hospitalized": people hurt, but as a report words its first, uncertain count (a later report's
    "16 wounded" may count the 15 taken to hospital), so the count slots use it only where the
    report states no injured at all (`sitrep.extract.slots.SlotFiller.zero_untold_tolls`). Not
    in a sentence that tells of a death ("was rushed to a hospital, where he died")."""
    data = tokens_of(sent.doc)
    found = []
    for i in range(sent.start, sent.end):
        lemma, lowered = data.lemma[i], data.lower[i]
        carried = lemma in CARRIED or lowered in CARRIED
        if not (carried or lemma in HOSPITALIZED or lowered in HOSPITALIZED):
            continue
        token = data.tokens[i]
        if carried and not _to_hospital(token):
            continue
        if _tells_of_death(sent):
            return []
        victims = [c for c in token.children if c.dep_ in PASSIVE_SUBJECTS + OBJECTS]
        # "Harris and the 19-year-old were taken to a nearby hospital": each conjunct is one more
        group = [n for v in victims for n in [v] + [c for c in v.children
                 if c.dep_ == "conj" and (c.pos_ in ("NOUN", "PROPN", "PRON") or c.lower_ in ("old", "olds")) and not _trailing_age(v, c)]]
        counts = [c for c in (_count_of(n) for n in group) if c is not None]
        if counts:
            found.append(("hospital", sum(counts), _lemma(victims[0]), token))
    return found


def casualty_statements(sent: Span, stated: list[tuple[str, int | None, str | None, Token]] | None = None,
                        ) -> list[tuple[str, int | None, str | None, str]]:
    """The sentence's toll statements for the count slots, (field, count, victim lemma, word
    lemma): the dead / injured / arrested of `_casualties` (`stated`, where the caller has them)
    and the people shot of `_shot_counts`."""
    stated = _casualties(sent) if stated is None else stated
    shot = _shot_counts(sent, {t.i for *_, t in stated})
    return [(f, c, v, _lemma(t)) for f, c, v, t in stated + shot + _hospital_counts(sent)]


def _weapons(sent: Span, table: dict[str, str]) -> list[str]:
    found: list[str] = []
    data = tokens_of(sent.doc)
    lowered, lemmas = data.lower[sent.start : sent.end], data.lemma[sent.start : sent.end]
    for i in range(len(lowered)):
        if data.pos[sent.start + i] == "PRON":
            continue  # "a friend of mine": a pronoun, not a landmine
        # the bigram ("assault rifle"), then the word, its lemma and plain inflection strips
        # ("handguns" -> "handgun" even where the small lemmatizer misses it)
        bigram = f"{lowered[i]} {lowered[i + 1]}" if i + 1 < len(lowered) else None
        for key in (bigram, *_word_forms(lowered[i], lemmas[i])):
            if key and key in table:
                if table[key] not in found:
                    found.append(table[key])
                break
    return found


# the verbs `_claims_of_responsibility` reads a claim, a denial or a suspicion off
CLAIM_VERBS = frozenset({"claim", "deny", "reject", "suspect", "blame", "believe"})


def _claims_of_responsibility(sent: Span) -> list[dict[str, str]]:
    claims = []
    data = tokens_of(sent.doc)
    for i in range(sent.start, sent.end):
        lemma = data.lemma[i]
        if lemma not in CLAIM_VERBS:
            continue  # decided on the token lists: no Token made
        token = data.tokens[i]
        status = None
        if lemma == "claim" and any(_lemma(t) in ("responsibility", "credit") for t in token.subtree):
            status = "claimed"
        elif lemma in ("deny", "reject") and any(_lemma(t) in ("responsibility", "involvement") for t in token.subtree):
            status = "denied"
        elif lemma in ("suspect", "blame", "believe") and any(t.lower_ == "behind" for t in token.subtree):
            status = "suspected"
        if status is None:
            continue
        subjects = [c for c in token.children if c.dep_ in SUBJECTS + PASSIVE_SUBJECTS]
        if token.dep_ in ("acl:relcl", "relcl", "acl") and (not subjects or subjects[0].lower_ in ("which", "who", "that")):
            subjects = [token.head]
        if status == "suspected":
            # "Police believe the Red Dawn Brigade is behind it": the suspect is the subject of
            # the clause "behind" is in, not the one who suspects
            behind = next(t for t in token.subtree if t.lower_ == "behind")
            clause = behind.head if behind.head is not token else behind
            inner = [c for c in clause.children if c.dep_ in SUBJECTS] or [c for c in behind.children if c.dep_ in SUBJECTS]
            if inner:
                subjects = inner
        if subjects and any(c.dep_ == "det" and c.lower_ == "no" for c in subjects[0].children):
            continue  # "no group has claimed responsibility": no claim at all
        if subjects:
            name = _clean_phrase(_phrase(subjects[0]))
        elif token.pos_ == "VERB" and status == "claimed":
            # No subject found (a small parser can hang it on another word): the claimant is
            # the last organisation named before the verb in the sentence, as news prose puts it.
            before = [e for e in _ents_in(sent) if e.label_ == "ORG" and e.end <= token.i]
            name = _clean_phrase(before[-1]) if before else None
        else:
            name = None
        if name:
            claims.append({"entity_text": name, "status": status})
    return claims


def _quoted(sent: Span) -> str | None:
    match = re.search(r"[“\"]([^”\"]{12,})[”\"]", tokens_of(sent.doc).span_text(sent))
    return match.group(1).strip() if match else None


def _clause_text(verb: Token) -> str | None:
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "parataxis") + OBJECTS]
    if not clauses:
        return None
    clause = clauses[0]
    return verb.doc[clause.left_edge.i : clause.right_edge.i + 1].text.strip()
