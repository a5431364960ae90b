/**
 * Every failure of relance: an Error with a machine-readable `code` and
 * `details` (problems `{path, code, message, column?}`, or, for refusals,
 * the violations `{code, message, field?, params}`).
 */
export class RelanceError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = "RelanceError";
    this.code = code;
    this.details = details;
  }
}
