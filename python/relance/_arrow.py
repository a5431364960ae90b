"""Events as Arrow: a ``pyarrow.Table`` or ``RecordBatch`` (or any object
with the Arrow PyCapsule interface, such as a polars DataFrame) whose
columns are keys of docs/SPEC.md §6: ``lead``, ``at``, ``type``, ``actor``,
``from``, ``to``, ``status``, ``outcome``, ``text`` (other columns are
ignored, as the engine ignores other keys). A null cell is an absent key.

Each column is dictionary-encoded by ``pyarrow.compute`` and its buffers
cross to the native module as ``bytes`` (``python/src/arrow.rs`` builds the
engine's event columns from them): no Python object per event. Columns the
fast path does not take (a ``lead`` that is not strings or integers, times
that are not strings, zoned timestamps or integers, a naive timestamp,
times past ±2**53 ms...) go to the engine as rows of JSON instead, so that
every input gets the engine's own answer about the values given. This is
transport only: the engine checks every value. Data that cannot be read as
events (an array that is not a table, a key in two columns, a time of a type
with no text form) is ``invalid_input``.

pyarrow is imported only when Arrow data is given.
"""

from __future__ import annotations

import sys
from typing import Any, List, Optional, Tuple

from ._error import error
from ._values import dumps

#: The keys of an event (docs/SPEC.md §6) that the engine reads.
KEYS = ("lead", "at", "type", "actor", "from", "to", "status", "outcome", "text")
#: The dictionary-encoded columns, in the order of the engine's event columns.
COLUMNS = ("lead", "type", "actor", "from", "to", "status", "outcome", "text")

#: Milliseconds from a timestamp unit: (multiply, floor-divide).
_UNITS = {"s": (1000, 1), "ms": (1, 1), "us": (1, 1000), "ns": (1, 1_000_000)}
#: A null time in the buffers the native module reads.
_NULL_TIME = -(2**63)
#: Epoch milliseconds cross the columnar path as float64, exact up to ±2**53
#: (past every time the engine takes, ±8.64e15): a column with a time past
#: it goes as rows, each time the value given.
_EXACT = 2**53


def is_arrow(value: Any) -> bool:
    """Whether ``value`` is Arrow data (a table, a record batch, or an object
    with the Arrow PyCapsule interface)."""
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(value, (pa.Table, pa.RecordBatch)):
        return True
    t = type(value)
    return hasattr(t, "__arrow_c_stream__") or hasattr(t, "__arrow_c_array__")


def _bytes(buffer: Any, start: int, length: int) -> bytes:
    if buffer is None or length == 0:
        return b""
    return buffer.slice(start, length).to_pybytes()  # type: ignore[no-any-return]


class Batch:
    """One batch of events as Arrow: ``columns`` and ``at`` for the native
    module (``columns`` is ``None`` when the rows must go as JSON), and
    ``exact_errors``: whether an error of the fast path must be re-read from
    the rows (a null ``at``, which the fast path reads as a time that is
    not one, and the rows as an absent key)."""

    n: int
    columns: Optional[List[Optional[Tuple[bytes, str, bytes, bytes]]]]
    at: Optional[Tuple[Any, ...]]
    exact_errors: bool

    def __init__(self, data: Any) -> None:
        import pyarrow as pa

        if not isinstance(data, (pa.Table, pa.RecordBatch)):
            try:
                data = pa.table(data) if hasattr(type(data), "__arrow_c_stream__") else pa.record_batch(data)
            except pa.ArrowException:
                message = "events as Arrow are a Table or a RecordBatch with the §6 columns (lead, at, type...)"
                raise error("invalid_input", "invalid_type", message) from None
        names = data.schema.names
        for key in KEYS:
            if names.count(key) > 1:
                message = f'events as Arrow have one column per key: "{key}" is in {names.count(key)} columns'
                raise error("invalid_input", "invalid_columns", message)
        self.data = data
        self.n = data.num_rows
        self.columns = None
        self.at = None
        self.exact_errors = False
        if "at" not in names:
            return
        at = self._at(pa, self._column(pa, "at"))
        if at is None:
            return
        columns: List[Optional[Tuple[bytes, str, bytes, bytes]]] = []
        for key in COLUMNS:
            if key not in names:
                columns.append(None)
                continue
            c = self._dictionary(pa, self._column(pa, key), key == "lead")
            if c is None:
                return
            columns.append(c)
        self.columns, self.at = columns, at

    def _column(self, pa: Any, key: str) -> Any:
        column = self.data.column(key)
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        if pa.types.is_dictionary(column.type) and key == "at":
            column = column.dictionary_decode()
        return column

    def _at(self, pa: Any, column: Any) -> Optional[Tuple[Any, ...]]:
        import pyarrow.compute as pc

        ms = _epoch_ms(pa, column)
        if ms is not None:
            if ms.null_count:
                self.exact_errors = True
                ms = pc.fill_null(ms, _NULL_TIME)
            return ("ms", _bytes(ms.buffers()[1], ms.offset * 8, self.n * 8))
        t = column.type
        if pa.types.is_string_view(t):
            column, t = column.cast(pa.large_string()), pa.large_string()
        if not (pa.types.is_string(t) or pa.types.is_large_string(t)) or column.null_count:
            return None
        # Times as text cross one per line: an empty one or one with a line
        # break goes as rows (the engine refuses it there, with its path).
        if self.n and (
            pc.min(pc.binary_length(column)).as_py() == 0 or pc.any(pc.match_substring(column, "\n")).as_py()
        ):
            return None
        large = pa.types.is_large_string(t)
        w = 8 if large else 4
        buffers = column.buffers()
        offsets = _bytes(buffers[1], column.offset * w, (self.n + 1) * w)
        return ("text", offsets, _all(buffers[2]), large)

    def _dictionary(self, pa: Any, column: Any, lead: bool) -> Optional[Tuple[bytes, str, bytes, bytes]]:
        import pyarrow.compute as pc

        if pa.types.is_dictionary(column.type):
            indices, dictionary = column.indices, column.dictionary
        else:
            t = column.type
            if not (_is_text(pa, t) or (lead and pa.types.is_integer(t))):
                return None
            encoded = pc.dictionary_encode(column)
            indices, dictionary = encoded.indices, encoded.dictionary
        if dictionary.null_count:
            return None
        t = dictionary.type
        if pa.types.is_string_view(t):
            dictionary, t = dictionary.cast(pa.large_string()), pa.large_string()
        if pa.types.is_integer(t) and lead:
            try:
                dictionary = dictionary.cast(pa.int64())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                return None
            values = _bytes(dictionary.buffers()[1], dictionary.offset * 8, len(dictionary) * 8)
            kind, offsets = "int64", b""
        elif pa.types.is_string(t) or pa.types.is_large_string(t):
            large = pa.types.is_large_string(t)
            w = 8 if large else 4
            buffers = dictionary.buffers()
            offsets = _bytes(buffers[1], dictionary.offset * w, (len(dictionary) + 1) * w)
            values = _all(buffers[2])
            kind = "large_utf8" if large else "utf8"
        else:
            return None
        indices = pc.fill_null(indices.cast(pa.int32()), -1)
        index_bytes = _bytes(indices.buffers()[1], indices.offset * 4, self.n * 4)
        return (index_bytes, kind, offsets, values)

    def rows_json(self) -> str:
        """The events as a JSON list of objects, a null cell an absent key:
        the engine reads them as it reads any JSON (the path for columns of
        other types, and for exact errors)."""
        import pyarrow as pa

        names = [k for k in KEYS if k in self.data.schema.names]
        rows = self.data.select([k for k in names if k != "at"]).to_pylist()
        times = self._times(pa) if "at" in names else [None] * self.n
        events = []
        for row, at in zip(rows, times):
            row["at"] = at
            events.append({k: row[k] for k in names if row[k] is not None})
        return dumps(events)

    def _times(self, pa: Any) -> List[Any]:
        """Each event's ``at`` for its row: epoch milliseconds as exact
        integers (from integers or zoned timestamps, past any range), text,
        or what the column holds."""
        import pyarrow.compute as pc

        at = self._column(pa, "at")
        t = at.type
        scale = _scale(pa, t)
        if scale is not None:
            mul, div = scale
            return [None if v is None else v * mul // div for v in _integers(pa, at).to_pylist()]
        if not pa.types.is_temporal(t):
            return at.to_pylist()  # type: ignore[no-any-return]
        try:
            # A naive timestamp, a date, a time of day or a duration, as text
            # without an offset, which the engine refuses (docs/SPEC.md §2)
            # with its path.
            return pc.cast(at, pa.string()).to_pylist()  # type: ignore[no-any-return]
        except pa.ArrowNotImplementedError:
            first = pc.index(pc.is_valid(at), True).as_py()
            if first < 0:
                return [None] * len(at)  # every cell null: every key absent
            message = f'"at" is an Arrow {t}, which has no text form (a time is text, a zoned timestamp or an integer)'
            raise error("invalid_input", "invalid_type", message, f"/{first}/at") from None


def _scale(pa: Any, t: Any) -> Optional[Tuple[int, int]]:
    """From the integers of a column of type ``t`` to epoch milliseconds:
    (multiply, floor-divide) for integers (epoch milliseconds as given) and
    zoned timestamps (their unit); ``None`` for other types."""
    if pa.types.is_integer(t):
        return (1, 1)
    if pa.types.is_timestamp(t) and t.tz is not None:
        return _UNITS[t.unit]
    return None


def _integers(pa: Any, column: Any) -> Any:
    """The integers of an integer column, or of a timestamp column (in its unit)."""
    return column if pa.types.is_integer(column.type) else column.cast(pa.int64())


def _epoch_ms(pa: Any, column: Any) -> Any:
    """Epoch milliseconds (``int64``, nulls kept) of a zoned timestamp column
    (sub-millisecond digits truncated, as in time texts: floored) or an
    integer column (epoch milliseconds as given); ``None`` for other types
    and for a column with a time past ±2**53 ms (see ``_EXACT``)."""
    import pyarrow.compute as pc

    scale = _scale(pa, column.type)
    if scale is None:
        return None
    mul, div = scale
    ints = _integers(pa, column)
    bounds = pc.min_max(ints)
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    if low is not None and (low * mul // div < -_EXACT or high * mul // div > _EXACT):
        return None
    ints = ints.cast(pa.int64())
    if mul != 1:
        ints = pc.multiply(ints, mul)
    if div != 1:
        q = pc.divide(ints, div)  # truncated toward zero: floor it
        ints = pc.subtract(q, pc.cast(pc.greater(pc.multiply(q, div), ints), pa.int64()))
    return ints


def _all(buffer: Any) -> bytes:
    return b"" if buffer is None else _bytes(buffer, 0, buffer.size)


def _is_text(pa: Any, t: Any) -> bool:
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t))
