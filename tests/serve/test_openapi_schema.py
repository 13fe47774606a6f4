"""Property-based tests of the JSON API against its own OpenAPI document (schemathesis): requests
generated from each GET route's schema, valid and not; the app must answer each without a server
error, with a status and a body its schema allows, and with the CSP header. Few examples per route
keep CI short; SITREP_SCHEMA_EXAMPLES=500 runs a long one.

(schemathesis' pytest plugin, `from_fixture`, fails on pytest 9 in the pinned version, so each route's
strategy drives a Hypothesis test here directly.)"""

from __future__ import annotations

import os

import pytest

from tests.serve.helpers import needs_model

pytestmark = needs_model
schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed: pip install -e '.[dev]'")
from hypothesis import HealthCheck, given, settings  # noqa: E402

EXAMPLES = int(os.environ.get("SITREP_SCHEMA_EXAMPLES", "25"))
ROUTES = ["/api/events", "/api/events/{event_id}", "/api/events.geojson", "/api/entities", "/api/entities/{entity_id}", "/api/statements"]


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_get_route_is_covered(api_schema):
    documented = {path for path, methods in api_schema.raw_schema["paths"].items() if "get" in methods}
    assert documented == set(ROUTES)


@pytest.mark.parametrize("mode", ["positive", "negative"])
@pytest.mark.parametrize("route", ROUTES)
def test_the_api_keeps_its_schema(api_schema, route, mode):
    from schemathesis.generation.modes import GenerationMode

    operation = api_schema[route]["GET"]

    @given(case=operation.as_strategy(GenerationMode(mode)))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        response = case.call_and_validate()
        assert response.status_code < 500
        assert response.headers.get("content-security-policy")

    check()
