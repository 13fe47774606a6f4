"""sitrep: news reports in, a sourced, cross-checked database of political-violence events out."""

from .api import Sitrep, open
from .errors import SitrepError
from .records import Article, Entity, Event, Mention, Statement

__all__ = ["Article", "Entity", "Event", "Mention", "Sitrep", "SitrepError", "Statement", "open"]
__version__ = "0.1.0"
