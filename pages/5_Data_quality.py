"""Data quality: where does poor data feed the AI?"""

from answerable.ui import dimension_page

dimension_page.render(
    "Data quality",
    "Where does poor data (missing fields, wrong categories, stale knowledge articles, outdated CMDB "
    "records) feed the AI systems?",
    [
        ("data_quality", "Data quality",
         ["incident_data_gap_rate", "ai_misclassification_rate", "reclassification_rate",
          "stale_knowledge_rate", "stale_cmdb_rate"]),
    ],
)
