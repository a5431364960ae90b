"""The one exception class of relance (docs/SPEC.md §2).

Kept apart from the native module so that the native module can raise it:
``relance._native`` builds each error with :meth:`RelanceError._from_json`
from the engine's own serialized error.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple


class RelanceError(Exception):
    """Every failure of relance: a machine-readable ``code`` (one of SPEC §2's)
    and ``details``: problems ``{path, code, message, column?}`` (``path`` a
    JSON Pointer into the offending argument), or, for ``transition_denied``
    and ``note_denied``, the violations ``{code, message, field?, params}``.
    ``message`` is a one-line summary for people."""

    code: str
    details: List[Dict[str, Any]]
    message: str

    def __init__(self, code: str, details: Optional[List[Dict[str, Any]]] = None, message: Optional[str] = None):
        details = [] if details is None else details
        if message is None:
            first = details[0] if details else {}
            message = str(first.get("message", code)) if isinstance(first, dict) else code
        super().__init__(code, details)
        self.code = code
        self.details = details
        self.message = message

    @classmethod
    def _from_json(cls, text: str) -> RelanceError:
        """The error the engine serialized as ``{code, message, details}``."""
        e = json.loads(text)
        return cls(e["code"], e["details"], e["message"])

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def __repr__(self) -> str:
        return f"RelanceError({self.code!r}, {self.details!r}, {self.message!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        # Survives pickling (a Spark executor's error reaches the driver whole).
        return (type(self), (self.code, self.details, self.message))


def error(code: str, problem: str, message: str, path: str = "") -> RelanceError:
    """A RelanceError with one problem: how the package reports an argument it
    cannot convert (as the npm package's ``error``)."""
    return RelanceError(code, [{"path": path, "code": problem, "message": message}], message)
