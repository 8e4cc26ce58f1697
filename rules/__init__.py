"""The reference implementation of the prospect-to-cash sync, as durable-rules rules.

``ReferenceAdapter`` serves it through the kit's adapter contract; ``RULES`` are its rules, one per
documented behaviour (``rules/_sync.py``); ``rules.mutants`` holds deliberately broken variants.
"""

from rules._engine import Rule, RuleCrashed
from rules._sync import RULES
from rules.adapter import ReferenceAdapter

__all__ = ["RULES", "ReferenceAdapter", "Rule", "RuleCrashed"]
