/**
 * What `map.get` takes and returns (shared/contract.ts names the call): one account's people,
 * influence links, our members, the red flags and the map's colour. The rules that fill these
 * live beside this file: flags.ts (red flags and status), history.ts (the map as of an earlier
 * instant, and the compare), grid.ts (the influence × stance grid).
 */
import { z } from 'zod';
import { IsoDateTime, RecordId, STANCES, type Stance } from '../domain';

export const DEFAULT_DECISION_WINDOW_DAYS = 90;

export const MapInput = z
  .object({
    accountId: RecordId,
    /** The map as everything stood at this instant (end of the chosen day, in the user's zone); absent: now. */
    asOf: IsoDateTime.optional(),
    /** A decider with no touchpoint for longer than this is a red flag. */
    decisionWindowDays: z.number().int().min(1).max(3650).default(DEFAULT_DECISION_WINDOW_DAYS),
  })
  .strict();

/**
 * One person as the map draws them. Codes are plain strings: a record written by a newer app
 * version (through sync) may carry a role or stance this version does not know, and the map must
 * still open; the rules treat an unknown stance as `unknown` and ignore unknown roles.
 */
export const MapPerson = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  reportsToId: z.string().nullable(),
  roles: z.array(z.string()),
  stance: z.string(),
  influence: z.number(),
  strength: z.number(),
  ownerIds: z.array(z.string()),
  status: z.string(),
  successorId: z.string().nullable(),
  /** Their newest touchpoint at or before the map's instant. */
  lastTouchpointAt: z.string().nullable(),
});
export type MapPerson = z.infer<typeof MapPerson>;

export const MapLink = z.object({ id: z.string(), fromId: z.string(), toId: z.string(), strength: z.number(), note: z.string().nullable() });
export type MapLink = z.infer<typeof MapLink>;

export const MapMember = z.object({ id: z.string(), name: z.string(), active: z.boolean() });
export type MapMember = z.infer<typeof MapMember>;

export const FLAG_KINDS = ['role_vacant', 'decider_stance', 'key_uncovered', 'decider_stale', 'single_threaded', 'left_no_successor'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];
export const SEVERITIES = ['red', 'amber'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type MapColour = Severity | 'green';

export const MapFlag = z.object({
  kind: z.enum(FLAG_KINDS),
  severity: z.enum(SEVERITIES),
  /** The person the flag is about (drawn on their node); null for the account-wide flags. */
  personId: z.string().nullable(),
  /** `role_vacant`: the role; `decider_stance`: the role that makes the stance matter. */
  role: z.string().nullable(),
  /** `decider_stance`: their stance. */
  stance: z.string().nullable(),
  /** `single_threaded`: the one member who holds every relationship. */
  memberId: z.string().nullable(),
  /** `decider_stale`: the newest touchpoint (null: never), and the window it missed. */
  lastAt: z.string().nullable(),
  days: z.number().nullable(),
});
export type MapFlag = z.infer<typeof MapFlag>;

/** Catalog parameters: numbers, words, or lists the renderer words (`names`, `roles`). */
export const ReasonParams = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]));
export const MapReason = z.object({ key: z.string(), severity: z.enum(['red', 'amber', 'green']), params: ReasonParams });
export type MapReason = z.infer<typeof MapReason>;
export const MapStatus = z.object({ colour: z.enum(['red', 'amber', 'green']), reasons: z.array(MapReason) });
export type MapStatus = z.infer<typeof MapStatus>;

export const MapView = z.object({
  accountId: z.string(),
  accountName: z.string(),
  /** The instant asked for, or null for now. */
  asOf: z.string().nullable(),
  /** The instant the flags were judged at (asOf, or the time of the call). */
  evaluatedAt: z.string(),
  decisionWindowDays: z.number(),
  people: z.array(MapPerson),
  links: z.array(MapLink),
  /** Every member of our team ever named as an owner (inactive ones no longer cover anyone). */
  members: z.array(MapMember),
  flags: z.array(MapFlag),
  status: MapStatus,
});
export type MapView = z.infer<typeof MapView>;

/**
 * A 1–5 score (influence, relationship strength) as the map draws it: rounded onto the scale.
 * Scores are plain numbers here (see MapPerson), so anything outside the scale is possible.
 */
export const scoreOf = (value: number) => Math.min(5, Math.max(1, Math.round(value) || 1));

/** A stance code this version knows; anything else reads as `unknown` (see MapPerson). */
export function stanceOf(code: string): Stance {
  return (STANCES as readonly string[]).includes(code) ? (code as Stance) : 'unknown';
}
