// TypeScript declarations of the entry point `relance/analytics` of the npm
// package: the work over many events (KPIs, the event log), in its own
// WebAssembly module.
import type { DueItem, Lead, LeadId, Outcome, TimeInput, TimeOutput, Violation, Workflow, WorkflowDefinition } from "./index.js";
export { RelanceError } from "./boundary.js";
export type { ErrorCode, Problem, ProblemCode } from "./boundary.js";

/** A workflow definition: a Workflow of `relance`, a definition object, or its JSON text.
 *  A loaded definition is kept (by its canonical JSON), so passing it again does not reload it. */
export type Definition = Workflow | WorkflowDefinition | string;

/** A KPI input event: `at` may be any time input; `created` may name its status; a note may omit its outcome. */
export type EventInput =
  | { type: "created"; lead: string | number; at: TimeInput; status?: string; actor?: string | null }
  | { type: "status"; lead: string | number; at: TimeInput; from?: string; to: string; actor?: string | null }
  | { type: "note"; lead: string | number; at: TimeInput; outcome?: Outcome; text?: string; channel?: string; actor?: string | null };

/** What a push does with an event whose type is not created, status or note. */
export type UnknownTypes = "error" | "skip";

/** The options of one push into an EventLog. */
export interface PushOptions {
  /** "error" (the default) refuses the batch; "skip" skips the event and counts it in the report's warnings. */
  unknownTypes?: UnknownTypes;
}

export interface KpiOptions {
  from?: TimeInput;
  to?: TimeInput;
  now?: TimeInput;
  timezone?: string;
  groupBy?: ("agent" | "hour" | "weekday" | "day")[];
  /** With `now`: the leads whose SLA states the report counts: a list, or JSON text of one (read as it is: ids past 2^53, key order). */
  leads?: Lead[] | string;
  /** For `kpis`: what an event of another type does (an EventLog takes it per push). */
  unknownTypes?: UnknownTypes;
}

export interface Summary { count: number; mean: number | null; median: number | null; p90: number | null }
export interface Outcomes { positive: number; negative: number; partial: number; unclassified: number }
export interface Slot {
  hour?: number;
  weekday?: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
  notes: number;
  uniqueLeads: number;
  closed: number;
  won: number;
  winRate: number | null;
  outcomes: Outcomes;
}
export interface SlaCounts { pending: number; met: number; metLate: number; breached: number; compliance: number | null }

export interface Report {
  leads: number;
  funnel: { id: string; reached: number; rateFromPrevious: number | null; rateFromStart: number | null }[];
  rates: { contact: number | null; qualification: number | null; win: number | null };
  statuses: {
    [status: string]: {
      entered: number;
      exitedTo: { [status: string]: number };
      advanced: number | null;
      advanceRate: number | null;
      timeInStatus: Summary;
      current: number;
    };
  };
  notes: { logged: number; uniqueLeads: number; outcomes: Outcomes; timeToFirstNote: Summary };
  closing: { closed: number; won: number; lost: number; cycleTime: Summary };
  /** Per timer with metBy, and `alertsDue`; null without `leads` and `now`. */
  sla: ({ alertsDue: number } & { [timer: string]: SlaCounts | number }) | null;
  byAgent: { [actor: string]: Slot };
  byHour: Slot[];
  byWeekday: Slot[];
  byDay: { [date: string]: Slot };
  /** Skipped types first (by type), then events used as given (by lead, time, type, code, message). */
  warnings: Warning[];
}

/** Events for a report: objects, JSON text, NDJSON text, or their UTF-8 bytes. */
export type Events = EventInput[] | string | Uint8Array;

/** Something in the events that does not fit. */
export type Warning =
  | { code: "from_mismatch" | "unknown_status" | "created_again"; lead: LeadId; at: TimeOutput; type: "created" | "status" | "note"; message: string }
  | { code: "unknown_type"; type: string; count: number };

/** The KPI report of docs/SPEC.md §6 of `events` under `def`, in one pass. */
export declare function kpis(def: Definition, events: Events, options?: KpiOptions): Report;

/** An accumulator of events for reports: batches, merges, bytes for workers and other machines. */
export declare class EventLog {
  /** An empty log for the definition `def`. */
  constructor(def: Definition);
  /** A log from `toBytes()`, for the same definition. Throws `invalid_input` otherwise (or for corrupt bytes). */
  static fromBytes(def: Definition, bytes: Uint8Array): EventLog;
  /** The number of events pushed. */
  readonly size: number;
  /** Adds a batch (any order); a malformed event refuses the whole batch. */
  push(events: Events, options?: PushOptions): this;
  /** Adds another log's events. Throws `invalid_input` for a log of another definition, or itself. */
  merge(other: EventLog): this;
  /** The KPI report of the events pushed so far (the same as `kpis` over them). */
  report(options?: KpiOptions): Report;
  /** The report's figures for `options`, as a Partial that merges with the partials of other logs
   *  (events partitioned by lead) and moves as bytes. */
  partial(options?: KpiOptions): Partial;
  /** The log as bytes (versioned, ending with a CRC-32C), for `EventLog.fromBytes` in a worker or on a server. */
  toBytes(): Uint8Array;
  free(): void;
  [Symbol.dispose](): void;
}

/** The figures of a report over some leads, for given options, that merge with other leads' (docs/SPEC.md §12).
 *  Merging the partials of events partitioned by lead gives exactly the report of one pass. */
export declare class Partial {
  private constructor();
  /** A partial report from `toBytes()`, for the same definition. Throws `invalid_input` otherwise (or for corrupt bytes). */
  static fromBytes(def: Definition, bytes: Uint8Array): Partial;
  /** Adds another partial report's figures. Throws `invalid_input` for another definition or other options. */
  merge(other: Partial): this;
  /** The report (its SLA block computed now, from the options' leads and now). */
  report(): Report;
  /** The partial report as bytes: versioned, carrying its options, ending with a CRC-32C. */
  toBytes(): Uint8Array;
  free(): void;
  [Symbol.dispose](): void;
}

/** The input of `impact` (docs/SPEC.md §10). */
export interface ImpactInput {
  /** The time of the analysis (what `due` is computed at). */
  now: TimeInput;
  /** The stored leads: a list, or JSON text of one. */
  leads?: Lead[] | string;
  /** The history: a list of events, or JSON / NDJSON text. A status event may carry
   *  `before` (the lead as it was before the move) and `timer` (a timer made it: not replayed). */
  events?: (EventInput & { before?: Lead; timer?: string })[] | string;
  /** Who the actors of the history are. An actor not listed has unknown roles and organisation. */
  actors?: { [id: string]: { roles?: string[]; org?: string | null } };
  /** Statuses of `current` renamed in `next`. */
  statusMap?: { [current: string]: string };
  /** The most items each list holds (default 100); never the counts. */
  limit?: number;
  /** The options of both KPI reports, when wanted. */
  kpis?: KpiOptions;
}

/** What a change of definition does (docs/SPEC.md §10). */
export interface Impact {
  statuses: { added: string[]; removed: string[]; renamed: { [current: string]: string } };
  leads: {
    checked: number;
    invalid: number;
    newlyDue: number;
    /** Invalid leads under `next`, by lead id. */
    items: { lead: LeadId; status: string | null; violations: Violation[] }[];
    /** Due work that `due` gives under `next` and not under `current`, in `due`'s order. */
    due: DueItem[];
  };
  history: {
    /** Moves replayed (status events no timer made). */
    moves: number;
    /** A violation follows from what is known. */
    refused: number;
    /** Only what is not known (no `before`, an actor not listed) could refuse it. */
    undecided: number;
    byCode: { [code: string]: number };
    byActor: { [actor: string]: number };
    byMove: { from: string; to: string; refused: number }[];
    items: { lead: LeadId; at: TimeOutput; from: string; to: string; actor: string | null; violations: Violation[] }[];
  };
  kpis?: { current: Report; next: Report };
}

/** The impact of replacing the definition `current` by `next`, before it ships. */
export declare function impact(current: Definition, next: Definition, input: ImpactInput): Impact;
