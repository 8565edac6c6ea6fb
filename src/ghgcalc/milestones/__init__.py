"""Milestones of a city's climate work: baseline, target, progress (GPC Part III).

``compare_inventories`` puts two inventories side by side and splits the change into activity,
emission-factor and GWP effects (additive LMDI-I); ``assess_target`` sets a straight-line
pathway to a target; ``build_trend`` lines up several years. Each reads an inventory from an
input file (calculating it) or from a ghgcalc JSON output.
"""

from ghgcalc.milestones.compare import Comparison, Recalculation, compare_inventories
from ghgcalc.milestones.decompose import lmdi_additive, logarithmic_mean
from ghgcalc.milestones.load import Snapshot, load_snapshot
from ghgcalc.milestones.targets import TargetAssessment, assess_target, parse_percent
from ghgcalc.milestones.trend import Trend, build_trend

__all__ = ["Comparison", "Recalculation", "compare_inventories", "lmdi_additive", "logarithmic_mean", "Snapshot",
           "load_snapshot", "TargetAssessment", "assess_target", "parse_percent", "Trend", "build_trend"]
