/** A problem with one field of a call's input, already worded in the caller's language. */
export interface FieldIssue {
  /** Dotted path into the input, e.g. `name` or `aliases.2`; empty for the whole input. */
  path: string;
  message: string;
}

export type ErrorCode =
  | 'validation'
  | 'not_found'
  | 'unknown_method'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  /** The share folder (or another resource) cannot be reached now; work goes on locally. */
  | 'unavailable'
  | 'internal';

export interface CallError {
  code: ErrorCode;
  /** One sentence for the user, in their language: what is wrong and what to do. */
  message: string;
  issues?: FieldIssue[];
}

/** Every call across a process boundary answers with this envelope, never a thrown error. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: CallError };
