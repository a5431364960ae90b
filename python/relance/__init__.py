"""relance: an embeddable rules engine for CRM lead pipelines.

The same engine as the npm package ``relance`` (the Rust crate
``relance-core``), with docs/SPEC.md §8 in Python's conventions: snake_case
names, dicts and lists in and out (keys in camelCase, as data), JSON text or
UTF-8 bytes for bulk inputs, Arrow tables for events, and
:class:`RelanceError` for every failure::

    import relance

    wf = relance.Workflow.preset("partner")
    ctx = {"actor": {"id": "pat", "roles": ["partner"], "org": "acme"},
           "now": "2026-11-22T09:00:00Z"}
    wf.check({"id": "P-1", "status": "pending", "partnerOrg": "acme"}, "declined", ctx)
    # {'allowed': False, 'violations': [{'code': 'missing_field', ...}], ...}

The methods of :class:`Workflow` and the analytics functions (``kpis``, and
every other function of the engine's table) are built from the engine's own
table of operations (``relance_core::ops``, exported by the native module as
:func:`operations`), so an operation of the npm package cannot be missing
here. No rule lives in Python: each call converts its arguments to JSON
text, the engine decides, and its JSON reply is parsed back.
"""

from __future__ import annotations

import inspect as _inspect
import keyword as _keyword
import re as _re
from collections import OrderedDict as _OrderedDict
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import _arrow, _native
from ._error import RelanceError
from ._error import error as _error
from ._values import dumps as _dumps
from ._values import loads as _loads
from ._values import text as _text

__version__: str = _native.__version__


def operations() -> Dict[str, Any]:
    """The whole surface of the packages, as the engine declares it: every
    operation (``name`` in JavaScript's camelCase, ``receiver``, ``entry``,
    ``args`` with their ``kind``), the stateful classes, and every error,
    problem and violation code."""
    return _loads(_native.operations())  # type: ignore[no-any-return]


_SURFACE: Dict[str, Any] = operations()


def snake(name: str) -> str:
    """The Python name of an operation of the table: JavaScript's name in
    snake_case (``addNote`` → ``add_note``, ``toJSON`` → ``to_json``)."""
    return _re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _param(name: str) -> str:
    # A parameter named like a keyword (`def`) takes a trailing underscore.
    p = snake(name)
    return p + "_" if _keyword.iskeyword(p) else p


_CONVERT: Dict[str, Callable[[Any], Any]] = {"json": _dumps, "text": _text, "definition": _text}
_MISSING = object()


def _binder(name: str, params: List[str]) -> Callable[[Tuple[Any, ...], Dict[str, Any]], List[Any]]:
    """Binds positional and keyword arguments to the table's parameters; an
    omitted one is ``None`` (``null``, as an omitted argument in JavaScript)."""
    n = len(params)

    def bind(args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> List[Any]:
        if len(args) > n:
            raise TypeError(f"{name}() takes at most {n} arguments ({len(args)} given)")
        values: List[Any] = list(args) + [_MISSING] * (n - len(args))
        for key, value in kwargs.items():
            try:
                i = params.index(key)
            except ValueError:
                raise TypeError(f"{name}() got an unexpected keyword argument {key!r}") from None
            if values[i] is not _MISSING:
                raise TypeError(f"{name}() got multiple values for argument {key!r}")
            values[i] = value
        return [None if v is _MISSING else v for v in values]

    return bind


def _signed(f: Callable[..., Any], name: str, params: List[str], method: bool) -> Callable[..., Any]:
    kind = _inspect.Parameter.POSITIONAL_OR_KEYWORD
    ps = [_inspect.Parameter(p, kind, default=None) for p in params]
    if method:
        ps.insert(0, _inspect.Parameter("self", kind))
    f.__name__ = f.__qualname__ = name
    f.__signature__ = _inspect.Signature(ps)  # type: ignore[attr-defined]
    return f


# Loaded definitions by canonical JSON, the most recently used last: passing
# the same definition again (a dict, or its text) does not load it again.
_LOADED: "_OrderedDict[str, Workflow]" = _OrderedDict()
_KEEP = 16


def _definition(value: Any) -> Workflow:
    """The loaded definition for a ``Workflow``, a definition dict, or its
    JSON text (or UTF-8 bytes)."""
    if isinstance(value, Workflow):
        return value
    source = _text(value)
    key = _native.canonical(source)
    wf = _LOADED.pop(key, None)
    if wf is None:
        wf = Workflow.from_json(source)
        if len(_LOADED) >= _KEEP:
            _LOADED.popitem(last=False)
    _LOADED[key] = wf
    return wf


def _freed(what: str) -> RelanceError:
    return _error("invalid_input", "freed", f"this {what} was freed")


def _bytes_of(data: Any) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise _error("invalid_input", "invalid_type", "expected bytes")


class Workflow:
    """A loaded workflow definition: every per-lead operation of the engine
    (docs/SPEC.md §8), as snake_case methods. Create one with
    :meth:`from_json` or :meth:`preset`. Immutable and safe to share between
    threads; each call releases the GIL while the engine works."""

    __slots__ = ("_h", "__weakref__")
    _h: Optional[_native.Workflow]

    def __init__(self, *args: Any) -> None:
        raise TypeError("use Workflow.from_json(definition) or Workflow.preset(name)")

    @classmethod
    def _of(cls, handle: _native.Workflow) -> Workflow:
        wf = object.__new__(cls)
        wf._h = handle
        return wf

    @staticmethod
    def from_json(definition: Any) -> Workflow:
        """Loads a definition: a dict, its JSON text, or its UTF-8 bytes.
        Raises ``invalid_json`` or ``invalid_workflow`` with every problem."""
        if isinstance(definition, Workflow):
            definition = definition._handle.definition()
        return Workflow._of(_native.Workflow.from_json(_text(definition)))

    @staticmethod
    def preset(name: Any) -> Workflow:
        """Loads a preset workflow (``relance``, ``onelead``, ``leadflow``,
        ``remonline``, ``partner``). Raises ``unknown_preset``."""
        return Workflow._of(_native.Workflow.preset(_dumps(name)))

    @property
    def _handle(self) -> _native.Workflow:
        h = self._h
        if h is None:
            raise _freed("Workflow")
        return h

    def free(self) -> None:
        """Releases the native workflow now (using it afterwards is ``invalid_input``)."""
        self._h = None

    def __enter__(self) -> Workflow:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.free()

    def __reduce__(self) -> Tuple[Any, ...]:
        # Pickles as its definition's text (Spark ships it to executors).
        return (Workflow.from_json, (self._handle.definition(),))

    def __repr__(self) -> str:
        return "<relance.Workflow (freed)>" if self._h is None else f"<relance.Workflow {self.id!r}>"


def _workflow_method(index: int, op: Dict[str, Any]) -> Callable[..., Any]:
    name = snake(op["name"])
    params = [_param(a["name"]) for a in op["args"]]
    convert = [_CONVERT[a["kind"]] for a in op["args"]]
    bind = _binder(name, params)

    def method(self: Workflow, *args: Any, **kwargs: Any) -> Any:
        values = bind(args, kwargs)
        return _loads(self._handle.call(index, tuple(c(v) for c, v in zip(convert, values))))

    return _signed(method, name, params, True)


def _global_function(index: int, op: Dict[str, Any]) -> Callable[..., Any]:
    name = snake(op["name"])
    params = [_param(a["name"]) for a in op["args"]]
    convert = [_CONVERT[a["kind"]] for a in op["args"]]
    bind = _binder(name, params)

    def function(*args: Any, **kwargs: Any) -> Any:
        values = bind(args, kwargs)
        return _loads(_native.global_call(index, tuple(c(v) for c, v in zip(convert, values))))

    return _signed(function, name, params, False)


def _analytics_function(index: int, op: Dict[str, Any]) -> Callable[..., Any]:
    name = snake(op["name"])
    params = [_param(a["name"]) for a in op["args"]]
    kinds = [a["kind"] for a in op["args"]]
    bind = _binder(name, params)
    arrow_path = _ARROW_PATHS.get(op["name"])

    def function(*args: Any, **kwargs: Any) -> Any:
        values = bind(args, kwargs)
        if arrow_path is not None:
            done, result = arrow_path(values)
            if done:
                return result
        defs = [_definition(v)._handle for k, v in zip(kinds, values) if k == "definition"]
        rest = tuple(_CONVERT[k](v) for k, v in zip(kinds, values) if k != "definition")
        return _loads(_native.analytics_call(index, defs, rest))

    return _signed(function, name, params, False)


def _kpis_arrow(values: List[Any]) -> Tuple[bool, Any]:
    """``kpis(def, events, options)`` for events given as Arrow: a log,
    pushed as ``kpis`` pushes (the columns cross as buffers, no Python object
    per event), then its report."""
    definition, events, options = values
    if not _arrow.is_arrow(events):
        return False, None
    log = EventLog(definition)
    options_json = _dumps(options)
    log._push(events, options_json, True)
    return True, _loads(log._handle.report(options_json))


_ARROW_PATHS: Dict[str, Callable[[List[Any]], Tuple[bool, Any]]] = {"kpis": _kpis_arrow}

__all__ = ["EventLog", "Partial", "RelanceError", "Workflow", "operations", "snake"]

# The operations of the table: global ones as module functions and statics
# of Workflow, per-lead ones as methods of Workflow, analytics ones as
# module functions.
_positions = {"global": 0, "workflow": 0, "function": 0}
for _op in _SURFACE["operations"]:
    _receiver = _op["receiver"]
    _index = _positions[_receiver]
    _positions[_receiver] += 1
    _name = snake(_op["name"])
    if _receiver == "global":
        _f = _global_function(_index, _op)
        setattr(Workflow, _name, staticmethod(_f))
        globals()[_name] = _f
        __all__.append(_name)
    elif _receiver == "workflow":
        _m = _workflow_method(_index, _op)
        setattr(Workflow, _name, property(_m) if _op["name"] == "id" else _m)
    elif _receiver == "function":
        globals()[_name] = _analytics_function(_index, _op)
        __all__.append(_name)
    else:  # pragma: no cover - a receiver this package does not know
        raise ImportError(f"relance: unknown receiver {_receiver!r} in the operation table")
del _positions, _op, _receiver, _index, _name


def _lint_json(f: Callable[..., Any]) -> Callable[..., Any]:
    # `lint_json` never raises for a definition: one that cannot be read is its error list.
    def lint_json(definition: Any = None) -> Any:
        try:
            return f(definition)
        except RelanceError as e:
            return {"errors": e.details, "warnings": []}

    return _signed(lint_json, "lint_json", ["definition"], False)


lint_json = _lint_json(globals()["lint_json"])
Workflow.lint_json = staticmethod(lint_json)  # type: ignore[attr-defined]


def _queue(queue: Callable[..., Any], queue_order: Callable[..., Any]) -> Callable[..., Any]:
    # Given a list of leads, each item's `lead` is the caller's own object
    # (the engine answers positions, as in the npm package): no copy.
    def method(self: Workflow, leads: Any = None, ctx: Any = None) -> Any:
        if not isinstance(leads, (list, tuple)):
            return queue(self, leads, ctx)
        items = []
        for p in queue_order(self, leads, ctx):
            item = {"lead": leads[p["index"]], "reason": p["reason"]}
            if "dueAt" in p:
                item["dueAt"] = p["dueAt"]
            items.append(item)
        return items

    return _signed(method, "queue", ["leads", "ctx"], True)


Workflow.queue = _queue(Workflow.queue, Workflow.queue_order)  # type: ignore[attr-defined]


class EventLog:
    """An accumulator of events for KPI reports (docs/SPEC.md §6): push
    batches in any order, merge logs built by other processes or machines
    (as bytes), report for any options, or compute a mergeable
    :class:`Partial`. Events are a list of dicts, JSON or NDJSON text (or its
    UTF-8 bytes), or an Arrow table or record batch of §6 columns. Safe to
    share between threads: calls on one log take turns, each releasing the
    GIL while the engine works."""

    __slots__ = ("_h", "_wf")
    _h: Optional[_native.EventLog]

    def __init__(self, definition: Any) -> None:
        self._wf = _definition(definition)
        self._h = _native.EventLog(self._wf._handle)

    @classmethod
    def from_bytes(cls, definition: Any, data: Any) -> EventLog:
        """A log from :meth:`to_bytes`, for the same definition. Raises
        ``invalid_input`` for corrupt bytes or another definition."""
        wf = _definition(definition)
        log = object.__new__(cls)
        log._wf = wf
        log._h = _native.EventLog.from_bytes(wf._handle, _bytes_of(data))
        return log

    @property
    def _handle(self) -> _native.EventLog:
        h = self._h
        if h is None:
            raise _freed("EventLog")
        return h

    def push(self, events: Any, options: Any = None) -> EventLog:
        """Adds a batch of events, all or nothing; ``options`` is
        ``{"unknownTypes": "error" | "skip"}``. Returns the log."""
        self._push(events, _dumps(options), False)
        return self

    def _push(self, events: Any, options: str, kpis: bool) -> None:
        """Adds a batch of events, all or nothing, ``options`` as JSON text:
        push options, or (``kpis``) a report's options, which push as
        :func:`kpis` pushes (the native module maps them; relance.spark
        pushes so)."""
        h = self._handle
        if not _arrow.is_arrow(events):
            h.push(_text(events), options, kpis)
            return
        batch = _arrow.Batch(events)
        if batch.columns is not None:
            try:
                h.push_arrow(batch.n, batch.columns, batch.at, options, kpis)
                return
            except RelanceError:
                if not batch.exact_errors:
                    raise
                # A null `at` is an absent key: its exact error comes from the rows.
        h.push(batch.rows_json(), options, kpis)

    def merge(self, other: EventLog) -> EventLog:
        """Adds another log's events (of the same definition). Returns the log."""
        if not isinstance(other, EventLog):
            raise _error("invalid_input", "invalid_type", "expected an EventLog")
        self._handle.merge(other._handle)
        return self

    def report(self, options: Any = None) -> Any:
        """The KPI report of the events pushed so far (as :func:`kpis` over them)."""
        return _loads(self._handle.report(_dumps(options)))

    def partial(self, options: Any = None) -> Partial:
        """The report's figures for ``options``, as a :class:`Partial` that
        merges with the partials of other logs (events partitioned by lead)
        and moves as bytes (docs/SPEC.md §12)."""
        return Partial._of(self._handle.partial(_dumps(options)), self._wf)

    def to_bytes(self) -> bytes:
        """The log as bytes (versioned, ending with a CRC-32C), for :meth:`from_bytes`."""
        return self._handle.to_bytes()

    def __len__(self) -> int:
        return len(self._handle)

    def free(self) -> None:
        """Releases the log now (using it afterwards is ``invalid_input``)."""
        self._h = None

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.free()

    def __reduce__(self) -> Tuple[Any, ...]:
        return (EventLog.from_bytes, (self._wf, self.to_bytes()))


class Partial:
    """The figures of a KPI report over some leads, for given options, that
    merge with other leads' (docs/SPEC.md §12): merging the partials of
    events partitioned by lead gives exactly the report of one pass. Made
    by :meth:`EventLog.partial` or :meth:`from_bytes`. Safe to share between
    threads, as :class:`EventLog`."""

    __slots__ = ("_h", "_wf")
    _h: Optional[_native.Partial]

    def __init__(self, *args: Any) -> None:
        raise TypeError("use log.partial(options) or Partial.from_bytes(definition, data)")

    @classmethod
    def _of(cls, handle: _native.Partial, wf: Workflow) -> Partial:
        p = object.__new__(cls)
        p._h = handle
        p._wf = wf
        return p

    @classmethod
    def from_bytes(cls, definition: Any, data: Any) -> Partial:
        """A partial report from :meth:`to_bytes`, for the same definition.
        Raises ``invalid_input`` for corrupt bytes or another definition."""
        wf = _definition(definition)
        return cls._of(_native.Partial.from_bytes(wf._handle, _bytes_of(data)), wf)

    @property
    def _handle(self) -> _native.Partial:
        h = self._h
        if h is None:
            raise _freed("Partial")
        return h

    def merge(self, other: Partial) -> Partial:
        """Adds another partial report's figures (same definition and
        options) into this one. Returns this one."""
        if not isinstance(other, Partial):
            raise _error("invalid_input", "invalid_type", "expected a Partial")
        self._handle.merge(other._handle)
        return self

    def report(self) -> Any:
        """The report (its SLA block computed now, from the options' leads and now)."""
        return _loads(self._handle.report())

    def to_bytes(self) -> bytes:
        """The partial report as bytes: versioned, carrying its options,
        ending with a CRC-32C."""
        return self._handle.to_bytes()

    def free(self) -> None:
        """Releases the partial report now (using it afterwards is ``invalid_input``)."""
        self._h = None

    def __enter__(self) -> Partial:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.free()

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Partial.from_bytes, (self._wf, self.to_bytes()))
