"""Event-linking rules that come from the ontology data (no model needed)."""

from __future__ import annotations

from sitrep.extract.ontology import load_ontology
from sitrep.fuse.fuse import fuse
from sitrep.link.events import score
from sitrep.records import Mention


def _mention(mid: str, modes: list[str], sentence: str) -> Mention:
    return Mention(id=mid, article_id="a1", category="ACCUSE", mode=modes, context=[], modality="asserted",
                   trigger="x", start=0, end=len(sentence), sentence=sentence)


def test_summon_is_a_separate_mode_of_accuse_in_the_packaged_ontology():
    assert "summon" in load_ontology().categories["ACCUSE"].separate_modes


def test_a_summoning_never_links_to_a_condemnation_and_two_summonings_can():
    condemnation = fuse("e1", [_mention("m1", ["disapprove"], "Pakistan condemned the attack on its envoy.")], {})
    summoning = _mention("m2", ["disapprove", "summon"], "Pakistan summoned the Afghan envoy over the attack.")
    assert score(summoning, condemnation) is None
    earlier = fuse("e2", [_mention("m3", ["disapprove", "summon"], "Islamabad summoned the envoy.")], {})
    assert score(summoning, earlier) is not None


def test_lodging_a_protest_is_read_as_accuse():
    ontology = load_ontology()
    assert ontology.object_category("protest", "lodge") == "ACCUSE"
    assert ontology.object_category("protest", "join") is None
