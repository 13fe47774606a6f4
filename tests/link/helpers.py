"""Hand-built records for the linker tests: a mention as extraction would give it, and a stored
event as fusion would have made it from one earlier report."""

from __future__ import annotations

from sitrep.records import Argument, Article, Event, Evidence, Mention, Place, Source, TimeValue, article_id_for

NORFOLK = dict(resolved_place="Norfolk", geonameid=4776222, lat=36.8468, lon=-76.2852, province="Virginia",
               country="United States", country_code="US", feature="city")
CHICAGO = dict(resolved_place="Chicago", geonameid=4887398, lat=41.85, lon=-87.65, province="Illinois",
               country="United States", country_code="US", feature="city")
HOUSTON = dict(resolved_place="Houston", geonameid=4699066, lat=29.7633, lon=-95.3633, province="Texas",
               country="United States", country_code="US", feature="city")


def article(text: str, *, title: str, published: str) -> Article:
    return Article(id=article_id_for(text), text=text, title=title, published=published)


def mention(report: Article, sentence: str, *, place: dict | None, date: str | None, dead: int | None = None,
            injured: int | None = None, victims: tuple[str, ...] = (), suspects: tuple[str, ...] = (),
            is_main: bool = True) -> Mention:
    start = report.text.find(sentence)
    arguments = [Argument(role="victim", text=name, start=0, end=len(name)) for name in victims]
    arguments += [Argument(role="perp_individual", text=name, start=0, end=len(name)) for name in suspects]
    return Mention(
        id=f"m-{report.id}-{start}", article_id=report.id, category="ASSAULT", mode=["firearms"], context=[],
        modality="asserted", trigger="shot", start=max(0, start), end=max(0, start) + len(sentence), sentence=sentence,
        place=Place(extracted_place=place["resolved_place"], **place) if place else None,
        date=TimeValue(value=date, precision="day" if len(date) == 10 else "month", text=date, start=0, end=0) if date else None,
        dead=dead, injured=injured, arguments=arguments, is_main=is_main, reported=report.published,
    )


def stored_event(report: Article, sentences: list[str], *, place: dict | None, date: str | None, dead: int | None,
                 injured: int | None, victims: tuple[str, ...] = ()) -> Event:
    from sitrep.records import Actor

    evidence = {"event": [Evidence(article=report.id, start=report.text.find(s), end=report.text.find(s) + len(s), text=s)
                          for s in sentences]}
    return Event(
        id=f"e-{report.id}", event=["ASSAULT"], mode=["firearms"], context=[], modality="asserted", date=date,
        date_precision="day" if date and len(date) == 10 else None, actor=[], recipient=[Actor(entity_text=v) for v in victims],
        event_loc=Place(extracted_place=place["resolved_place"], **place) if place else None,
        size={"dead": dead, "injured": injured, "arrested": None}, weapons=[], claimed_by=[], summary=sentences[0],
        sources=[Source(article=report.id, title=report.title, published=report.published)], evidence=evidence,
        disputes=[], confidence=0.9,
    )
