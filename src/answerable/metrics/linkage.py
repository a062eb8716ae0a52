"""The indicators that rely on the link between AI decisions and incidents (DESIGN §3, linkage check).

The linkage itself is measured at load and for the sidebar by answerable.ingest.linkage; the pages of
these indicators say so when the link is weak.
"""

# Indicators whose population joins a decision to its incident (priority, category or team).
RELIES_ON_LINK = ("decision_rights_violation_rate", "ai_misclassification_rate")
