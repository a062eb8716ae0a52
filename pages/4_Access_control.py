"""Access control: which AI agents and service accounts act without proper access controls?"""

from answerable.ui import dimension_page

dimension_page.render(
    "Access control",
    "Which AI systems act under identities that are over-privileged, unreviewed or with unrotated "
    "credentials? An identity is controlled when its scope is least-privilege and both its access review "
    "and its credential rotation are at most 90 days old at the as-of date.",
    ["access_control"],
)
