"""The reference implementation of the prospect-to-cash sync, as durable-rules rules.

``ReferenceAdapter`` serves it through the kit's adapter contract; ``RULES`` are its rules, one per
documented behaviour (``rules/_sync.py``); ``p2c_reference.mutants`` holds deliberately broken
variants.
"""

from p2c_reference._engine import Rule, RuleCrashed
from p2c_reference._sync import RULES
from p2c_reference.adapter import ReferenceAdapter

__all__ = ["RULES", "ReferenceAdapter", "Rule", "RuleCrashed"]
