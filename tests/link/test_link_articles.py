"""Hand-written article pairs through the whole main job (real parse, extraction, store): the
reports of one shooting end up in one event, the reports of two shootings in two."""

from __future__ import annotations

import pytest

from sitrep.pipeline import Processor
from sitrep.store.db import Store
from tests.link.test_pair_model import ENGLEWOOD, FIRST, FOLLOW_UP, PILSEN, PILSEN_AGAIN, RETOLD


@pytest.fixture(scope="module")
def clusters(nlp, tmp_path_factory):
    """article -> the event of its headline mention (what `sitrep eval gva` scores), after all
    six reports ran through one store, in this order."""
    store = Store(tmp_path_factory.mktemp("link") / "articles.db")
    processor = Processor(store, nlp=nlp)
    reports = {"first": FIRST, "retold": RETOLD, "englewood": ENGLEWOOD, "pilsen": PILSEN, "follow_up": FOLLOW_UP,
               "pilsen_again": PILSEN_AGAIN}
    for report in reports.values():
        processor.process(report)
    out = {}
    for name, report in reports.items():
        mentions = store.mentions_of_article(report.id)
        main = next((m for m in mentions if m.is_main), None) or next((m for m in mentions if m.category == "ASSAULT"), None)
        out[name] = main.event_id if main else None
    store.close()
    return out


def test_every_report_states_its_shooting(clusters):
    assert all(clusters.values()), clusters


def test_the_same_shooting_reported_twice_is_one_event(clusters):
    assert clusters["retold"] == clusters["first"]


def test_the_arrest_three_weeks_later_joins_the_shooting(clusters):
    assert clusters["follow_up"] == clusters["first"]


def test_two_shootings_in_one_city_on_one_day_are_two_events(clusters):
    assert clusters["englewood"] != clusters["pilsen"]
    assert clusters["pilsen_again"] == clusters["pilsen"]
    assert clusters["englewood"] not in (clusters["first"],)
