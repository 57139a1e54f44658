/**
 * When someone leaves: their accounts, covered people, open follow-ups and alerts (and the
 * account teams, sponsor pairs and initiatives they are part of) go to one or several members,
 * account by account so that an account's records stay with one person, in one transaction. The
 * fields that name a member come from the registry (shared/kinds.ts); touchpoints are history and
 * keep who was there.
 *
 * Also the single-point-of-failure score (key people only one member covers, accounts where one
 * member holds most of the touchpoints) and the handover pack of one account.
 */
import type { z } from 'zod';
import {
  HANDOVER_GROUPS,
  type AccountRisk,
  type HandoverApplyInput,
  type HandoverCounts,
  type HandoverGroup,
  type HandoverInput,
  type HandoverPack,
  type HandoverPreview,
  type HandoverResult,
  type MemberRisk,
  type PackInput,
  type RiskInput,
  type RiskView,
} from '../../shared/handover';
import { kinds, type Kind } from '../../shared/kinds';
import { isKeyPerson } from '../../shared/map/flags';
import { DAY_MS } from '../../shared/sync';
import { accountNames, activeMembers, acquaintances, coverageRows, handoverRows, liveRowsNaming, touchpointCounts, touchpointShares } from '../store/merge';
import { fnv1a64 } from '../../shared/health/hash';
import { findRow } from '../store/records';
import type { Row as SqlRow } from '../store/synced-tables';
import { CallFailure, type ServiceContext } from './context';
import { recordCalls } from './domain';
import { referencesTo } from './merge';
import { getRecord, listRecords, toRecord } from './records';

/** Tables whose member fields are history, not responsibility: they keep the leaver's name. */
const HISTORY: ReadonlySet<string> = new Set(['touchpoints', 'merges', 'distinct_pairs', 'handovers', 'members']);
const OPEN_ALERT: ReadonlySet<string> = new Set(['open', 'acknowledged', 'in_progress']);
const GROUP_OF: Record<string, HandoverGroup> = { accounts: 'accounts', people: 'people', follow_ups: 'followups', alerts: 'alerts' };

interface Site {
  kind: Kind;
  table: string;
  field: string;
  column: string;
  many: boolean;
}

interface Move {
  site: Site;
  row: SqlRow;
  accountId: string;
}

const zero = (): z.infer<typeof HandoverCounts> => ({ accounts: 0, people: 0, followups: 0, alerts: 0, other: 0 });

/** What names the leaver and is theirs to hand on: live, and for follow-ups and alerts still open. */
function movesOf(ctx: ServiceContext, memberId: string): Move[] {
  const moves: Move[] = [];
  for (const site of referencesTo('members') as Site[]) {
    if (HISTORY.has(site.table)) continue;
    for (const row of liveRowsNaming(ctx.store.sqlite, site.table, site.column, site.many, memberId)) {
      if (site.table === 'follow_ups' && row.done === 1) continue;
      if (site.table === 'alerts' && !OPEN_ALERT.has(String(row.state))) continue;
      const accountId = site.table === 'accounts' ? row.id : row.account_id;
      if (typeof accountId !== 'string' || !accountId) continue;
      moves.push({ site, row, accountId });
    }
  }
  return moves;
}

function plan(ctx: ServiceContext, input: z.infer<typeof HandoverInput>): { moves: Move[]; to: Map<string, string>; preview: z.infer<typeof HandoverPreview> } {
  const sqlite = ctx.store.sqlite;
  const leaver = findRow(sqlite, 'members', input.memberId);
  if (!leaver || leaver.deleted_at !== null) throw new CallFailure('not_found');
  const members = new Map(activeMembers(sqlite).map((m) => [m.id, m.name]));
  const takers = [...new Set(input.to)];
  for (const id of [...takers, ...Object.values(input.assign ?? {})]) {
    if (id === input.memberId) throw new CallFailure('validation', {}, 'handover_to_self');
    if (!members.has(id)) throw new CallFailure('validation', { member: id }, 'handover_unknown_member');
  }
  const moves = movesOf(ctx, input.memberId);
  const names = new Map(accountNames(sqlite).map((a) => [a.id, a.name]));
  const accounts = [...new Set(moves.map((m) => m.accountId))].sort(
    (a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b, ctx.locale) || (a < b ? -1 : 1),
  );
  const to = new Map<string, string>();
  accounts.forEach((accountId, i) => to.set(accountId, input.assign?.[accountId] ?? takers[i % takers.length]!));
  const items = accounts.map((accountId) => {
    const counts = zero();
    for (const m of moves) if (m.accountId === accountId) counts[GROUP_OF[m.site.table] ?? 'other']++;
    const taker = to.get(accountId)!;
    return { accountId, accountName: names.get(accountId) ?? accountId, to: taker, toName: members.get(taker) ?? taker, counts };
  });
  const totals = zero();
  for (const item of items) for (const g of HANDOVER_GROUPS) totals[g] += item.counts[g];
  return { moves, to, preview: { memberId: input.memberId, memberName: String(leaver.name), items, totals } };
}

export function previewHandover(ctx: ServiceContext, input: z.infer<typeof HandoverInput>): z.infer<typeof HandoverPreview> {
  return plan(ctx, input).preview;
}

const areaOf = (table: string) => (kinds[table as keyof typeof kinds] as Kind & { area?: string }).area as keyof typeof recordCalls;

/** Writes each move: the leaver's id in the field becomes the account's taker (a list keeps its other ids). */
function moveRows(ctx: ServiceContext, memberId: string, moves: readonly Move[], takerOf: (accountId: string) => string | undefined): number {
  let moved = 0;
  for (const { site, row, accountId } of moves) {
    const taker = takerOf(accountId);
    if (!taker) continue;
    // Read again: an earlier move may have written this row (a person's owners, twice named).
    const current = toRecord(site.kind, findRow(ctx.store.sqlite, site.table, String(row.id))!);
    const value = current[site.field];
    const next = site.many ? [...new Set((value as string[]).map((id) => (id === memberId ? taker : id)))] : value === memberId ? taker : value;
    if (JSON.stringify(next) === JSON.stringify(value)) continue;
    recordCalls[areaOf(site.table)].update(ctx, { id: String(row.id), [site.field]: next });
    moved++;
  }
  return moved;
}

export function applyHandover(ctx: ServiceContext, input: z.infer<typeof HandoverApplyInput>): z.infer<typeof HandoverResult> {
  return ctx.changes.inTransaction(() => {
    const { moves, to } = plan(ctx, input);
    const moved = moveRows(ctx, input.memberId, moves, (accountId) => to.get(accountId));
    if (input.remove) {
      recordCalls.members.delete(ctx, { id: input.memberId });
      // Synced, so that what another laptop gives the leaver meanwhile is handed over too (reconcileHandovers).
      ctx.changes.insert('handovers', {
        member_id: input.memberId,
        to_ids: JSON.stringify([...new Set(input.to)]),
        assign: JSON.stringify(Object.fromEntries(to)),
        by_id: ctx.me,
        at: ctx.now(),
      });
    }
    return { moved, removed: input.remove };
  });
}

const parseJson = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/**
 * After every sync round: what still names a member who left through a handover (an account
 * another laptop created for them offline, a follow-up assigned to them) goes to the takers: the
 * account's recorded taker, else its owner when that is a taker, else one chosen from the account
 * id (every device chooses the same). A leaver brought back from the bin keeps their work.
 */
export function reconcileHandovers(ctx: ServiceContext): number {
  const sqlite = ctx.store.sqlite;
  const active = new Set(activeMembers(sqlite).map((m) => m.id));
  let moved = 0;
  for (const h of handoverRows(sqlite)) {
    const leaver = findRow(sqlite, 'members', h.memberId);
    if (!leaver || leaver.deleted_at === null) continue;
    const moves = movesOf(ctx, h.memberId);
    if (moves.length === 0) continue;
    const assign = parseJson<Record<string, string>>(h.assign, {});
    const takers = parseJson<string[]>(h.toIds, []).filter((id) => active.has(id));
    const takerOf = (accountId: string): string | undefined => {
      if (assign[accountId] && active.has(assign[accountId])) return assign[accountId];
      const owner = findRow(sqlite, 'accounts', accountId)?.owner_id;
      if (typeof owner === 'string' && takers.includes(owner)) return owner;
      return takers.length > 0 ? takers[parseInt(fnv1a64(accountId).slice(0, 8), 16) % takers.length] : undefined;
    };
    ctx.changes.inTransaction(() => {
      moved += moveRows(ctx, h.memberId, moves, takerOf);
    });
  }
  return moved;
}

// ---- Single point of failure ----

const YEAR_MS = 365 * DAY_MS;
/** Touchpoints an account needs before one member's share of them means anything. */
const MIN_TOUCHPOINTS = 3;
/** From this score an account counts as hanging on one member. */
export const RISK_HIGH = 50;

const list = (text: string): string[] => {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

export function singlePointRisk(ctx: ServiceContext, input: z.infer<typeof RiskInput>): z.infer<typeof RiskView> {
  const sqlite = ctx.store.sqlite;
  const accountId = input.accountId ?? null;
  const since = new Date(Date.parse(ctx.now()) - YEAR_MS).toISOString();
  const members = new Map(activeMembers(sqlite).map((m) => [m.id, m.name]));
  const knows = new Map<string, Set<string>>();
  for (const a of acquaintances(sqlite, since, accountId)) {
    if (!members.has(a.memberId)) continue;
    let set = knows.get(a.personId);
    if (!set) knows.set(a.personId, (set = new Set()));
    set.add(a.memberId);
  }
  const byAccount = new Map<string, z.infer<typeof AccountRisk>>();
  const names = new Map(accountNames(sqlite).map((a) => [a.id, a.name]));
  const entry = (id: string) => {
    let e = byAccount.get(id);
    if (!e)
      byAccount.set(
        id,
        (e = { accountId: id, accountName: names.get(id) ?? id, score: 0, keyPeople: 0, soleCovered: [], touchpoints: 0, topMemberId: null, topShare: 0 }),
      );
    return e;
  };
  for (const p of coverageRows(sqlite, accountId)) {
    if (!names.has(p.accountId) || p.status === 'left') continue;
    if (!isKeyPerson({ roles: list(p.roles) as never, influence: p.influence })) continue;
    const e = entry(p.accountId);
    e.keyPeople++;
    const coverers = new Set([...list(p.ownerIds).filter((m) => members.has(m)), ...(knows.get(p.id) ?? [])]);
    if (coverers.size === 1) e.soleCovered.push({ personId: p.id, name: p.name, memberId: [...coverers][0]! });
  }
  const totals = touchpointCounts(sqlite, since, accountId);
  for (const s of touchpointShares(sqlite, since, accountId)) {
    if (!names.has(s.accountId) || !members.has(s.memberId)) continue;
    const e = entry(s.accountId);
    e.touchpoints = totals.get(s.accountId) ?? 0;
    const share = e.touchpoints > 0 ? s.n / e.touchpoints : 0;
    if (share > e.topShare || (share === e.topShare && e.topMemberId !== null && s.memberId < e.topMemberId)) {
      e.topShare = share;
      e.topMemberId = s.memberId;
    }
  }
  const byMember = new Map<string, z.infer<typeof MemberRisk>>();
  for (const e of byAccount.values()) {
    const sole = e.keyPeople > 0 ? e.soleCovered.length / e.keyPeople : 0;
    const concentration = e.touchpoints >= MIN_TOUCHPOINTS ? e.topShare : 0;
    e.score = Math.round(100 * (0.5 * sole + 0.5 * concentration));
    e.topShare = Math.round(e.topShare * 100) / 100;
    const holders = new Set([...e.soleCovered.map((s) => s.memberId), ...(concentration > 0.5 && e.topMemberId ? [e.topMemberId] : [])]);
    for (const memberId of holders) {
      let m = byMember.get(memberId);
      if (!m) byMember.set(memberId, (m = { memberId, name: members.get(memberId) ?? memberId, score: 0, accounts: 0, soleKeyPeople: 0 }));
      m.soleKeyPeople += e.soleCovered.filter((s) => s.memberId === memberId).length;
      if (e.score >= RISK_HIGH) m.accounts++;
      m.score = Math.max(m.score, e.score);
    }
  }
  return {
    accounts: [...byAccount.values()].sort((a, b) => b.score - a.score || a.accountName.localeCompare(b.accountName, ctx.locale)),
    members: [...byMember.values()].sort((a, b) => b.score - a.score || b.accounts - a.accounts || a.name.localeCompare(b.name, ctx.locale)),
  };
}

// ---- The handover pack ----

export function handoverPack(ctx: ServiceContext, input: z.infer<typeof PackInput>): z.infer<typeof HandoverPack> {
  const account = getRecord(ctx, kinds.accounts, input.accountId);
  if (account.deletedAt) throw new CallFailure('not_found');
  const by = [{ column: 'account_id', match: 'equals' as const, value: input.accountId }];
  const since = new Date(Date.parse(ctx.now()) - YEAR_MS).toISOString();
  const members: Record<string, string> = {};
  for (const m of listRecords(ctx, kinds.members, 'all')) members[m.id] = String(m.name);
  const met = new Map<string, { memberId: string; n: number; last: string }[]>();
  for (const a of acquaintances(ctx.store.sqlite, since, input.accountId)) {
    const list = met.get(a.personId) ?? [];
    list.push({ memberId: a.memberId, n: a.n, last: a.last });
    met.set(a.personId, list);
  }
  const people = listRecords(ctx, kinds.people, 'active', by);
  const nameOf = new Map(people.map((p) => [p.id, String(p.name)]));
  const chain = people
    .map((p) => {
      const owners = (p.ownerIds as string[]) ?? [];
      const seen = met.get(p.id) ?? [];
      const ids = [...new Set([...owners, ...seen.map((s) => s.memberId)])];
      const knownBy = ids.map((memberId) => {
        const s = seen.find((x) => x.memberId === memberId);
        return { memberId, name: members[memberId] ?? memberId, touchpoints: s?.n ?? 0, owner: owners.includes(memberId), last: s?.last ?? null };
      });
      knownBy.sort((a, b) => b.touchpoints - a.touchpoints || Number(b.owner) - Number(a.owner) || a.name.localeCompare(b.name, ctx.locale));
      const entry: Record<string, unknown> & { key: boolean; reportsToName: string | null; knownBy: typeof knownBy } = {
        ...p,
        reportsToName: p.reportsToId ? (nameOf.get(String(p.reportsToId)) ?? null) : null,
        key: isKeyPerson({ roles: (p.roles as never) ?? [], influence: Number(p.influence) }),
        knownBy,
      };
      return entry;
    })
    .sort((a, b) => Number(b.key) - Number(a.key) || Number(b.influence) - Number(a.influence) || String(a.name).localeCompare(String(b.name), ctx.locale));
  const risk = singlePointRisk(ctx, { accountId: input.accountId }).accounts[0] ?? null;
  return {
    account,
    ownerName: account.ownerId ? (members[String(account.ownerId)] ?? null) : null,
    levels: listRecords(ctx, kinds.account_levels, 'active', by),
    people: chain,
    touchpoints: listRecords(ctx, kinds.touchpoints, 'active', by).filter((t) => String(t.at) >= since),
    followUps: listRecords(ctx, kinds.follow_ups, 'active', by).filter((f) => !f.done),
    alerts: listRecords(ctx, kinds.alerts, 'active', by).filter((a) => OPEN_ALERT.has(String(a.state))),
    agreements: listRecords(ctx, kinds.agreements, 'active', by),
    members,
    risk,
    asOf: ctx.now(),
  };
}
