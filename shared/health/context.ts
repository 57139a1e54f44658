/**
 * One account's records made ready for the indicators, once: everything after the instant left
 * out, each date parsed to a number, the people rebuilt as they stood then (people.ts, the same
 * rebuild as the map's `peopleAsOf`), each person's last touchpoint indexed by id, and the map's
 * red flags judged once (shared/map/flags.ts).
 */
import { mapFlags, type FlagPerson } from '../map/flags';
import type { MapFlag } from '../map/schemas';
import { peopleTimeline, type PeopleAt } from './people';
import { DAY_MS, dayOf, isCanonical, monthOf, monthOfDay, msOf } from './time';
import type { HealthSettings } from './settings';
import type { HealthInput, HealthPerson } from './types';

export interface RatedTouch {
  ms: number;
  sentiment: number;
}
export interface DatedRequest {
  id: string;
  opened: number;
  /** The day it was closed, or +Infinity while open. */
  closed: number;
  severity: string;
  complaint: boolean;
}
export interface DatedSurvey {
  day: number;
  personId: string | null;
  nps: number | null;
  csat: number | null;
}
export interface MonthlyPurchases {
  currency: string;
  /** Total per month (month number → amount) in that currency, complete months only. */
  totals: Map<number, number>;
  first: number;
}

export interface HealthContext {
  input: HealthInput;
  settings: HealthSettings;
  asOf: string;
  asOfMs: number;
  /** The day of the instant, and the month it falls in (not yet complete: trends stop the month before). */
  today: number;
  month: number;
  /** The people as they stood at `asOf` (binned and not-yet-created ones left out). */
  people: HealthPerson[];
  byId: Map<string, HealthPerson>;
  /** Those who had not left. */
  present: HealthPerson[];
  /** Newest touchpoint (ms) per person, at or before the instant. */
  lastTouch: Map<string, number>;
  rated: RatedTouch[];
  requests: DatedRequest[];
  surveys: DatedSurvey[];
  purchases: MonthlyPurchases | null;
  activeMemberIds: ReadonlySet<string> | undefined;
  memberNames: Map<string, string>;
  flags: MapFlag[];
  nameOf: (personId: string) => string;
  memberName: (memberId: string) => string;
  /** The people as they stood at another instant (ms). */
  peopleAt: PeopleAt;
}

export function prepareHealth(input: HealthInput, settings: HealthSettings): HealthContext {
  const asOfMs = msOf(input.asOf);
  if (Number.isNaN(asOfMs)) throw new RangeError(`asOf is not an instant: ${input.asOf}`);
  const asOfText = new Date(asOfMs).toISOString();
  const today = input.day ? dayOf(input.day) : Math.floor(asOfMs / DAY_MS);
  const month = monthOfDay(today);
  const peopleAt = peopleTimeline(input.people, input.changes ?? []);
  const people = peopleAt(asOfMs);
  const byId = new Map(people.map((p) => [p.id, p]));
  const present = people.filter((p) => p.status !== 'left');

  // Instants in the store's form compare as text; only the few that are kept get parsed.
  const notAfter = (at: string) => (isCanonical(at) ? at <= asOfText : msOf(at) <= asOfMs);
  const newer = (a: string, b: string) => (isCanonical(a) && isCanonical(b) ? a > b : msOf(a) > msOf(b));
  /** The text of each person's newest touchpoint (the map's rule reads instants as text). */
  const lastText = new Map<string, string>();
  const touched = (id: string, at: string) => {
    const seen = lastText.get(id);
    if (seen === undefined || newer(at, seen)) lastText.set(id, at);
  };
  const rated: RatedTouch[] = [];
  for (const touch of input.touchpoints ?? []) {
    if (!notAfter(touch.at)) continue;
    for (const id of touch.theirParticipants) touched(id, touch.at);
    if (typeof touch.sentiment === 'number') rated.push({ ms: msOf(touch.at), sentiment: touch.sentiment });
  }
  for (const person of input.people) {
    if (person.lastTouchpointAt && notAfter(person.lastTouchpointAt)) touched(person.id, person.lastTouchpointAt);
  }
  const lastTouch = new Map<string, number>();
  for (const [id, at] of lastText) lastTouch.set(id, msOf(at));

  const requests: DatedRequest[] = [];
  for (const r of input.requests ?? []) {
    const opened = dayOf(r.openedAt);
    if (!(opened <= today)) continue;
    const closed = r.closedAt ? dayOf(r.closedAt) : Number.POSITIVE_INFINITY;
    requests.push({ id: r.id, opened, closed: Number.isNaN(closed) ? Number.POSITIVE_INFINITY : closed, severity: r.severity, complaint: r.complaint });
  }
  const surveys: DatedSurvey[] = [];
  for (const s of input.surveys ?? []) {
    const day = dayOf(s.answeredOn);
    if (!(day <= today)) continue;
    surveys.push({ day, personId: s.personId ?? null, nps: typeof s.nps === 'number' ? s.nps : null, csat: typeof s.csat === 'number' ? s.csat : null });
  }

  const members = input.members;
  const activeMemberIds = members ? new Set(members.filter((m) => m.active).map((m) => m.id)) : undefined;
  const memberNames = new Map((members ?? []).map((m) => [m.id, m.name]));
  const flagPeople: FlagPerson[] = people.map((p) => ({
    id: p.id,
    roles: p.roles,
    stance: p.stance,
    influence: p.influence,
    ownerIds: p.ownerIds,
    status: p.status,
    successorId: p.successorId,
    lastTouchpointAt: lastText.get(p.id) ?? null,
  }));
  const flags =
    people.length === 0
      ? []
      : mapFlags(flagPeople, {
          at: input.asOf,
          rules: { decisionWindowDays: settings.decider_silent.days, keyInfluence: settings.keyInfluence },
          activeMemberIds,
        });

  return {
    input,
    settings,
    asOf: input.asOf,
    asOfMs,
    today,
    month,
    people,
    byId,
    present,
    lastTouch,
    rated,
    requests,
    surveys,
    purchases: monthlyPurchases(input, month),
    activeMemberIds,
    memberNames,
    flags,
    nameOf: (id) => byId.get(id)?.name ?? id,
    memberName: (id) => memberNames.get(id) ?? id,
    peopleAt,
  };
}

/**
 * Monthly totals in the account's main currency (the one most purchases are in; amounts in
 * different currencies cannot be added up), complete months only: the month of the instant is
 * not over, and later ones have not happened.
 */
function monthlyPurchases(input: HealthInput, current: number): MonthlyPurchases | null {
  const byCurrency = new Map<string, { rows: number; total: number; totals: Map<number, number>; first: number }>();
  for (const p of input.purchases ?? []) {
    const month = monthOf(p.period);
    if (!(month < current) || !(p.amount >= 0)) continue;
    const code = p.currency.toUpperCase();
    let entry = byCurrency.get(code);
    if (!entry) byCurrency.set(code, (entry = { rows: 0, total: 0, totals: new Map(), first: month }));
    entry.rows += 1;
    entry.total += p.amount;
    entry.first = Math.min(entry.first, month);
    entry.totals.set(month, (entry.totals.get(month) ?? 0) + p.amount);
  }
  let best: MonthlyPurchases | null = null;
  let bestRows = -1;
  let bestTotal = -1;
  for (const [currency, entry] of [...byCurrency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (entry.rows > bestRows || (entry.rows === bestRows && entry.total > bestTotal)) {
      best = { currency, totals: entry.totals, first: entry.first };
      bestRows = entry.rows;
      bestTotal = entry.total;
    }
  }
  return best;
}
