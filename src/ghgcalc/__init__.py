"""ghgcalc: community-scale greenhouse-gas inventories following the GPC.

>>> import ghgcalc
>>> inventory = ghgcalc.calculate("examples/springfield_2023.xlsx")  # doctest: +SKIP
>>> inventory.totals["basic"]  # doctest: +SKIP

The public API is loaded lazily so that ``import ghgcalc`` (and the CLI's ``--help``) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ghgcalc._version import __version__

__all__ = ["__version__", "read_activity", "load_factors", "calculate", "Inventory", "run_batch"]

if TYPE_CHECKING:
    from ghgcalc.batch import run_batch
    from ghgcalc.engine import calculate
    from ghgcalc.inventory import Inventory

# name → module that defines it; imported on first use, so ``import ghgcalc`` loads no pandas
_LAZY = {"calculate": "ghgcalc.engine", "Inventory": "ghgcalc.inventory", "run_batch": "ghgcalc.batch"}


def read_activity(path, *, max_bytes=None, decimal="."):
    """Read an activity file (CSV or workbook) and its companions; see :func:`ghgcalc.readers.read_input`."""
    from ghgcalc.readers import read_input
    return read_input(path, max_bytes=max_bytes, decimal=decimal)


def load_factors(path=None):
    """Load factor sets: the shipped ones, or those under ``path``."""
    from ghgcalc.factors.load import find_set_folders, load_factor_set, load_shipped_sets
    if path is None:
        return load_shipped_sets()
    return [load_factor_set(folder.resolve()) for folder in find_set_folders(path)]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'ghgcalc' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
