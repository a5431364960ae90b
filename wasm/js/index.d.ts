// TypeScript declarations of the entry point `relance` of the npm package
// (per-lead work). `relance/analytics` is declared in analytics.d.ts.
import type { Problem, Violation } from "./boundary.js";
export type { ErrorCode, Problem, ProblemCode, Violation, ViolationCode } from "./boundary.js";
export { RelanceError } from "./boundary.js";

/** The names of the preset workflows (docs/SPEC.md §7). */
export type PresetName = "relance" | "onelead" | "leadflow" | "remonline" | "partner";

/** A time: RFC 3339 with an offset, epoch milliseconds, or a Date. */
export type TimeInput = string | number | Date;
/** A time written by the engine: RFC 3339 UTC with milliseconds. */
export type TimeOutput = string;

/** A localized text: a plain string, or one text per locale. */
export type LocalizedText = string | { [locale: string]: string };

export type Category = "open" | "won" | "lost" | "closed";

/** A status selector: an id, "*", "group:NAME", "category:NAME", or a list of these. */
export type Selector = string | string[];

/** An effect of a move (docs/SPEC.md §3): exactly one key among these. */
export type EffectDefinition =
  | { stamp: string; plus?: string; ifUnset?: boolean }
  | { set: { [field: string]: unknown } }
  | { unset: string[] }
  | { addTags: string[] }
  | { removeTags: string[] }
  | { assign: "actor" | null | `input.${string}` }
  | { reserve: "actor" | null }
  | { emit: string; data?: { [key: string]: unknown } };

/** A condition in the CEL subset of docs/SPEC.md §3, e.g. "has(lead.partnerOrg) && actor.org == lead.partnerOrg". */
export type Condition = string;

export type SlaState = "pending" | "met" | "metLate" | "breached";

export interface TimerDefinition {
  id: string;
  label?: LocalizedText;
  status: Selector;
  after?: string;
  since?: string;
  deadlineField?: string;
  metBy?: string;
  calendar?: string;
  when?: Condition;
  then?: { moveTo?: string; alert?: string; addTags?: string[] };
  states?: { [state in SlaState]?: LocalizedText };
}

export interface TagRuleDefinition { when?: Condition; add?: string[]; remove?: string[]; description?: string }

export interface StatusDefinition {
  id: string;
  label?: LocalizedText;
  description?: string;
  category: Category;
  group?: string;
  initial?: boolean;
  order?: number;
  ui?: unknown;
  require?: string[];
  when?: Condition;
  onEnter?: EffectDefinition[];
  onExit?: EffectDefinition[];
}

export interface TransitionDefinition {
  id?: string;
  label?: LocalizedText;
  description?: string;
  from: Selector;
  to: Selector;
  roles?: string[];
  when?: Condition;
  require?: string[];
  effects?: EffectDefinition[];
  /** Shown instead of the built-in message when `when` fails. */
  message?: LocalizedText;
}

export interface FieldDefinition {
  label?: LocalizedText;
  type?: "string" | "number" | "boolean" | "time" | "list" | "object";
  enum?: unknown[];
  description?: string;
}

export interface WorkflowDefinition {
  $schema?: string;
  id: string;
  version?: number;
  description?: string;
  defaultLocale?: string;
  timezone?: string;
  fields?: { [name: string]: FieldDefinition };
  statuses: StatusDefinition[];
  transitions?: TransitionDefinition[];
  timers?: TimerDefinition[];
  tagRules?: TagRuleDefinition[];
  reservation?: { roles?: string[]; overrideRoles?: string[] };
  funnel?: { id: string; statuses: string[] }[];
  noteTemplates?: NoteTemplateDefinition[];
  hide?: { when?: Condition; fields: string[]; description?: string }[];
  queue?: { when?: Condition; searchText?: string[]; searchPhone?: string[]; countryCode?: string };
  /** `{"fr": {"negative": [...]}}` replaces one locale's list; `{"negative": [...]}` every locale's. */
  outcomes?: { [localeOrOutcome: string]: string[] | { [outcome in Exclude<Outcome, "unclassified">]?: string[] } };
  external?: { [provider: string]: { [status: string]: ExternalStatusDefinition } };
  calendars?: { [name: string]: CalendarDefinition };
}

export interface NoteTemplateDefinition {
  id: string;
  title?: LocalizedText;
  text?: LocalizedText;
  addTags?: string[];
  outcome?: Outcome;
  description?: string;
}

export interface ExternalStatusDefinition {
  label?: LocalizedText;
  description?: LocalizedText;
  status?: string;
  aliases?: string[];
}

/** Opening hours: `"HH:MM-HH:MM"` per weekday, holidays as `"YYYY-MM-DD"`. */
export interface CalendarDefinition {
  timezone?: string;
  week: { [day in "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun"]?: string[] };
  holidays?: string[];
}

/** A lead: a JSON object with a string status. Every other key comes back untouched. */
export interface Lead {
  id?: string | number;
  status: string;
  statusSince?: TimeInput;
  createdAt?: TimeInput;
  owner?: string | null;
  tags?: string[];
  reservedBy?: string | null;
  notesCount?: number;
  lastNoteAt?: TimeInput;
  lastOutcome?: Outcome;
  alertsFired?: { [timerId: string]: TimeOutput };
  [field: string]: unknown;
}

export type Outcome = "positive" | "negative" | "partial" | "unclassified";

export interface Actor {
  id?: string;
  roles?: string[];
  org?: string | null;
}

/** The context of a call. Operations that need the time need `now`. */
export interface Context {
  actor?: Actor | null;
  now?: TimeInput;
  locale?: string;
  input?: { [field: string]: unknown };
  [key: string]: unknown;
}

/** Where a move goes: a status id, or a named rule (an action). */
export type Target = string | { action: string; status?: string };

export interface RuleRef { index: number; id: string | null }

export type Effect =
  | { emit: string; data?: { [key: string]: unknown } }
  | { tagsAdded: string[] }
  | { tagsRemoved: string[] };

export type Decision =
  | { allowed: true; rule: RuleRef; to: string; violations: []; effects: Effect[] }
  | { allowed: false; rule: null; to: string | null; violations: Violation[]; effects: [] };

export interface StatusOption {
  status: string;
  label: string;
  allowed: boolean;
  violations: Violation[];
  needs: string[];
}

export interface ActionInfo {
  action: string;
  label: string;
  to: string;
  allowed: boolean;
  violations: Violation[];
  /** Required fields still missing: what a dialog should ask for. */
  needs: string[];
}

export interface LintReport {
  /** Problems that stop the definition from loading. */
  errors: Problem[];
  /** unreachable_status, dead_end, rule_never_matches, timer_never_active. */
  warnings: Problem[];
}

export interface StatusInfo {
  id: string;
  label: string;
  category: Category;
  group: string | null;
  order: number;
  initial: boolean;
  ui: unknown;
}

export type LeadId = string | number | null;

export type CreatedEvent = { type: "created"; lead: LeadId; at: TimeOutput; status: string; actor: string | null };
export type StatusEvent = { type: "status"; lead: LeadId; at: TimeOutput; from: string; to: string; actor: string | null; timer?: string };
export type NoteEvent = {
  type: "note"; lead: LeadId; at: TimeOutput; outcome: Outcome; text?: string; channel?: string; template?: string; actor: string | null;
};
/** What a change produces: the KPI input format (docs/SPEC.md §6). */
export type Event = CreatedEvent | StatusEvent | NoteEvent;

export interface Change<E extends Event | null = Event> {
  lead: Lead;
  effects: Effect[];
  event: E;
}

export interface Deadline {
  timer: string;
  timerLabel: string;
  dueAt: TimeOutput;
  state: SlaState;
  /** The state's label in the requested locale. */
  label: string;
  /** Negative once overdue. */
  remainingMs: number;
}

/** Work that has come due: a timer's move or alert, or a tag update. */
export type DueItem =
  | { kind: "move"; lead: LeadId; timer: string; to: string; dueAt: TimeOutput }
  | { kind: "alert"; lead: LeadId; timer: string; alert: string; dueAt: TimeOutput }
  | { kind: "tags"; lead: LeadId; dueAt: TimeOutput };

export interface Note {
  template?: string;
  text?: string;
  outcome?: Outcome;
  channel?: string;
}

export interface NoteTemplate {
  id: string;
  title: string;
  text: string | null;
  addTags: string[];
  outcome: Outcome | null;
}

export type FlowState = "none" | "inProgress" | "completed";

export interface QueueOptions extends Context {
  /** A phone number, or words found in the name or email. */
  search?: string;
  /** The flow states to list (default: none and inProgress). */
  flow?: FlowState[];
  /** At most this many items. */
  limit?: number;
}

export type QueueItem<L extends Lead = Lead> =
  | { lead: L; reason: "neverContacted"; dueAt?: TimeOutput }
  | { lead: L; reason: "overdue" | "dueSoon"; dueAt: TimeOutput }
  | { lead: L; reason: "waiting" };

/** One lead of the queue by its position in the list given to `queueOrder`. */
export type QueuePosition =
  | { index: number; reason: "neverContacted"; dueAt?: TimeOutput }
  | { index: number; reason: "overdue" | "dueSoon"; dueAt: TimeOutput }
  | { index: number; reason: "waiting" };

export interface ExternalStatus {
  label: string;
  description: string | null;
  status: string | null;
  known: boolean;
}

/** A loaded workflow. Release its wasm memory with `free()` or `using`. */
export declare class Workflow {
  private constructor();
  /** Loads a definition (an object or its JSON text). Throws `invalid_json` or `invalid_workflow`. */
  static fromJson(definition: WorkflowDefinition | string): Workflow;
  /** Loads a preset workflow. Throws `unknown_preset`. */
  static preset(name: PresetName): Workflow;
  /** The names of the presets. */
  static presets(): PresetName[];
  /** A preset's definition, to copy and customise. */
  static presetJson(name: PresetName): WorkflowDefinition;
  /** Checks a definition for an editor; never throws. */
  static lintJson(definition: WorkflowDefinition | string): LintReport;
  /** The workflow's id. */
  readonly id: string;
  /** The statuses in column order, labels in `locale`. */
  statuses(locale?: string): StatusInfo[];
  /** Warnings: unreachable statuses, dead ends, rules that never match, timers never active. */
  lint(): Problem[];
  /** The status graph as a Mermaid state diagram. */
  toMermaid(locale?: string): string;
  /** The status graph in Graphviz DOT. */
  toDot(locale?: string): string;
  /** The definition as given. */
  toJSON(): WorkflowDefinition;
  /** Whether `lead` may move to `to` now, and why not. */
  check(lead: Lead, to: Target, ctx?: Context): Decision;
  /** Every status, in column order, with whether the lead may move there. */
  options(lead: Lead, ctx?: Context): StatusOption[];
  /** The actions (rules with an id) the lead's status offers. */
  actions(lead: Lead, ctx?: Context): ActionInfo[];
  /** Moves the lead. Throws `transition_denied` with the violations. */
  apply(lead: Lead, to: Target, ctx?: Context): Change<StatusEvent>;
  /** The violations of a stored lead (an empty list: valid). */
  validate(lead: unknown, ctx?: Context): Violation[];
  /** Starts a lead: the initial status (`ctx.input.status` picks one of several), createdAt, statusSince. */
  create(lead: { [field: string]: unknown }, ctx: Context): Change<CreatedEvent>;
  /** The lead's deadlines with their SLA states. */
  deadlines(lead: Lead, ctx: Context): Deadline[];
  /** What has come due at `ctx.now` (leads as objects, or JSON text). */
  due(leads: Lead[] | string, ctx: Context): DueItem[];
  /** Carries out one due item; refuses one that no longer applies. */
  fire(lead: Lead, item: DueItem, ctx: Context): Change<StatusEvent | null>;
  /** Records a note. Throws `note_denied` for a lead reserved by someone else. */
  addNote(lead: Lead, note: Note, ctx: Context): Change<NoteEvent>;
  /** The note templates ("Predefined notes"), texts in `locale`. */
  noteTemplates(locale?: string): NoteTemplate[];
  /** The outcome a text reads as. */
  classify(text: string, locale?: string): Outcome;
  /** none / inProgress / completed. */
  flowState(lead: Lead): FlowState;
  /** The leads to work next, in order (leads as objects, or JSON text). Given an array,
   *  each item's `lead` is the caller's own object (no copy). */
  queue<L extends Lead>(leads: L[] | string, options: QueueOptions): QueueItem<L>[];
  /** The queue as positions into the given list: `queue` without the leads. */
  queueOrder(leads: Lead[] | string, options: QueueOptions): QueuePosition[];
  /** A provider's status, translated. Throws `unknown_provider`. */
  mapExternal(provider: string, status: string, locale?: string): ExternalStatus;
  /** The lead without the fields hidden for this actor. */
  view(lead: Lead, ctx?: Context): Lead;
  /** Releases the wasm memory of this workflow. */
  free(): void;
  [Symbol.dispose](): void;
}
