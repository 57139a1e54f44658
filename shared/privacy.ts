/**
 * Privacy calls (issue 12): a member's personal key and its transfer to their other laptop, and a
 * client person's export and erase (PIPL / GDPR access and erasure requests). The services are in
 * electron/services/privacy.ts; the formats are documented in docs/privacy.md.
 */
import { z } from 'zod';
import { RecordId } from './domain';

/** The personal keys this device holds for the member who uses it (ids only: the keys never leave the core but in a transfer code). */
export const PersonalKeyStatus = z.object({
  memberId: z.string().nullable(),
  /** Key ids, the current one (new notes are sealed with it) first. */
  keyIds: z.array(z.string()),
});

/** A transfer code: the member's personal keys, wrapped (scrypt + AES-256-GCM); a bearer secret until it expires. */
export const PersonalKeyExport = z.object({ code: z.string(), expiresAt: z.string() });

export const PersonalKeyImportInput = z
  .object({
    code: z
      .string()
      .transform((code) => code.replace(/\s+/g, ''))
      .pipe(z.string().min(1).max(4000)),
  })
  .strict();
export const PersonalKeyImportResult = z.object({ keyIds: z.array(z.string()), resealed: z.number().int() });

export const PersonExportInput = z
  .object({
    personId: RecordId,
    /** The caller's own private notes, decrypted (only ever theirs: no one else's key is held). */
    includePrivate: z.boolean().default(false),
  })
  .strict();

const Rows = z.array(z.record(z.string(), z.unknown()));

/** Everything the store holds about one client person, for an access request. */
export const PersonExport = z.object({
  format: z.literal('rapport-person-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  /** The member who asked (the device's "me" or `--as`), if any. */
  exportedBy: z.string().nullable(),
  person: z.record(z.string(), z.unknown()),
  account: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Dated changes of the person's tracked fields (title, roles, stance, …). */
  history: Rows,
  /** The caller's own private notes, when asked for; other members' notes are never in it. */
  notes: Rows,
  /** How many private notes by others exist and were left out (they cannot be read here). */
  notesWithheld: z.number().int(),
  touchpoints: Rows,
  followUps: Rows,
  influenceLinks: Rows,
  /** Other records that name the person (sponsor pairs, initiatives, requests, surveys, alerts, people they report to…), by table. */
  related: z.record(z.string(), Rows),
  /** The names of the people, members and accounts the records above name by id, for a readable page. */
  names: z.record(z.string(), z.string()),
});
export type PersonExport = z.infer<typeof PersonExport>;

export const PersonEraseInput = z.object({ personId: RecordId }).strict();

/** What a client-side tag of an erased person looks like: `#` and four hex digits of a hash of the id. */
export const ERASED_TAG = /#[0-9a-f]{4}$/;
