"""Data quality: where does poor data feed the AI?"""

from answerable.ui import dimension_page

dimension_page.render(
    "Data quality",
    "Where does poor data (missing fields, wrong categories, stale knowledge articles, outdated CMDB "
    "records) feed the AI systems?",
    ["data_quality"],
)
