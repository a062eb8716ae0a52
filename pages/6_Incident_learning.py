"""Incident learning: are incidents owned, reviewed and learned from, including change-induced ones?"""

from answerable.ui import dimension_page

dimension_page.render(
    "Incident learning",
    "Do major incidents get a post-incident review with an owner, quickly? Do incidents caused by changes "
    "trace back to approved and communicated changes?",
    ["incident_learning"],
)
