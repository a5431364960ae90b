//! TypeScript declarations for every input and result, in one custom section.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
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
}

export interface TransitionDefinition {
  id?: string;
  label?: LocalizedText;
  description?: string;
  from: Selector;
  to: Selector;
  roles?: string[];
  require?: string[];
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
  [section: string]: unknown;
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

/** Every failure of relance. Refusals carry violations; other errors, problems. */
export declare class RelanceError extends Error {
  name: "RelanceError";
  code: ErrorCode;
  details: Problem[] | Violation[];
}
"#;
