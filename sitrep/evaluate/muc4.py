"""MUC-4 benchmark: data loaders, prediction readers and the two published scorers.

Two metrics, each a faithful re-implementation (our own code) of the script its paper released,
so that released system outputs reproduce the published numbers:

- `score_templates`: the template-level metric of GTT (Du, Rush & Cardie, NAACL 2021),
  github.com/xinyadu/gtt `eval.py` (commits 9ff7920 / db72d0f; identical scoring code).
- `score_ceaf_ree`: CEAF-REE of GRIT (Du, Rush & Cardie, EACL 2021),
  github.com/xinyadu/grit_doc_event_entity `eval.py` (commit 7fdd008), phi_strict variant.

Both return percentages (0–100, unrounded, like the published tables) under the top-level keys
`precision`, `recall`, `f1`, plus per-role breakdowns and the raw counts they came from.

File formats read here:

- GTT processed data (`load_gtt`): JSON lines `{docid, doctext, templates: [{incident_type,
  PerpInd, PerpOrg, Target, Victim, Weapon}]}`, each role a list of entities, each entity a list
  of coreferent mentions `[string, char_offset]`. Our own template predictions use the same
  shape (mentions may also be bare strings, and `doctext` may be missing).
- GRIT processed data (`load_grit`): JSON lines `{docid, doctext, extracts: {role: entities}}`.
- GTT released predictions (`preds_gtt.out`, written by model_gtt/run_pl_gtt.py): one JSON
  object `{docid: {doctext, pred_seq, pred_templates: [{incident_type, role: [[mention], ...]}],
  gold_templates}}`, docids numeric (see `numeric_docid`).
- GRIT released predictions (`preds_s_t.out`, written by model_grit/run_pl_s_t.py): one JSON
  object `{docid: {doctext, pred_seq, pred_extracts: {role: [[mention], ...]}, gold_extracts}}`.

Errors: a malformed file raises `sitrep.errors.DataError` naming the file and line.
"""

from __future__ import annotations

import json
import logging
import re
import string
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sitrep.errors import DataError
from sitrep.evaluate.metrics import f1_score, max_assignment

__all__ = [
    "ROLES",
    "ExtractDoc",
    "Mention",
    "Template",
    "TemplateDoc",
    "load_grit",
    "load_gtt",
    "normalize_mention",
    "numeric_docid",
    "read_extract_predictions",
    "read_grit_preds",
    "read_gtt_preds",
    "read_template_predictions",
    "score_ceaf_ree",
    "score_templates",
    "templates_to_extracts",
    "unique_templates",
]

logger = logging.getLogger(__name__)

# The five role slots of the GTT/GRIT MUC-4 setting, in the order both scripts use.
ROLES: tuple[str, ...] = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")

# GTT's eval.py replaces a non-string predicted incident type (the decoder emits [] when it
# produced no type token) with "attack"; our readers apply the same rule when they load.
DEFAULT_INCIDENT_TYPE = "attack"

# Node budget of the exact alignment search (see `_best_alignment`). The pruned search needs a
# few hundred nodes on the largest MUC-4 dev document (9 x 9 templates); the budget only stops
# pathological inputs (dozens of predicted templates) from running for hours.
MAX_SEARCH_NODES = 2_000_000


# --------------------------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class Mention:
    """One mention string of an entity; `offset` is the character offset in doctext, if known."""

    text: str
    offset: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "offset": self.offset}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Mention":
        return cls(text=str(data["text"]), offset=data.get("offset"))


# An entity is the tuple of its coreferent mentions.
Entity = tuple[Mention, ...]


def _empty_roles() -> dict[str, list[Entity]]:
    return {role: [] for role in ROLES}


@dataclass
class Template:
    """One MUC-4 incident: its type and, per role, the list of filler entities."""

    incident_type: str
    roles: dict[str, list[Entity]] = field(default_factory=_empty_roles)

    def to_dict(self) -> dict[str, Any]:
        """The GTT JSON shape: `{incident_type, PerpInd: [[[text, offset], ...], ...], ...}`."""
        out: dict[str, Any] = {"incident_type": self.incident_type}
        for role in ROLES:
            out[role] = [[[m.text, m.offset] for m in entity] for entity in self.roles.get(role, [])]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Template":
        incident_type = data.get("incident_type")
        if not isinstance(incident_type, str):
            incident_type = DEFAULT_INCIDENT_TYPE
        return cls(incident_type=incident_type, roles={role: _parse_entities(data.get(role) or []) for role in ROLES})


@dataclass
class TemplateDoc:
    """A document with its templates (gold or predicted)."""

    docid: str
    templates: list[Template]
    doctext: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"docid": self.docid, "doctext": self.doctext, "templates": [t.to_dict() for t in self.templates]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "TemplateDoc":
        return cls(
            docid=str(data["docid"]),
            doctext=str(data.get("doctext") or ""),
            templates=[Template.from_dict(t) for t in data.get("templates") or []],
        )


@dataclass
class ExtractDoc:
    """A document with one merged set of role fillers (the GRIT setting): role -> entities."""

    docid: str
    extracts: dict[str, list[Entity]]
    doctext: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "docid": self.docid,
            "doctext": self.doctext,
            "extracts": {
                role: [[[m.text, m.offset] for m in entity] for entity in self.extracts.get(role, [])] for role in ROLES
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ExtractDoc":
        extracts = data.get("extracts") or {}
        return cls(
            docid=str(data["docid"]),
            doctext=str(data.get("doctext") or ""),
            extracts={role: _parse_entities(extracts.get(role) or []) for role in ROLES},
        )


def _parse_mention(raw: Any) -> Mention:
    # gold files hold [text, offset]; released predictions hold bare strings
    if isinstance(raw, str):
        return Mention(raw)
    if isinstance(raw, Sequence) and raw and isinstance(raw[0], str):
        offset = raw[1] if len(raw) > 1 and isinstance(raw[1], int) else None
        return Mention(raw[0], offset)
    if isinstance(raw, Mapping) and isinstance(raw.get("text"), str):
        return Mention.from_dict(raw)
    raise ValueError(f"a mention must be a string or [string, offset], got {raw!r}")


def _parse_entities(raw: Any) -> list[Entity]:
    if not isinstance(raw, list):
        raise ValueError(f"a role must hold a list of entities, got {raw!r}")
    entities: list[Entity] = []
    for entity in raw:
        if isinstance(entity, str):
            # tolerate a bare mention where an entity was expected: a one-mention entity
            entities.append((Mention(entity),))
        elif isinstance(entity, list):
            entities.append(tuple(_parse_mention(m) for m in entity))
        else:
            raise ValueError(f"an entity must be a list of mentions, got {entity!r}")
    return entities


def templates_to_extracts(doc: TemplateDoc) -> ExtractDoc:
    """Merge a document's templates into one GRIT-style extract per role.

    Entities are merged in template order; an entity whose normalised mention set equals one
    already kept for the role is dropped, so the same filler repeated across templates counts
    once (the GRIT data keeps each role filler once per document).
    """
    extracts = _empty_roles()
    for role in ROLES:
        seen: set[frozenset[str]] = set()
        for template in doc.templates:
            for entity in template.roles.get(role, []):
                key = frozenset(normalize_mention(m.text) for m in entity)
                if key not in seen:
                    seen.add(key)
                    extracts[role].append(entity)
    return ExtractDoc(docid=doc.docid, extracts=extracts, doctext=doc.doctext)


# (incident type, ((role, (entity mention strings, ...)), ...)): a template as eval.py compares it
_TemplateKey = tuple[str, tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]]


def _template_key(template: Template) -> _TemplateKey:
    # what GTT eval.py compares to drop a repeated gold template: type and mention strings,
    # empty entities left out, offsets ignored, before normalisation
    return (
        template.incident_type,
        tuple((role, tuple(e for e in _entity_strings(template.roles.get(role, [])) if e)) for role in ROLES),
    )


def unique_templates(doc: TemplateDoc) -> TemplateDoc:
    """The document with exact repeats of a template removed (first occurrence kept).

    GTT eval.py applies this to the gold side only; a repeated predicted template stays and is
    scored as spurious. So a gold file scored against itself as-is gets P < 100 wherever the
    gold repeats a template (10 repeats in MUC-4 dev: P = 731/760); scored against
    `unique_templates` of itself it gets exactly 100.
    """
    kept: list[Template] = []
    seen: list[_TemplateKey] = []
    for template in doc.templates:
        key = _template_key(template)
        if key not in seen:
            seen.append(key)
            kept.append(template)
    return TemplateDoc(docid=doc.docid, templates=kept, doctext=doc.doctext)


# --------------------------------------------------------------------------------------------
# normalisation and docids


_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_PUNCTUATION = frozenset(string.punctuation)


def normalize_mention(text: str) -> str:
    """The SQuAD-style normalisation both GTT and GRIT eval.py apply to every mention string.

    1. Lower-case.
    2. Remove ASCII punctuation (`string.punctuation`).
    3. Replace the articles a / an / the (whole words) by a space.
    4. Collapse whitespace and strip.
    The order matters ("the-bomb" -> "thebomb" keeps its article) and is theirs.
    """
    # 1. lower-case
    text = text.lower()
    # 2. drop punctuation characters
    text = "".join(ch for ch in text if ch not in _PUNCTUATION)
    # 3. articles out
    text = _ARTICLES.sub(" ", text)
    # 4. whitespace
    return " ".join(text.split())


def numeric_docid(docid: str) -> str | None:
    """The numeric docid GTT/GRIT eval.py give a gold document ("TST3-MUC4-0080" -> "30080").

    Their rule is int(last character of the first dash part) * 10000 + int(last dash part); the
    released prediction files are keyed that way. Returns None when the rule does not apply
    (e.g. "DEV-MUC3-0001", whose prefix does not end in a digit).
    """
    parts = docid.split("-")
    if len(parts) < 2 or not parts[0][-1:].isdigit() or not parts[-1].isdigit():
        return None
    return str(int(parts[0][-1]) * 10000 + int(parts[-1]))


def _match_predictions(gold_ids: Sequence[str], pred_ids: Iterable[str]) -> dict[str, str]:
    """Map each gold docid to the pred docid that names it (same id, or its numeric form)."""
    pred_set = set(pred_ids)
    mapping: dict[str, str] = {}
    for docid in gold_ids:
        if docid in pred_set:
            mapping[docid] = docid
            continue
        alias = numeric_docid(docid)
        if alias is not None and alias in pred_set:
            mapping[docid] = alias
    unmatched = pred_set - set(mapping.values())
    if unmatched:
        logger.warning(
            "%d predicted document(s) have no gold document and are ignored (e.g. %s)",
            len(unmatched),
            sorted(unmatched)[:3],
        )
    missing = len(gold_ids) - len(mapping)
    if missing:
        logger.warning("%d gold document(s) have no prediction; they are scored as predicting nothing", missing)
    return mapping


# --------------------------------------------------------------------------------------------
# loaders


def _read_json_lines(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    path = Path(path)
    if not path.is_file():
        raise DataError("does not exist (or is not a file).", item=str(path))
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                message = f"is not valid JSON ({e.msg}). Fix or remove that line."
                raise DataError(message, item=f"{path}:{lineno}") from e
            if not isinstance(record, dict) or "docid" not in record:
                raise DataError("is not a JSON object with a 'docid' field.", item=f"{path}:{lineno}")
            yield lineno, record


def _read_json_object(path: Path) -> dict[str, Any] | None:
    """The whole file as one JSON object, or None when it is not one (e.g. JSON lines)."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    if isinstance(data, dict) and "docid" not in data:
        return data
    return None


def load_gtt(path: str | Path) -> list[TemplateDoc]:
    """Load GTT-format JSON lines (gold data, or our own template predictions)."""
    docs: list[TemplateDoc] = []
    for lineno, record in _read_json_lines(path):
        try:
            docs.append(TemplateDoc.from_dict(record))
        except (KeyError, TypeError, ValueError) as e:
            raise DataError(f"is not a GTT template record ({e}).", item=f"{path}:{lineno}") from e
    return docs


def load_grit(path: str | Path) -> list[ExtractDoc]:
    """Load GRIT-format JSON lines (`extracts` per document)."""
    docs: list[ExtractDoc] = []
    for lineno, record in _read_json_lines(path):
        try:
            docs.append(ExtractDoc.from_dict(record))
        except (KeyError, TypeError, ValueError) as e:
            raise DataError(f"is not a GRIT extracts record ({e}).", item=f"{path}:{lineno}") from e
    return docs


def read_gtt_preds(path: str | Path) -> list[TemplateDoc]:
    """Read a GTT released prediction file (`{docid: {"pred_templates": [...]}}`)."""
    path = Path(path)
    if not path.is_file():
        raise DataError("does not exist (or is not a file).", item=str(path))
    data = _read_json_object(path)
    if data is None:
        raise DataError("is not one JSON object keyed by docid (GTT preds_*.out format).", item=str(path))
    docs: list[TemplateDoc] = []
    for docid, entry in data.items():
        try:
            templates = [Template.from_dict(t) for t in entry["pred_templates"]]
        except (KeyError, TypeError, ValueError) as e:
            raise DataError(f"document {docid} has no valid 'pred_templates' ({e}).", item=str(path)) from e
        docs.append(TemplateDoc(docid=str(docid), templates=templates, doctext=str(entry.get("doctext") or "")))
    return docs


def read_grit_preds(path: str | Path) -> list[ExtractDoc]:
    """Read a GRIT released prediction file (`{docid: {"pred_extracts": {role: entities}}}`)."""
    path = Path(path)
    if not path.is_file():
        raise DataError("does not exist (or is not a file).", item=str(path))
    data = _read_json_object(path)
    if data is None:
        raise DataError("is not one JSON object keyed by docid (GRIT preds_*.out format).", item=str(path))
    docs: list[ExtractDoc] = []
    for docid, entry in data.items():
        try:
            extracts = entry["pred_extracts"]
            parsed = {role: _parse_entities(extracts.get(role) or []) for role in ROLES}
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise DataError(f"document {docid} has no valid 'pred_extracts' ({e}).", item=str(path)) from e
        docs.append(ExtractDoc(docid=str(docid), extracts=parsed, doctext=str(entry.get("doctext") or "")))
    return docs


def read_template_predictions(path: str | Path) -> list[TemplateDoc]:
    """Template predictions in either GTT `.out` format or our JSON-lines (gold-shaped) format."""
    path = Path(path)
    if path.is_file() and _read_json_object(path) is not None:
        return read_gtt_preds(path)
    return load_gtt(path)


def read_extract_predictions(path: str | Path) -> list[ExtractDoc]:
    """Role-filler predictions for CEAF-REE, from any of the formats above.

    1. GRIT `.out` (`pred_extracts`), or GTT `.out` (`pred_templates`, merged per document).
    2. JSON lines with `extracts` (GRIT shape) or `templates` (ours; merged per document).
    """
    path = Path(path)
    # 1. one JSON object keyed by docid
    if path.is_file():
        data = _read_json_object(path)
        if data is not None:
            first = next(iter(data.values()), {})
            if isinstance(first, Mapping) and "pred_templates" in first:
                return [templates_to_extracts(doc) for doc in read_gtt_preds(path)]
            return read_grit_preds(path)
    # 2. JSON lines, one document each
    docs: list[ExtractDoc] = []
    for lineno, record in _read_json_lines(path):
        try:
            if "extracts" in record:
                docs.append(ExtractDoc.from_dict(record))
            else:
                docs.append(templates_to_extracts(TemplateDoc.from_dict(record)))
        except (KeyError, TypeError, ValueError) as e:
            raise DataError(f"is neither an extracts nor a templates record ({e}).", item=f"{path}:{lineno}") from e
    return docs


# --------------------------------------------------------------------------------------------
# shared counting helpers


@dataclass
class _Counts:
    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    def add(self, other: "_Counts") -> None:
        self.p_num += other.p_num
        self.p_den += other.p_den
        self.r_num += other.r_num
        self.r_den += other.r_den

    def report(self) -> dict[str, float]:
        # eval.py: p = 0 if p_num == 0 else p_num / p_den (same for r); F1 via its f1()
        precision = self.p_num / self.p_den if self.p_num else 0.0
        recall = self.r_num / self.r_den if self.r_num else 0.0
        return {
            "precision": 100.0 * precision,
            "recall": 100.0 * recall,
            "f1": 100.0 * f1_score(precision, recall),
            "p_num": self.p_num,
            "p_den": self.p_den,
            "r_num": self.r_num,
            "r_den": self.r_den,
        }


def _entity_strings(entities: Iterable[Entity]) -> list[tuple[str, ...]]:
    return [tuple(m.text for m in entity) for entity in entities]


def _gold_entities(entities: Iterable[Entity]) -> list[tuple[str, ...]]:
    # eval.py drops gold entities with no mention before scoring; predictions are kept as is
    return [tuple(normalize_mention(s) for s in entity) for entity in _entity_strings(entities) if entity]


def _pred_entities(entities: Iterable[Entity]) -> list[tuple[str, ...]]:
    return [tuple(normalize_mention(s) for s in entity) for entity in _entity_strings(entities)]


def _is_subset(gold_entity: Sequence[str], pred_entity: Sequence[str]) -> bool:
    # phi_strict / matching(): every predicted mention is one of the gold entity's mentions.
    # An empty predicted entity is vacuously a subset; eval.py scores it that way, so do we.
    return all(mention in gold_entity for mention in pred_entity)


# --------------------------------------------------------------------------------------------
# GTT template-level metric


@dataclass
class _NormTemplate:
    incident_type: str
    roles: dict[str, list[tuple[str, ...]]]


def _gold_templates(doc: TemplateDoc) -> list[_NormTemplate]:
    """Gold templates as GTT eval.py prepares them.

    1. Keep mention strings only and drop entities with no mention.
    2. Drop a template identical to an earlier one (compared before normalisation).
    3. Normalise every mention string.
    """
    raw: list[_TemplateKey] = []
    for template in doc.templates:
        # 1. strings only, empty entities dropped
        key = _template_key(template)
        # 2. exact duplicates collapse
        if key not in raw:
            raw.append(key)
    # 3. normalise
    return [
        _NormTemplate(
            incident_type=incident_type,
            roles={role: [tuple(normalize_mention(s) for s in e) for e in entities] for role, entities in roles},
        )
        for incident_type, roles in raw
    ]


def _pred_templates(doc: TemplateDoc | None) -> list[_NormTemplate]:
    if doc is None:
        return []
    return [
        _NormTemplate(
            incident_type=template.incident_type,
            roles={role: _pred_entities(template.roles.get(role, [])) for role in ROLES},
        )
        for template in doc.templates
    ]


def _types_compatible(pred_type: str, gold_type: str) -> bool:
    # eval.py tests `pred_type in gold_type`: a substring test, so "attack" aligns with the gold
    # multi-type "bombing / attack". Kept literally, because it decides which templates may align.
    return pred_type in gold_type


def _pair_counts(pred: _NormTemplate, gold: _NormTemplate) -> dict[str, _Counts]:
    """Per-role counts for a predicted template aligned to a gold template of a compatible type."""
    counts = {"incident_type": _Counts(1, 1, 1, 1)}
    for role in ROLES:
        pred_entities, gold_entities = pred.roles[role], gold.roles[role]
        # precision: each predicted entity is right if it is a subset of ANY gold entity, so two
        # predictions of the same filler both count as correct (eval.py does not pair them off)
        p_num = sum(1 for pe in pred_entities if any(_is_subset(ge, pe) for ge in gold_entities))
        # recall: a gold entity is found if ANY predicted entity is a subset of it
        r_num = sum(1 for ge in gold_entities if any(_is_subset(ge, pe) for pe in pred_entities))
        counts[role] = _Counts(p_num, len(pred_entities), r_num, len(gold_entities))
    return counts


def _template_size(template: _NormTemplate) -> int:
    # the incident type counts as one slot, plus one per filler entity
    return 1 + sum(len(template.roles[role]) for role in ROLES)


def _best_alignment(
    preds: list[_NormTemplate], golds: list[_NormTemplate]
) -> tuple[tuple[int, ...], dict[tuple[int, int], dict[str, _Counts]]]:
    """The pred->gold alignment GTT's eval.py picks for one document, found without brute force.

    eval.py enumerates every map pred -> gold ∪ {unaligned} (itertools.product over
    [0, …, G−1, −1]), skips maps that use a gold template twice, scores each, and keeps the
    FIRST map with the strictly highest document micro F1. A pair whose incident types are not
    compatible scores as if unaligned. The denominators do not depend on the map (every
    template's slots are counted, aligned or not), so only the two numerators vary.

    1. Precompute the counts of every type-compatible pair.
    2. Depth-first search over the same maps in the same order (pred 0 most significant, gold
       values ascending, unaligned last), skipping a gold already used.
    3. Prune a branch when an optimistic bound (each remaining pred takes its best pair,
       ignoring conflicts) cannot beat the best F1 so far. F1 = 2PR/(P·r_den + R·p_den) is
       strictly increasing in each numerator when both are positive, so a pruned branch holds no
       map with a strictly higher F1: the map found is exactly eval.py's, ties included.
    4. Safety valve: after MAX_SEARCH_NODES nodes, stop and keep the better of the best map so
       far and the Kuhn–Munkres map on matched slots (logged; never reached on released outputs).
    """
    n_pred, n_gold = len(preds), len(golds)
    # 1. pair counts for compatible pairs
    pairs: dict[tuple[int, int], dict[str, _Counts]] = {}
    for i, pred in enumerate(preds):
        for j, gold in enumerate(golds):
            if _types_compatible(pred.incident_type, gold.incident_type):
                pairs[(i, j)] = _pair_counts(pred, gold)
    gain_p = [[0.0] * n_gold for _ in range(n_pred)]
    gain_r = [[0.0] * n_gold for _ in range(n_pred)]
    for (i, j), counts in pairs.items():
        gain_p[i][j] = sum(c.p_num for c in counts.values())
        gain_r[i][j] = sum(c.r_num for c in counts.values())
    p_den = sum(_template_size(t) for t in preds)
    r_den = sum(_template_size(t) for t in golds)
    # optimistic numerators still reachable from pred i onwards
    rest_p = [0.0] * (n_pred + 1)
    rest_r = [0.0] * (n_pred + 1)
    for i in range(n_pred - 1, -1, -1):
        rest_p[i] = rest_p[i + 1] + max(gain_p[i], default=0.0)
        rest_r[i] = rest_r[i + 1] + max(gain_r[i], default=0.0)

    def doc_f1(p_num: float, r_num: float) -> float:
        # eval.py: p = 0 if p_num == 0 else p_num / p_den; F1 through the same float expression
        precision = p_num / p_den if p_num else 0.0
        recall = r_num / r_den if r_num else 0.0
        return f1_score(precision, recall)

    # 2.-3. ordered depth-first search with bound
    values = [*range(n_gold), -1]
    assignment = [-1] * n_pred
    used = [False] * n_gold
    best: list[int] | None = None
    best_f1 = -1.0
    nodes = 0
    exhausted = False

    def search(i: int, p_num: float, r_num: float) -> None:
        nonlocal best, best_f1, nodes, exhausted
        nodes += 1
        if nodes > MAX_SEARCH_NODES:
            exhausted = True
            return
        if i == n_pred:
            score = doc_f1(p_num, r_num)
            if best is None or score > best_f1:
                best, best_f1 = list(assignment), score
            return
        if best is not None and doc_f1(p_num + rest_p[i], r_num + rest_r[i]) <= best_f1:
            return
        for j in values:
            if j != -1 and used[j]:
                continue
            assignment[i] = j
            if j != -1:
                used[j] = True
                search(i + 1, p_num + gain_p[i][j], r_num + gain_r[i][j])
                used[j] = False
            else:
                search(i + 1, p_num, r_num)
            if exhausted:
                return
        assignment[i] = -1

    search(0, 0.0, 0.0)
    if not exhausted and best is not None:
        return tuple(best), pairs

    # 4. safety valve
    logger.warning(
        "%d predicted x %d gold templates: alignment search stopped after %d nodes; the alignment "
        "may differ from GTT eval.py's",
        n_pred,
        n_gold,
        MAX_SEARCH_NODES,
    )
    weights = np.array([[gain_p[i][j] / p_den + gain_r[i][j] / r_den for j in range(n_gold)] for i in range(n_pred)])
    hungarian = [-1] * n_pred
    rows, cols = max_assignment(weights)
    for i, j in zip(rows, cols, strict=True):
        if (int(i), int(j)) in pairs:
            hungarian[int(i)] = int(j)

    def total_f1(alignment: Sequence[int]) -> float:
        p_num = sum(gain_p[i][j] for i, j in enumerate(alignment) if j != -1)
        r_num = sum(gain_r[i][j] for i, j in enumerate(alignment) if j != -1)
        return doc_f1(p_num, r_num)

    if best is None or total_f1(hungarian) > total_f1(best):
        best = hungarian
    return tuple(best), pairs


def _role_keys() -> tuple[str, ...]:
    return ("incident_type", *ROLES)


def score_templates(
    gold_docs: Sequence[TemplateDoc],
    pred_docs: Iterable[TemplateDoc],
    *,
    docids: Sequence[str] | None = None,
) -> dict[str, Any]:
    """GTT template-level P/R/F1 (percent), as xinyadu/gtt eval.py computes it.

    1. Prepare gold templates (strings only, empty entities dropped, exact duplicate templates
       dropped, mentions normalised) and predicted templates (mentions normalised; a non-string
       incident type was already read as "attack").
    2. Per document, choose the alignment of predicted to gold templates as eval.py does
       (see `_best_alignment`); a pred with no gold document predicts nothing.
    3. Count, per role and for the incident type, over the chosen alignment:
       - an aligned pair: incident type +1 to all four counts; each predicted entity +1 p_den
         and +1 p_num if it is a subset of any gold entity of the role; each gold entity +1 r_den
         and +1 r_num if any predicted entity of the role is a subset of it;
       - an unaligned pred: +1 p_den for its type and per entity; an unaligned gold: +1 r_den
         for its type and per entity.
    4. Sum over documents; micro average = sums over the six keys.

    Returns {"precision", "recall", "f1", "per_role": {key: {...}}, "per_incident_type": {...},
    "micro_avg": {...counts}, "n_docs"}. `per_incident_type` is ours (eval.py has none): precision
    counts go to the predicted template's type, recall counts to the gold template's type.
    """
    gold_ids = [doc.docid for doc in gold_docs]
    gold_by_id = {doc.docid: doc for doc in gold_docs}
    pred_list = list(pred_docs)
    pred_by_id = {doc.docid: doc for doc in pred_list}
    links = _match_predictions(gold_ids, pred_by_id)
    selected = list(docids) if docids is not None else gold_ids

    per_role = {key: _Counts() for key in _role_keys()}
    per_type: dict[str, _Counts] = {}
    for docid in selected:
        if docid not in gold_by_id:
            raise KeyError(f"docid {docid!r} is not among the gold documents")
        # 1. prepare both sides
        golds = _gold_templates(gold_by_id[docid])
        pred_doc = pred_by_id.get(links[docid]) if docid in links else None
        preds = _pred_templates(pred_doc)
        # 2. alignment
        alignment, pairs = _best_alignment(preds, golds)
        # 3. counts
        aligned_gold: set[int] = set()
        for i, pred in enumerate(preds):
            j = alignment[i]
            type_counts = per_type.setdefault(pred.incident_type, _Counts())
            if j != -1 and (i, j) in pairs:
                aligned_gold.add(j)
                for key, counts in pairs[(i, j)].items():
                    per_role[key].add(counts)
                    type_counts.add(_Counts(p_num=counts.p_num, p_den=counts.p_den))
                    per_type.setdefault(golds[j].incident_type, _Counts()).add(
                        _Counts(r_num=counts.r_num, r_den=counts.r_den)
                    )
            else:
                per_role["incident_type"].p_den += 1
                type_counts.p_den += 1
                for role in ROLES:
                    per_role[role].p_den += len(pred.roles[role])
                    type_counts.p_den += len(pred.roles[role])
        for j, gold in enumerate(golds):
            if j in aligned_gold:
                continue
            type_counts = per_type.setdefault(gold.incident_type, _Counts())
            per_role["incident_type"].r_den += 1
            type_counts.r_den += 1
            for role in ROLES:
                per_role[role].r_den += len(gold.roles[role])
                type_counts.r_den += len(gold.roles[role])

    # 4. micro average over the six keys
    micro = _Counts()
    for counts in per_role.values():
        micro.add(counts)
    report = micro.report()
    return {
        "precision": report["precision"],
        "recall": report["recall"],
        "f1": report["f1"],
        "micro_avg": report,
        "per_role": {key: counts.report() for key, counts in per_role.items()},
        "per_incident_type": {key: per_type[key].report() for key in sorted(per_type)},
        "n_docs": len(selected),
    }


# --------------------------------------------------------------------------------------------
# GRIT CEAF-REE


def _ceaf_strict(gold_entities: list[tuple[str, ...]], pred_entities: list[tuple[str, ...]]) -> float:
    """Σ phi_strict over the optimal one-to-one entity alignment (0 when a side is empty)."""
    if not gold_entities or not pred_entities:
        return 0.0
    scores = np.array([[1.0 if _is_subset(ge, pe) else 0.0 for pe in pred_entities] for ge in gold_entities])
    rows, cols = max_assignment(scores)
    return float(scores[rows, cols].sum())


def _as_extracts(doc: TemplateDoc | ExtractDoc) -> ExtractDoc:
    return doc if isinstance(doc, ExtractDoc) else templates_to_extracts(doc)


def score_ceaf_ree(
    gold_docs: Sequence[ExtractDoc | TemplateDoc],
    pred_docs: Iterable[ExtractDoc | TemplateDoc],
    *,
    docids: Sequence[str] | None = None,
) -> dict[str, Any]:
    """GRIT CEAF-REE with phi_strict (percent), as xinyadu/grit_doc_event_entity eval.py computes it.

    1. Gold: mention strings only, entities with no mention dropped, mentions normalised.
       Predictions: mentions normalised, every entity kept (duplicates too: each costs
       precision, since the alignment is one-to-one). Template documents are first merged per
       role with `templates_to_extracts`.
    2. Per document and role, phi_strict(gold, pred) = 1 if every predicted mention is a mention
       of the gold entity, else 0; the Kuhn–Munkres alignment maximises Σ phi.
    3. p_num = r_num = Σ phi; p_den = number of predicted entities, r_den = gold entities.
    4. Sum over documents per role; micro average = sums over the five roles.

    Returns {"precision", "recall", "f1", "per_role": {role: {...}}, "micro_avg": {...}, "n_docs"}.
    """
    golds = [_as_extracts(doc) for doc in gold_docs]
    gold_ids = [doc.docid for doc in golds]
    gold_by_id = {doc.docid: doc for doc in golds}
    pred_by_id = {doc.docid: _as_extracts(doc) for doc in pred_docs}
    links = _match_predictions(gold_ids, pred_by_id)
    selected = list(docids) if docids is not None else gold_ids

    per_role = {role: _Counts() for role in ROLES}
    for docid in selected:
        if docid not in gold_by_id:
            raise KeyError(f"docid {docid!r} is not among the gold documents")
        gold = gold_by_id[docid]
        pred = pred_by_id.get(links[docid]) if docid in links else None
        for role in ROLES:
            # 1. prepare both sides
            gold_entities = _gold_entities(gold.extracts.get(role, []))
            pred_entities = _pred_entities(pred.extracts.get(role, [])) if pred is not None else []
            # 2.-3. optimal alignment and counts
            similarity = _ceaf_strict(gold_entities, pred_entities)
            per_role[role].add(_Counts(similarity, len(pred_entities), similarity, len(gold_entities)))

    # 4. micro average over the five roles
    micro = _Counts()
    for counts in per_role.values():
        micro.add(counts)
    report = micro.report()
    return {
        "precision": report["precision"],
        "recall": report["recall"],
        "f1": report["f1"],
        "micro_avg": report,
        "per_role": {role: counts.report() for role, counts in per_role.items()},
        "n_docs": len(selected),
    }
