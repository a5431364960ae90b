"""Values at the native boundary: every argument crosses as JSON text (or,
for definitions and bulk inputs, as the text or UTF-8 bytes the caller
holds), every reply comes back as JSON text. One place converts, so no rule
lives here and Python behaves as the npm package does."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any, Union

from ._error import error

def _default(value: Any) -> Any:
    # Times cross as RFC 3339 text: an aware datetime keeps its offset; a
    # naive one has none, which the engine refuses (docs/SPEC.md §2), as it
    # refuses a date alone where a time is needed.
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


_encoder = json.JSONEncoder(allow_nan=False, separators=(",", ":"), default=_default)


def dumps(value: Any) -> str:
    """JSON text of any argument (``None`` is ``null``).

    A value that has no JSON form (a set, NaN, a cycle) is ``invalid_input``
    (``invalid_type``); one nested past Python's recursion limit is
    ``limit_exceeded`` (``too_deep``)."""
    try:
        return _encoder.encode(value)
    except RecursionError:
        raise error("limit_exceeded", "too_deep", "this value is too deep to convert to JSON") from None
    except (TypeError, ValueError) as e:
        raise error("invalid_input", "invalid_type", f"this value cannot be converted to JSON ({e})") from None


def text(value: Any) -> Union[str, bytes]:
    """A definition or a bulk input: text (``str``) or UTF-8 bytes as given
    (what a server read from its store), any other value as JSON text."""
    if isinstance(value, (str, bytes)):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    return dumps(value)


def loads(reply: str) -> Any:
    """A reply of the engine."""
    try:
        return json.loads(reply)
    except RecursionError:
        raise error("limit_exceeded", "too_deep", "this result is too deep for Python's recursion limit") from None
