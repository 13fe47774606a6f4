"""Entity linking (sitrep.link.entities): names clustered within an article, then resolved against
the entities already stored, deterministically."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from sitrep.link.entities import EntityResolver, LocalEntity, cluster_names, entity_id_for, name_key
from sitrep.records import Entity


def _resolver(stored: list[Entity]) -> EntityResolver:
    """A resolver over `stored`, each entity found under the keys of its aliases."""
    by_key = {(name_key(alias), e.type): e for e in stored for alias in e.aliases}
    return EntityResolver(lookup_key=lambda key, label: by_key.get((key, label)),
                          lookup_skeleton=lambda skel, label: None, candidates_by_type=lambda label, prefix: [])


def _person(name: str, *aliases: str) -> Entity:
    return Entity(id=entity_id_for(name, "PERSON"), name=name, type="PERSON", aliases=sorted({name, *aliases}))


def test_a_surname_joins_the_full_name_it_ends_within_one_article() -> None:
    clusters = cluster_names([("Nathan Wilder", "PERSON"), ("Wilder", "PERSON"), ("Kabul", "GPE")], {})
    assert clusters[("Wilder", "PERSON")] is clusters[("Nathan Wilder", "PERSON")]
    assert clusters[("Kabul", "GPE")].name == "Kabul"


def test_a_shorter_form_joins_the_stored_longer_name_it_ends() -> None:
    stored = _person("Ubaidur Rehman Nizamani", "Nizamani")
    entity, is_new = _resolver([stored]).resolve(LocalEntity(name="Rehman Nizamani", label="PERSON",
                                                             aliases={"Rehman Nizamani"}))
    assert (entity.id, is_new) == (stored.id, False)
    assert entity.name == "Ubaidur Rehman Nizamani"  # the longest full form stays the name


def test_an_unknown_name_is_a_new_entity() -> None:
    entity, is_new = _resolver([_person("Nathan Matlock", "Matlock")]).resolve(
        LocalEntity(name="David Wilder", label="PERSON", aliases={"David Wilder"}))
    assert is_new and entity.name == "David Wilder"


# Two stored people each hold one of the new name's aliases ("nathan" and "wilder" are keys of the
# same length); which one it joins must not depend on the order of a set of strings.
_RESOLVE = textwrap.dedent("""
    from sitrep.link.entities import EntityResolver, LocalEntity, entity_id_for, name_key
    from sitrep.records import Entity
    stored = [Entity(id=entity_id_for(n, "PERSON"), name=n, type="PERSON", aliases=sorted(a))
              for n, a in (("Nathan Matlock", {"Nathan Matlock", "Nathan"}), ("Ron Wilder", {"Ron Wilder", "Wilder"}))]
    by_key = {(name_key(alias), e.type): e for e in stored for alias in e.aliases}
    resolver = EntityResolver(lambda key, label: by_key.get((key, label)), lambda s, l: None, lambda l, p: [])
    print(resolver.resolve(LocalEntity(name="Nathan Wilder", label="PERSON", aliases={"Nathan", "Wilder"}))[0].name)
""")


def test_resolution_does_not_depend_on_the_process_hash_seed() -> None:
    answers = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        done = subprocess.run([sys.executable, "-c", _RESOLVE], capture_output=True, text=True, env=env, check=True)
        answers.add(done.stdout.strip())
    assert len(answers) == 1, answers


def test_a_full_name_does_not_join_another_person_through_a_shared_given_name() -> None:
    stored = _person("Nathan Matlock", "Nathan", "Matlock")
    entity, is_new = _resolver([stored]).resolve(LocalEntity(name="Nathan Wilder", label="PERSON",
                                                             aliases={"Nathan Wilder", "Nathan", "Wilder"}))
    assert is_new and entity.name == "Nathan Wilder"


def test_a_surname_alone_still_joins_the_person_stored_with_it() -> None:
    stored = _person("Nathan Matlock", "Matlock")
    entity, is_new = _resolver([stored]).resolve(LocalEntity(name="Matlock", label="PERSON", aliases={"Matlock"}))
    assert (entity.id, is_new) == (stored.id, False)
