/** The organisation layer's forms: each validates with the shared record's own field schemas. */
import { z } from 'zod';
import { AccountFields, AccountLevel, AccountTeamMember, Agreement, Initiative, SponsorPair } from '../../../../shared/domain';
import { fromList, fromNumber, fromText, listText, textOf } from '../../../forms/schema';
import { todayIso } from '../../../format';
import type { AccountRecord, RecordIn } from '../../queries';

const A = AccountFields.fields;
export const AccountForm = z.object({
  name: fromText(A.name),
  aliases: fromList(A.aliases),
  industry: fromText(A.industry),
  region: fromText(A.region),
  tier: fromText(A.tier),
  stage: fromText(A.stage),
  level: fromText(A.level),
  parentId: fromText(A.parentId),
  ownerId: fromText(A.ownerId),
  source: fromText(A.source),
  referralAccountId: fromText(A.referralAccountId),
  referralPersonId: fromText(A.referralPersonId),
  shareOfWallet: fromNumber(A.shareOfWallet),
  notes: fromText(A.notes),
});

export function accountFormValues(account: AccountRecord): z.input<typeof AccountForm> {
  return {
    name: account.name,
    aliases: listText(account.aliases),
    industry: textOf(account.industry),
    region: textOf(account.region),
    tier: account.tier,
    stage: account.stage,
    level: account.level,
    parentId: textOf(account.parentId),
    ownerId: textOf(account.ownerId),
    source: textOf(account.source),
    referralAccountId: textOf(account.referralAccountId),
    referralPersonId: textOf(account.referralPersonId),
    shareOfWallet: textOf(account.shareOfWallet),
    notes: textOf(account.notes),
  };
}

const L = AccountLevel.fields;
export const LevelForm = z.object({ level: fromText(L.level), since: fromText(L.since), note: fromText(L.note) });
export const levelDefaults = (level: string): z.input<typeof LevelForm> => ({ level, since: todayIso(), note: '' });

const I = Initiative.fields;
/** An end before the start is a typing slip, not a plan. */
const endNotBeforeStart = (values: { startDate?: string | null; endDate?: string | null }, ctx: z.RefinementCtx) => {
  if (values.startDate && values.endDate && values.endDate < values.startDate)
    ctx.addIssue({ code: 'custom', path: ['endDate'], params: { key: 'org.endBeforeStart' } });
};
export const InitiativeForm = z
  .object({
    kind: fromText(I.kind),
    title: fromText(I.title),
    status: fromText(I.status),
    startDate: fromText(I.startDate),
    endDate: fromText(I.endDate),
    ourParticipants: I.ourParticipants,
    theirParticipants: I.theirParticipants,
    notes: fromText(I.notes),
  })
  .superRefine(endNotBeforeStart);

export function initiativeFormValues(initiative?: RecordIn<'initiatives'>): z.input<typeof InitiativeForm> {
  return {
    kind: initiative?.kind ?? '',
    title: initiative?.title ?? '',
    status: initiative?.status ?? 'planned',
    startDate: textOf(initiative?.startDate),
    endDate: textOf(initiative?.endDate),
    ourParticipants: initiative?.ourParticipants ?? [],
    theirParticipants: initiative?.theirParticipants ?? [],
    notes: textOf(initiative?.notes),
  };
}

const S = SponsorPair.fields;
export const SponsorForm = z.object({ memberId: fromText(S.memberId), personId: fromText(S.personId), note: fromText(S.note) });
export const sponsorDefaults: z.input<typeof SponsorForm> = { memberId: '', personId: '', note: '' };

const G = Agreement.fields;
export const AgreementForm = z.object({
  kind: fromText(G.kind),
  title: fromText(G.title),
  startDate: fromText(G.startDate),
  renewalDate: fromText(G.renewalDate),
  value: fromNumber(G.value),
  currency: fromText(G.currency),
});

export function agreementFormValues(agreement?: RecordIn<'agreements'>): z.input<typeof AgreementForm> {
  return {
    kind: agreement?.kind ?? 'framework',
    title: agreement?.title ?? '',
    startDate: textOf(agreement?.startDate),
    renewalDate: textOf(agreement?.renewalDate),
    value: textOf(agreement?.value),
    currency: textOf(agreement?.currency),
  };
}

const M = AccountTeamMember.fields;
export const TeamForm = z.object({ memberId: fromText(M.memberId), role: fromText(M.role) });
export const teamDefaults: z.input<typeof TeamForm> = { memberId: '', role: '' };
