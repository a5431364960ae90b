# Type stubs of the package `relance`. Its Workflow methods and analytics
# functions are built at import from the engine's table of operations
# (relance_core::ops); python/tests/test_surface.py fails when a name or a
# parameter here differs from that table, and python/tests/test_types.py
# checks the result of every conformance vector against these return types.
from types import TracebackType
from typing import Any, Dict, List, Optional, Tuple, Type, Union

from relance._error import RelanceError as RelanceError
from relance.types import (
    ActionInfo,
    Change,
    Context,
    Deadline,
    Decision,
    Definition,
    DueItem,
    Events,
    ExternalStatus,
    FlowState,
    Impact,
    ImpactInput,
    KpiOptions,
    Lead,
    LintReport,
    NoteInput,
    NoteTemplate,
    Outcome,
    PresetName,
    Problem,
    PushOptions,
    QueueItem,
    QueueOptions,
    QueuePosition,
    Report,
    StatusInfo,
    StatusOption,
    Target,
    Violation,
)

__version__: str
__all__: List[str]

#: Text the engine reads as given: JSON (or NDJSON) text, or its UTF-8 bytes.
_Text = Union[str, bytes, bytearray, memoryview]

def operations() -> Dict[str, Any]:
    """The whole surface, as the engine declares it: operations, classes and codes."""

def snake(name: str) -> str:
    """The Python name of an operation of the table (``addNote`` → ``add_note``)."""

def presets() -> List[PresetName]:
    """The names of the preset workflows."""

def preset_json(name: str) -> Dict[str, Any]:
    """A preset's definition, to copy and customise. Raises ``unknown_preset``."""

def lint_json(definition: Union[Dict[str, Any], _Text]) -> LintReport:
    """Load errors and lint warnings of a definition, for editors; never raises."""

def kpis(def_: Definition, events: Events, options: Optional[KpiOptions] = None) -> Report:
    """The KPI report of docs/SPEC.md §6 of ``events`` (a list of dicts, JSON or
    NDJSON text or bytes, or an Arrow table or record batch) under ``def_``."""

def impact(current: Definition, next: Definition, input: ImpactInput) -> Impact:
    """What replacing ``current`` by ``next`` does to stored leads, due work,
    the history and the KPIs (docs/SPEC.md §10)."""

class Workflow:
    """A loaded workflow definition: every per-lead operation of the engine."""

    def __init__(self, *args: Any) -> None: ...
    @staticmethod
    def from_json(definition: Union[Dict[str, Any], _Text, Workflow]) -> Workflow:
        """Loads a definition. Raises ``invalid_json`` or ``invalid_workflow``."""
    @staticmethod
    def preset(name: PresetName) -> Workflow:
        """Loads a preset workflow. Raises ``unknown_preset``."""
    @staticmethod
    def presets() -> List[PresetName]: ...
    @staticmethod
    def preset_json(name: str) -> Dict[str, Any]: ...
    @staticmethod
    def lint_json(definition: Union[Dict[str, Any], _Text]) -> LintReport: ...
    @property
    def id(self) -> str:
        """The workflow's id."""
    def to_json(self) -> Dict[str, Any]:
        """The definition as given."""
    def statuses(self, locale: Optional[str] = None) -> List[StatusInfo]:
        """The statuses in column order, labels in ``locale``."""
    def lint(self) -> List[Problem]:
        """Warnings: unreachable statuses, dead ends, rules that never match, timers never active."""
    def to_mermaid(self, locale: Optional[str] = None) -> str:
        """The status graph as a Mermaid state diagram."""
    def to_dot(self, locale: Optional[str] = None) -> str:
        """The status graph in Graphviz DOT."""
    def check(self, lead: Lead, to: Target, ctx: Optional[Context] = None) -> Decision:
        """Whether ``lead`` may move to ``to`` now, and why not."""
    def options(self, lead: Lead, ctx: Optional[Context] = None) -> List[StatusOption]:
        """Every status, in column order, with whether the lead may move there."""
    def actions(self, lead: Lead, ctx: Optional[Context] = None) -> List[ActionInfo]:
        """The actions (rules with an id) the lead's status offers."""
    def apply(self, lead: Lead, to: Target, ctx: Optional[Context] = None) -> Change:
        """Moves the lead. Raises ``transition_denied`` with the violations."""
    def validate(self, lead: Any, ctx: Optional[Context] = None) -> List[Violation]:
        """The violations of a stored lead (an empty list: valid)."""
    def create(self, lead: Lead, ctx: Optional[Context] = None) -> Change:
        """Starts a lead: the initial status, ``createdAt``, ``statusSince``."""
    def deadlines(self, lead: Lead, ctx: Optional[Context] = None) -> List[Deadline]:
        """The lead's deadlines with their SLA states."""
    def due(self, leads: Union[List[Lead], _Text], ctx: Optional[Context] = None) -> List[DueItem]:
        """What has come due at ``ctx["now"]`` (leads as dicts, or JSON text)."""
    def fire(self, lead: Lead, item: DueItem, ctx: Optional[Context] = None) -> Change:
        """Carries out one due item; refuses one that no longer applies."""
    def add_note(self, lead: Lead, note: NoteInput, ctx: Optional[Context] = None) -> Change:
        """Records a note. Raises ``note_denied`` for a lead reserved by someone else."""
    def note_templates(self, locale: Optional[str] = None) -> List[NoteTemplate]:
        """The note templates, texts in ``locale``."""
    def classify(self, text: str, locale: Optional[str] = None) -> Outcome:
        """The outcome a note's text reads as."""
    def flow_state(self, lead: Lead) -> FlowState:
        """none / inProgress / completed."""
    def queue(self, leads: Union[List[Lead], _Text], ctx: Optional[QueueOptions] = None) -> List[QueueItem]:
        """The leads to work next, in order; given a list, each item's ``lead`` is your own dict."""
    def queue_order(self, leads: Union[List[Lead], _Text], ctx: Optional[QueueOptions] = None) -> List[QueuePosition]:
        """The queue as positions into the given list."""
    def map_external(self, provider: str, status: str, locale: Optional[str] = None) -> ExternalStatus:
        """A lead provider's status, translated. Raises ``unknown_provider``."""
    def view(self, lead: Lead, ctx: Optional[Context] = None) -> Dict[str, Any]:
        """The lead without the fields hidden for this actor."""
    def free(self) -> None:
        """Releases the native workflow now."""
    def __enter__(self) -> Workflow: ...
    def __exit__(
        self, t: Optional[Type[BaseException]], e: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None: ...
    def __reduce__(self) -> Tuple[Any, ...]: ...

class EventLog:
    """An accumulator of events for KPI reports: batches, merges, bytes, partials."""

    def __init__(self, definition: Definition) -> None: ...
    @classmethod
    def from_bytes(cls, definition: Definition, data: Union[bytes, bytearray, memoryview]) -> EventLog:
        """A log from ``to_bytes()``, for the same definition."""
    def push(self, events: Events, options: Optional[PushOptions] = None) -> EventLog:
        """Adds a batch of events (any order), all or nothing."""
    def _push(self, events: Events, options: str, kpis: bool) -> None:
        """Internal (relance.spark): adds a batch, ``options`` as JSON text (a report's when ``kpis``)."""
    def merge(self, other: EventLog) -> EventLog:
        """Adds another log's events (of the same definition)."""
    def report(self, options: Optional[KpiOptions] = None) -> Report:
        """The KPI report of the events pushed so far."""
    def partial(self, options: Optional[KpiOptions] = None) -> Partial:
        """The report's figures for ``options``, as a mergeable Partial."""
    def to_bytes(self) -> bytes:
        """The log as bytes (versioned, ending with a CRC-32C)."""
    def __len__(self) -> int: ...
    def free(self) -> None: ...
    def __enter__(self) -> EventLog: ...
    def __exit__(
        self, t: Optional[Type[BaseException]], e: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None: ...
    def __reduce__(self) -> Tuple[Any, ...]: ...

class Partial:
    """The figures of a KPI report over some leads, mergeable with other leads' (SPEC §12)."""

    def __init__(self, *args: Any) -> None: ...
    @classmethod
    def from_bytes(cls, definition: Definition, data: Union[bytes, bytearray, memoryview]) -> Partial:
        """A partial report from ``to_bytes()``, for the same definition."""
    def merge(self, other: Partial) -> Partial:
        """Adds another partial report's figures into this one; returns this one."""
    def report(self) -> Report:
        """The report."""
    def to_bytes(self) -> bytes:
        """The partial report as bytes (versioned, with its options, ending with a CRC-32C)."""
    def free(self) -> None: ...
    def __enter__(self) -> Partial: ...
    def __exit__(
        self, t: Optional[Type[BaseException]], e: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None: ...
    def __reduce__(self) -> Tuple[Any, ...]: ...
