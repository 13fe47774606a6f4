"""Shared helpers for the ingest tests: minimal report texts written by hand."""

from __future__ import annotations

import pytest

# An invented report body, long enough to pass the length and language checks.
BODY = (
    "Police in the northern city said a roadside bomb struck a patrol vehicle on the main road "
    "late in the evening, wounding two officers and a passer-by. A local commander said the "
    "device had been hidden under a pile of rubble and was set off by remote control as the "
    "vehicle passed. No group has said it carried out the attack, and the investigation is "
    "continuing, officials said."
)


@pytest.fixture
def body() -> str:
    return BODY
