// TypeScript declarations shared by both entry points of the npm package
// `relance` (`relance` and `relance/analytics`): the one error class and its codes.

/** The code of a RelanceError (docs/SPEC.md §2). */
export type ErrorCode =
  | "invalid_json" | "invalid_workflow" | "invalid_lead" | "invalid_time" | "invalid_input"
  | "unknown_preset" | "unknown_provider" | "transition_denied" | "note_denied" | "limit_exceeded"
  | "engine_error";

/** The code of one problem in an error's details (finer than the ErrorCode). */
export type ProblemCode =
  | "invalid_json" | "invalid_utf8" | "invalid_type" | "invalid_value" | "missing" | "unknown_key"
  | "duplicate_id" | "reserved_id" | "reserved_key" | "no_initial" | "unknown_status" | "empty_selector"
  | "unknown_calendar" | "invalid_duration" | "invalid_time" | "invalid_date" | "invalid_zone"
  | "empty_interval" | "no_open_time" | "syntax_error" | "unknown_function" | "too_deep" | "too_long"
  | "too_many_moves" | "too_far_ahead" | "has_status" | "invalid_columns" | "invalid_bytes" | "other_workflow"
  | "other_options" | "unknown_preset" | "unknown_provider" | "freed" | "panic" | "unreachable_status"
  | "dead_end" | "rule_never_matches" | "timer_never_active";

/** A problem in an argument: where (a JSON Pointer), what, and why. */
export interface Problem {
  path: string;
  code: ProblemCode;
  message: string;
  /** For conditions: the 1-based column inside the condition. */
  column?: number;
}

export type ViolationCode =
  | "unknown_status" | "terminal_status" | "reserved" | "no_transition"
  | "role_required" | "missing_field" | "condition_failed" | "invalid_field" | "invalid_lead";

/** Why a move or a note is refused, in the requested locale; `params` are the values the message uses. */
export interface Violation {
  code: ViolationCode;
  message: string;
  field?: string;
  params: { [name: string]: unknown };
}

/** Every failure of relance: an Error with a machine-readable code. Refusals
 *  (`transition_denied`, `note_denied`) carry violations; other errors, problems.
 *  One class for both entry points: `instanceof` works across them. */
export declare class RelanceError extends Error {
  name: "RelanceError";
  code: ErrorCode;
  details: Problem[] | Violation[];
}
