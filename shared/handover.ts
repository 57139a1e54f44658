/** The contract's shapes for handover, the single-point-of-failure score and the handover pack (electron/services/handover.ts). */
import { z } from 'zod';
import { RecordId } from './domain';

export const HANDOVER_GROUPS = ['accounts', 'people', 'followups', 'alerts', 'other'] as const;
export type HandoverGroup = (typeof HANDOVER_GROUPS)[number];

export const HandoverInput = z
  .object({
    memberId: RecordId,
    /** Who takes over: accounts are shared out among them in turn, unless `assign` names someone. */
    to: z.array(RecordId).min(1).max(20),
    assign: z.record(RecordId, RecordId).optional(),
  })
  .strict();
export const HandoverApplyInput = HandoverInput.extend({ remove: z.boolean().default(true) }).strict();

export const HandoverCounts = z.object({
  accounts: z.number().int(),
  people: z.number().int(),
  followups: z.number().int(),
  alerts: z.number().int(),
  other: z.number().int(),
});
export const HandoverPreview = z.object({
  memberId: z.string(),
  memberName: z.string(),
  items: z.array(z.object({ accountId: z.string(), accountName: z.string(), to: z.string(), toName: z.string(), counts: HandoverCounts })),
  totals: HandoverCounts,
});
export const HandoverResult = z.object({ moved: z.number().int(), removed: z.boolean() });

export const RiskInput = z.object({ accountId: RecordId.optional() }).strict();
export const AccountRisk = z.object({
  accountId: z.string(),
  accountName: z.string(),
  /** 0 (spread) to 100 (one member holds it all). */
  score: z.number().int(),
  keyPeople: z.number().int(),
  /** Key people only one member covers (as owner or from touchpoints in the last 12 months), with that member. */
  soleCovered: z.array(z.object({ personId: z.string(), name: z.string(), memberId: z.string() })),
  touchpoints: z.number().int(),
  /** The member with most of the last 12 months' touchpoints, and their share of them. */
  topMemberId: z.string().nullable(),
  topShare: z.number(),
});
export const MemberRisk = z.object({
  memberId: z.string(),
  name: z.string(),
  score: z.number().int(),
  /** Accounts where this member is the single point (score ≥ 50). */
  accounts: z.number().int(),
  soleKeyPeople: z.number().int(),
});
export const RiskView = z.object({ accounts: z.array(AccountRisk), members: z.array(MemberRisk) });

export const PackInput = z.object({ accountId: RecordId }).strict();
export const PackRecord = z.record(z.string(), z.unknown());
export const HandoverPack = z.object({
  account: PackRecord,
  ownerName: z.string().nullable(),
  levels: z.array(PackRecord),
  people: z.array(
    PackRecord.and(
      z.object({
        reportsToName: z.string().nullable(),
        key: z.boolean(),
        /** Who of ours knows them: owners and the members who met them in the last 12 months. */
        knownBy: z.array(z.object({ memberId: z.string(), name: z.string(), touchpoints: z.number().int(), owner: z.boolean(), last: z.string().nullable() })),
      }),
    ),
  ),
  touchpoints: z.array(PackRecord),
  followUps: z.array(PackRecord),
  alerts: z.array(PackRecord),
  agreements: z.array(PackRecord),
  members: z.record(z.string(), z.string()),
  risk: AccountRisk.nullable(),
  asOf: z.string(),
});

export type HandoverPreview = z.infer<typeof HandoverPreview>;
export type RiskView = z.infer<typeof RiskView>;
export type AccountRisk = z.infer<typeof AccountRisk>;
export type HandoverPack = z.infer<typeof HandoverPack>;
