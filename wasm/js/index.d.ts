// TypeScript declarations of the npm package `relance`.
/** The names of the preset workflows (SPEC §7). */
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

/** An effect of a move (SPEC §3): exactly one key among these. */
export type EffectDefinition =
  | { stamp: string; plus?: string; ifUnset?: boolean }
  | { set: { [field: string]: unknown } }
  | { unset: string[] }
  | { addTags: string[] }
  | { removeTags: string[] }
  | { assign: "actor" | null | `input.${string}` }
  | { reserve: "actor" | null }
  | { emit: string; data?: { [key: string]: unknown } };

/** A condition in the CEL subset of SPEC §3, e.g. "has(lead.partnerOrg) && actor.org == lead.partnerOrg". */
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
  noteTemplates?: unknown[];
  hide?: { when: Condition; fields: string[] }[];
  queue?: { [key: string]: unknown };
  outcomes?: { [key: string]: unknown };
  external?: { [provider: string]: unknown };
  calendars?: { [name: string]: unknown };
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

export type ViolationCode =
  | "unknown_status" | "terminal_status" | "reserved" | "no_transition"
  | "role_required" | "missing_field" | "condition_failed" | "invalid_field";

export interface Violation {
  code: ViolationCode;
  message: string;
  field?: string;
  params: { [name: string]: unknown };
}

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

export type Event =
  | { type: "created"; lead: string | number | null; at: TimeOutput; status: string; actor: string | null }
  | { type: "status"; lead: string | number | null; at: TimeOutput; from: string; to: string; actor: string | null };

export interface Change {
  lead: Lead;
  effects: Effect[];
  event: Event;
}

export type ErrorCode =
  | "invalid_json" | "invalid_workflow" | "invalid_lead" | "invalid_time" | "invalid_input"
  | "unknown_preset" | "unknown_provider" | "transition_denied" | "note_denied" | "limit_exceeded";

/** A problem in an argument: where (a JSON Pointer), what, and why. */
export interface Problem {
  path: string;
  code: string;
  message: string;
  /** For conditions: the 1-based column inside the condition. */
  column?: number;
}

/** Every failure of relance: an Error with a machine-readable code. Refusals
 *  (`transition_denied`, `note_denied`) carry violations; other errors, problems. */
export declare class RelanceError extends Error {
  name: "RelanceError";
  code: ErrorCode;
  details: Problem[] | Violation[];
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
  apply(lead: Lead, to: Target, ctx?: Context): Change;
  /** The violations of a stored lead (an empty list: valid). */
  validate(lead: unknown, ctx?: Context): Violation[];
  /** Releases the wasm memory of this workflow. */
  free(): void;
  [Symbol.dispose](): void;
}
