"""A trend's as-of-dependent points run as one statement per indicator (Session.population_queries:
a UNION ALL of the months, each with its own renamed parameters): the same figures as one statement
per month, on the demo data, for every indicator judged at the as-of date."""

from __future__ import annotations

import shutil
from datetime import datetime, time
from pathlib import Path

from answerable import store
from answerable.metrics import REGISTRY, Session
from answerable.metrics.engine import _AGGREGATES, _months, _next_month, month_filters
from answerable.metrics.session_base import MetricSession, judged_at_as_of
from answerable.metrics.settings import settings_for
from answerable.results import Filters


def test_one_statement_per_indicator_gives_each_month_what_its_own_statement_gives(
    demo_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, db)
    con = store.connect(db)
    try:
        with Session(con, settings_for(None)) as session:
            filters = Filters()
            params = session.params(filters)
            months = _months(session, params)
            assert len(months) >= 6  # the demo spans months: the union has that many branches
            # each month at its own end (a month with no decisions or incidents still gets a row)
            per_month = [
                session.params(month_filters(filters, m), min(datetime.combine(_next_month(m), time()),
                                                               params["as_of"]))
                for m in months
            ]
            judged = [i for i in REGISTRY.values() if judged_at_as_of(i)
                      and session.not_assessable(i, params["as_of"]) is None]
            assert len(judged) >= 5
            varied = 0
            for ind in judged:
                tail = f"SELECT {_AGGREGATES[ind.aggregate]} FROM population"
                together = session.population_queries(ind, tail, per_month)
                one_by_one = MetricSession.population_queries(session, ind, tail, per_month)
                assert together == one_by_one, ind.id
                assert len(together) == len(months), ind.id
                varied += len(set(together)) > 1
            assert varied >= 3  # months with different figures: each branch kept its own parameters
    finally:
        con.close()
