"""The maturity model: load and validate the model file, score indicators, dimensions and overall.

The metric engine (answerable.metrics) computes the indicators; this package turns them into levels,
scores, next-level gaps and a per-month trend, and names the framework clauses each one evidences.
"""

from answerable.maturity.crosswalk import Reference, crosswalk
from answerable.maturity.model import Defaults, Dimension, IndicatorModel, Model, load_model, load_model_text
from answerable.maturity.score import assemble, score, score_to_json
from answerable.maturity.scoring import indicator_score, level_for
from answerable.maturity.trend import score_trend

__all__ = [
    "Defaults",
    "Dimension",
    "IndicatorModel",
    "Model",
    "Reference",
    "assemble",
    "crosswalk",
    "indicator_score",
    "level_for",
    "load_model",
    "load_model_text",
    "score",
    "score_to_json",
    "score_trend",
]
