/** The contract's shapes for duplicates and merge (shared/contract.ts: duplicates.*, merge.*). */
import { z } from 'zod';
import { RecordId } from '../domain';
import { REASONS } from './pairs';

const Kind = z.enum(['accounts', 'people']);
const Reason = z.enum(REASONS);

export const DuplicateCheckInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accounts'), name: z.string().trim().min(1).max(200), excludeId: RecordId.optional() }).strict(),
  z
    .object({
      kind: z.literal('people'),
      accountId: RecordId,
      name: z.string().trim().min(1).max(100),
      phone: z.string().max(50).nullish(),
      email: z.string().max(200).nullish(),
      excludeId: RecordId.optional(),
    })
    .strict(),
]);

const Named = z.object({ id: z.string(), name: z.string(), accountId: z.string().nullable(), accountName: z.string().nullable() });
export const DuplicateMatch = Named.extend({ score: z.number(), reasons: z.array(Reason) });
export type DuplicateMatch = z.infer<typeof DuplicateMatch>;
export const DuplicateListInput = z.object({ kind: Kind, limit: z.number().int().min(1).max(1000).default(200) }).strict();
export const DuplicatePair = z.object({ kind: Kind, a: Named, b: Named, score: z.number(), reasons: z.array(Reason) });
export type DuplicatePair = z.infer<typeof DuplicatePair>;
export const DuplicateList = z.object({ pairs: z.array(DuplicatePair), total: z.number().int() });
export const DuplicateDismissInput = z.object({ kind: Kind, aId: RecordId, bId: RecordId }).strict();

export const MERGE_KINDS = ['accounts', 'people'] as const;
export type MergeKind = (typeof MERGE_KINDS)[number];

export const MergeInput = z.object({ kind: z.enum(MERGE_KINDS), fromId: RecordId, intoId: RecordId }).strict();
export const MergeApplyInput = MergeInput.extend({
  /** The fields whose value comes from the merged-away record (the others keep the survivor's). */
  take: z.array(z.string().min(1).max(64)).max(64).default([]),
}).strict();

export const MergePreview = z.object({
  kind: z.enum(MERGE_KINDS),
  from: z.record(z.string(), z.unknown()),
  into: z.record(z.string(), z.unknown()),
  /** The fields whose values differ, for the user to choose. */
  fields: z.array(z.object({ field: z.string(), from: z.unknown(), into: z.unknown() })),
  /** How many records of each table name the merged-away record and will name the survivor. */
  moves: z.array(z.object({ table: z.string(), count: z.number().int() })),
});
export type MergePreview = z.infer<typeof MergePreview>;
export const MergeResult = z.object({ mergeId: z.string(), intoId: z.string(), moved: z.number().int() });
/** What reconciling after a sync round did: references re-pointed, edits carried, duplicates put back in the bin, a leaver's late work handed over. */
export const ReconcileResult = z.object({ repointed: z.number().int(), carried: z.number().int(), rebinned: z.number().int(), handedOver: z.number().int() });
