"""ghgcalc's exceptions: each subclasses GhgcalcError and the builtin it behaves like.

Exceptions are for usage and programming errors; problems in the user's data are collected as
:class:`ghgcalc.problems.Problem` and returned, never raised.
"""


class GhgcalcError(Exception):
    """Base class of every error ghgcalc raises on purpose."""


class UsageError(GhgcalcError, ValueError):
    """The caller asked for something ghgcalc cannot do (bad option, missing file)."""


class UnitError(GhgcalcError, ValueError):
    """Two units cannot be converted into each other."""


class FactorTableError(GhgcalcError, ValueError):
    """A factor set cannot be loaded at all (no folder, unreadable toml)."""


class InputFileError(GhgcalcError, OSError):
    """An input file cannot be opened or is not the format its name says.

    ``code`` is the problem code the CLI shows (``file-not-found`` or ``unreadable-file``).
    """

    def __init__(self, message: str, code: str = "unreadable-file") -> None:
        super().__init__(message)
        self.code = code
