"""Who answers (DESIGN §6 page 10): the accountability chain of any decision, incident or change, the
Unanswered work list, declared vs observed responsibility per AI system, and a change's blast radius.

Headless (never imports streamlit). Every rule comes from the metric registry (rules.py).
"""

from answerable.who.chains import chain, chain_in
from answerable.who.model import Answers, BlastRadius, Chain, Link, SystemResponsibility, Table

__all__ = ["Answers", "BlastRadius", "Chain", "Link", "SystemResponsibility", "Table", "chain", "chain_in"]
