"""The shapes of relance's values, for type checkers (the package's stubs
use them) and for annotations in your code: ``from relance.types import
Decision``. Results are plain dicts and lists with SPEC's camelCase keys, as
in every other binding (docs/SPEC.md §2-§12), declared as TypedDicts;
arguments (leads, contexts, options) are any mappings. The package's tests check the
results of every conformance vector against these declarations.
"""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Mapping, Optional, TypedDict, Union

__all__ = [
    "ActionInfo", "Actor", "Category", "Change", "Context", "CreatedEvent", "Deadline", "Decision",
    "Definition", "DueItem", "Effect", "ErrorCode", "Event", "EventInput", "Events", "ExternalStatus",
    "FlowState", "FunnelStep", "Impact", "ImpactInput", "KpiOptions", "Lead", "LeadId", "LintReport",
    "NoteEvent", "NoteInput", "NoteTemplate", "Outcome", "Outcomes", "PresetName", "Problem", "ProblemCode",
    "PushOptions", "QueueItem", "QueueOptions", "QueuePosition", "Report", "RuleRef", "SlaCounts", "SlaState",
    "Slot", "StatusEvent", "StatusInfo", "StatusOption", "StatusReport", "Summary", "Target", "TimeInput",
    "UnknownTypes", "Violation", "ViolationCode", "Warning",
]

#: The code of a RelanceError (docs/SPEC.md §2).
ErrorCode = Literal[
    "invalid_json", "invalid_workflow", "invalid_lead", "invalid_time", "invalid_input", "unknown_preset",
    "unknown_provider", "transition_denied", "note_denied", "limit_exceeded", "engine_error",
]

#: The code of one problem in an error's details (finer than the ErrorCode).
ProblemCode = Literal[
    "invalid_json", "invalid_utf8", "invalid_type", "invalid_value", "missing", "unknown_key", "duplicate_id",
    "reserved_id", "reserved_key", "no_initial", "unknown_status", "empty_selector", "unknown_calendar",
    "invalid_duration", "invalid_time", "invalid_date", "invalid_zone", "empty_interval", "no_open_time",
    "syntax_error", "unknown_function", "too_deep", "too_long", "too_many_moves", "too_far_ahead", "has_status",
    "invalid_columns", "invalid_bytes", "other_workflow", "other_options", "unknown_preset", "unknown_provider",
    "freed", "panic", "unreachable_status", "dead_end", "rule_never_matches", "timer_never_active",
]

ViolationCode = Literal[
    "unknown_status", "terminal_status", "reserved", "no_transition", "role_required", "missing_field",
    "condition_failed", "invalid_field", "invalid_lead",
]

#: The preset workflows (docs/SPEC.md §7).
PresetName = Literal["relance", "onelead", "leadflow", "remonline", "partner"]
Category = Literal["open", "won", "lost", "closed"]
Outcome = Literal["positive", "negative", "partial", "unclassified"]
SlaState = Literal["pending", "met", "metLate", "breached"]
FlowState = Literal["none", "inProgress", "completed"]
UnknownTypes = Literal["error", "skip"]

#: A time in: RFC 3339 text with an offset, epoch milliseconds, or an aware datetime.
TimeInput = Any
#: A lead's id as the engine writes it (a string or a number, or null).
LeadId = Union[str, int, float, None]


class _Problem(TypedDict):
    path: str
    code: ProblemCode
    message: str


class Problem(_Problem, total=False):
    """A problem in an argument: where (a JSON Pointer), what, and why."""

    #: For conditions: the 1-based column inside the condition.
    column: int


class _Violation(TypedDict):
    code: ViolationCode
    message: str
    params: Dict[str, Any]


class Violation(_Violation, total=False):
    """Why a move or a note is refused, in the requested locale."""

    field: str


#: A lead: a dict with a string ``status``; every other key comes back untouched.
Lead = Mapping[str, Any]


#: An actor: ``{"id", "roles", "org"}``, every key optional.
Actor = Mapping[str, Any]
#: The context of a call: ``{"actor", "now", "locale", "input"}``, every key
#: optional; operations that need the time need ``now``.
Context = Mapping[str, Any]
#: A context with ``search``, ``flow`` and ``limit``.
QueueOptions = Mapping[str, Any]


#: Where a move goes: a status id, or ``{"action": id}``.
Target = Union[str, Mapping[str, Any]]


class RuleRef(TypedDict):
    index: int
    id: Optional[str]


#: An effect of a change: ``{"emit", "data"?}``, ``{"tagsAdded"}`` or ``{"tagsRemoved"}``.
Effect = Dict[str, Any]


class Decision(TypedDict):
    """Whether a move is allowed now, and why not."""

    allowed: bool
    rule: Optional[RuleRef]
    to: Optional[str]
    violations: List[Violation]
    effects: List[Effect]


class StatusOption(TypedDict):
    status: str
    label: str
    allowed: bool
    violations: List[Violation]
    needs: List[str]


class ActionInfo(TypedDict):
    action: str
    label: str
    to: str
    allowed: bool
    violations: List[Violation]
    #: Required fields still missing: what a dialog should ask for.
    needs: List[str]


class LintReport(TypedDict):
    errors: List[Problem]
    warnings: List[Problem]


class StatusInfo(TypedDict):
    id: str
    label: str
    category: Category
    group: Optional[str]
    order: Union[int, float]
    initial: bool
    ui: Any


CreatedEvent = TypedDict(
    "CreatedEvent", {"type": Literal["created"], "lead": LeadId, "at": str, "status": str, "actor": Optional[str]}
)
_StatusEvent = TypedDict(
    "_StatusEvent",
    {"type": Literal["status"], "lead": LeadId, "at": str, "from": str, "to": str, "actor": Optional[str]},
)


class StatusEvent(_StatusEvent, total=False):
    #: The timer that made the move.
    timer: str


class _NoteEvent(TypedDict):
    type: Literal["note"]
    lead: LeadId
    at: str
    outcome: Outcome
    actor: Optional[str]


class NoteEvent(_NoteEvent, total=False):
    text: str
    channel: str
    template: str


#: What a change produces: the KPI input format (docs/SPEC.md §6).
Event = Union[CreatedEvent, StatusEvent, NoteEvent]


class Change(TypedDict):
    """A changed lead: ``{lead, effects, event}``."""

    lead: Dict[str, Any]
    effects: List[Effect]
    event: Optional[Event]


class Deadline(TypedDict):
    timer: str
    timerLabel: str
    dueAt: str
    state: SlaState
    label: str
    #: Negative once overdue.
    remainingMs: int


class _DueItem(TypedDict):
    kind: Literal["move", "alert", "tags"]
    lead: LeadId
    dueAt: str


class DueItem(_DueItem, total=False):
    """Work that has come due: a timer's move or alert, or a tag update."""

    timer: str
    to: str
    alert: str


#: A note: ``{"template", "text", "outcome", "channel"}``, every key optional.
NoteInput = Mapping[str, Any]


class NoteTemplate(TypedDict):
    id: str
    title: str
    text: Optional[str]
    addTags: List[str]
    outcome: Optional[Outcome]


class _QueueItem(TypedDict):
    lead: Any
    reason: Literal["neverContacted", "overdue", "dueSoon", "waiting"]


class QueueItem(_QueueItem, total=False):
    dueAt: str


class _QueuePosition(TypedDict):
    index: int
    reason: Literal["neverContacted", "overdue", "dueSoon", "waiting"]


class QueuePosition(_QueuePosition, total=False):
    dueAt: str


class ExternalStatus(TypedDict):
    label: str
    description: Optional[str]
    status: Optional[str]
    known: bool


#: A workflow definition: a ``Workflow``, a definition dict, or its JSON text (or UTF-8 bytes).
Definition = Any

#: A KPI input event (docs/SPEC.md §6).
EventInput = Mapping[str, Any]

#: Events: a list of dicts, JSON or NDJSON text, its UTF-8 bytes, or an Arrow
#: table or record batch of §6 columns.
Events = Any


#: The options of one push: ``{"unknownTypes": "error" | "skip"}``.
PushOptions = Mapping[str, Any]
#: The options of a KPI report (docs/SPEC.md §6): ``{"from", "to", "now",
#: "timezone", "groupBy", "leads", "unknownTypes"}``, every key optional.
KpiOptions = Mapping[str, Any]


class Summary(TypedDict):
    """Durations in milliseconds: ``mean`` rounded, ``median`` and ``p90`` by nearest rank."""

    count: int
    mean: Optional[int]
    median: Optional[int]
    p90: Optional[int]


class Outcomes(TypedDict):
    positive: int
    negative: int
    partial: int
    unclassified: int


class _Slot(TypedDict):
    notes: int
    uniqueLeads: int
    closed: int
    won: int
    winRate: Optional[float]
    outcomes: Outcomes


class Slot(_Slot, total=False):
    hour: int
    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class SlaCounts(TypedDict):
    pending: int
    met: int
    metLate: int
    breached: int
    compliance: Optional[float]


class FunnelStep(TypedDict):
    id: str
    reached: int
    rateFromPrevious: Optional[float]
    rateFromStart: Optional[float]


class Rates(TypedDict):
    contact: Optional[float]
    qualification: Optional[float]
    win: Optional[float]


class StatusReport(TypedDict):
    entered: int
    exitedTo: Dict[str, int]
    advanced: Optional[int]
    advanceRate: Optional[float]
    timeInStatus: Summary
    current: int


class NotesReport(TypedDict):
    logged: int
    uniqueLeads: int
    outcomes: Outcomes
    timeToFirstNote: Summary


class ClosingReport(TypedDict):
    closed: int
    won: int
    lost: int
    cycleTime: Summary


class _Warning(TypedDict):
    code: Literal["from_mismatch", "unknown_status", "created_again", "unknown_type"]
    type: str


class Warning(_Warning, total=False):
    """Something in the events that does not fit (or, ``unknown_type``, was skipped)."""

    lead: LeadId
    at: str
    message: str
    count: int


class Report(TypedDict):
    """The KPI report of docs/SPEC.md §6."""

    leads: int
    funnel: List[FunnelStep]
    rates: Rates
    statuses: Dict[str, StatusReport]
    notes: NotesReport
    closing: ClosingReport
    #: Per timer with ``metBy`` (SlaCounts), and ``alertsDue``; None without ``leads`` and ``now``.
    sla: Optional[Dict[str, Union[SlaCounts, int]]]
    byAgent: Dict[str, Slot]
    byHour: List[Slot]
    byWeekday: List[Slot]
    byDay: Dict[str, Slot]
    warnings: List[Warning]


#: The input of ``impact`` (docs/SPEC.md §10): ``{"now", "leads", "events",
#: "actors", "statusMap", "limit", "kpis"}``, ``now`` required.
ImpactInput = Mapping[str, Any]


class StatusChanges(TypedDict):
    added: List[str]
    removed: List[str]
    renamed: Dict[str, str]


class InvalidLead(TypedDict):
    lead: LeadId
    status: Optional[str]
    violations: List[Violation]


class LeadsImpact(TypedDict):
    checked: int
    invalid: int
    newlyDue: int
    items: List[InvalidLead]
    due: List[DueItem]


MoveCount = TypedDict("MoveCount", {"from": str, "to": str, "refused": int})
RefusedMove = TypedDict(
    "RefusedMove",
    {"lead": LeadId, "at": str, "from": str, "to": str, "actor": Optional[str], "violations": List[Violation]},
)


class HistoryImpact(TypedDict):
    moves: int
    refused: int
    undecided: int
    byCode: Dict[str, int]
    byActor: Dict[str, int]
    byMove: List[MoveCount]
    items: List[RefusedMove]


class KpiPair(TypedDict):
    current: Report
    next: Report


class _Impact(TypedDict):
    statuses: StatusChanges
    leads: LeadsImpact
    history: HistoryImpact


class Impact(_Impact, total=False):
    """What a change of definition does (docs/SPEC.md §10)."""

    kpis: KpiPair
