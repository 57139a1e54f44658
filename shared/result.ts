import type { ChangeArea } from './events';

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
  /** A long job was stopped at the user's request (or the app closing); what it had done is kept. */
  | 'cancelled'
  | 'internal';

export interface CallError {
  code: ErrorCode;
  /** One sentence for the user, in their language: what is wrong and what to do. */
  message: string;
  issues?: FieldIssue[];
}

/**
 * Every call across a process boundary answers with this envelope, never a thrown error.
 * `changed` names the areas whose data the call changed (also when it failed part-way, as a
 * stopped job does), so the caller's views are refreshed before its promise settles; every other
 * view learns of the same change from the `data.changed` event (shared/events.ts).
 */
export type Result<T> = ({ ok: true; value: T } | { ok: false; error: CallError }) & { changed?: ChangeArea[] };
