/**
 * The indicators: each a small pure function of the prepared account (context.ts) and the team's
 * settings, returning what it measured, its status and the reason it explains itself with. The
 * ones about the decision chain read the map's red flags (shared/map/flags.ts): this file adds no
 * rule of its own about roles, coverage or silence.
 */
import { isKeyPerson, mapStatus, REASON_NAMES } from '../map/flags';
import type { FlagKind, MapFlag, MapReason } from '../map/schemas';
import { parseCadence } from './cadence';
import type { HealthContext } from './context';
import { fromMapReason, reason, type Reason, type ReasonCode } from './reasons';
import type { IndicatorCode } from './settings';
import { DAY_MS, dayOf, dayText, monthOfDay, monthText, msOf } from './time';
import type { HealthPerson, IndicatorStatus } from './types';

/** What one indicator found. `evidence` names what it saw when not ok (the rule is added to make the evidence key). */
export interface Measure {
  applicable: boolean;
  status: IndicatorStatus;
  value: number | null;
  threshold: number | null;
  reason: Reason;
  details?: Reason[];
  evidence?: string;
}

export type IndicatorFn = (ctx: HealthContext) => Measure;

const notApplicable = (why: Reason): Measure => ({ applicable: false, status: 'ok', value: null, threshold: null, reason: why });
const round1 = (n: number) => Math.round(n * 10) / 10;
const sortedJoin = (parts: Iterable<string>) => [...parts].sort().join(',');
/** Whether a day lies in the window of `days` days ending `end` days before `today` (0: the latest window). */
const inWindow = (day: number, today: number, days: number, end = 0) => day <= today - end && day > today - end - days;

/** The first few names of a list and how many more there are (as the map words its reasons). */
function named(ids: readonly string[], nameOf: (id: string) => string) {
  return { count: ids.length, names: ids.slice(0, REASON_NAMES).map(nameOf), more: Math.max(0, ids.length - REASON_NAMES) };
}

/** The map's reasons (mapStatus, reds first) for some of its flags. */
function mapReasons(ctx: HealthContext, flags: readonly MapFlag[]): MapReason[] {
  return flags.length === 0 ? [] : mapStatus(flags, ctx.nameOf, ctx.memberName).reasons;
}
const flagsOf = (ctx: HealthContext, ...kinds: FlagKind[]) => ctx.flags.filter((f) => kinds.includes(f.kind));
const statusOfFlags = (flags: readonly MapFlag[]): IndicatorStatus => (flags.some((f) => f.severity === 'red') ? 'alert' : flags.length > 0 ? 'watch' : 'ok');

// ---- Purchases ----

/**
 * Monthly purchases lower than the month before, N months in a row ("采购量连续三个月下降时,
 * 系统自动触发预警"). A month with nothing bought after a fall continues the run (buying nothing is
 * no recovery). The evidence is the run's first N months, so a run that goes on stays one alert.
 */
export function purchasesDown(ctx: HealthContext): Measure {
  const s = ctx.settings.purchases_down;
  const series = ctx.purchases;
  const last = ctx.month - 1;
  if (!series || last - series.first < 1) return notApplicable(reason('purchases_down.no_data', {}));
  // Runs longer than three years change nothing: start there at the latest.
  const first = Math.max(series.first, last - 36);
  // Months without a purchase record are skipped, not read as zero: an account that orders every
  // quarter, or whose history is being typed in month by month, has not stopped buying. (Purchases
  // that stop altogether show in the year-on-year indicator, which counts a month without any as 0.)
  const months: number[] = [];
  for (let m = first; m <= last; m++) if (series.totals.has(m)) months.push(m);
  let run = 0;
  for (let i = 1; i < months.length; i++) {
    const total = series.totals.get(months[i]!)!;
    const previous = series.totals.get(months[i - 1]!)!;
    // Recorded as nothing, after a fall: still falling (buying nothing is the end of a fall, not a flat line).
    run = total < previous || (total === 0 && previous === 0 && run > 0) ? run + 1 : 0;
  }
  const runStart = months[months.length - 1 - run] ?? last;
  const base = series.totals.get(runStart) ?? 0;
  const newest = months.length > 0 ? (series.totals.get(months[months.length - 1]!) ?? 0) : 0;
  const drop = base > 0 ? Math.round(((base - newest) / base) * 100) : 0;
  const counts = drop >= s.minDropPct;
  const status: IndicatorStatus = counts && run >= s.alertMonths ? 'alert' : counts && run >= s.watchMonths ? 'watch' : 'ok';
  const reached = status === 'alert' ? s.alertMonths : s.watchMonths;
  // The evidence is the run's first months (those that reached the level): a run that goes on stays one alert.
  const startIndex = months.length - run;
  const evidenceEnd = months[Math.min(months.length - 1, startIndex + reached - 1)] ?? last;
  return {
    applicable: true,
    status,
    value: run,
    threshold: reached,
    reason:
      run > 0
        ? reason('purchases_down.falling', {
            count: run,
            drop,
            from: monthText(runStart),
            to: monthText(months[months.length - 1]!),
            currency: series.currency,
          })
        : reason('purchases_down.steady', {}),
    evidence: `${monthText(months[startIndex] ?? last)}..${monthText(evidenceEnd)}`,
  };
}

/** The last N complete months against the same months a year earlier. */
export function purchasesYoy(ctx: HealthContext): Measure {
  const s = ctx.settings.purchases_yoy;
  const series = ctx.purchases;
  const to = ctx.month - 1;
  const from = to - s.months + 1;
  if (!series) return notApplicable(reason('purchases_yoy.no_data', {}));
  let now = 0;
  let before = 0;
  for (let m = from; m <= to; m++) {
    now += series.totals.get(m) ?? 0;
    before += series.totals.get(m - 12) ?? 0;
  }
  if (before <= 0) return notApplicable(reason('purchases_yoy.no_data', {}));
  const pct = Math.round(((now - before) / before) * 100);
  const status: IndicatorStatus = pct <= s.alertPct ? 'alert' : pct <= s.watchPct ? 'watch' : 'ok';
  const params = { pct: Math.abs(pct), from: monthText(from), to: monthText(to), currency: series.currency };
  return {
    applicable: true,
    status,
    value: pct,
    threshold: status === 'alert' ? s.alertPct : s.watchPct,
    reason: pct < 0 ? reason('purchases_yoy.down', params) : reason('purchases_yoy.up', params),
    evidence: `${params.from}..${params.to}`,
  };
}

// ---- Service ----

/** Requests opened in the last N days against the N days before; with none before, the rise counts from one. */
export function serviceRequests(ctx: HealthContext): Measure {
  const s = ctx.settings.service_requests;
  if (ctx.requests.length === 0) return notApplicable(reason('service_requests.no_data', {}));
  let recent = 0;
  let previous = 0;
  let newest = -Infinity;
  for (const r of ctx.requests) {
    if (inWindow(r.opened, ctx.today, s.windowDays)) {
      recent += 1;
      newest = Math.max(newest, r.opened);
    } else if (inWindow(r.opened, ctx.today, s.windowDays, s.windowDays)) previous += 1;
  }
  const from = Math.max(previous, 1);
  const pct = Math.round(((recent - from) / from) * 100);
  const counts = recent >= s.minCount;
  const status: IndicatorStatus = counts && pct >= s.alertRisePct ? 'alert' : counts && pct >= s.watchRisePct ? 'watch' : 'ok';
  return {
    applicable: true,
    status,
    value: pct,
    threshold: status === 'alert' ? s.alertRisePct : s.watchRisePct,
    reason:
      status === 'ok'
        ? reason('service_requests.steady', { count: recent, previous, days: s.windowDays })
        : reason('service_requests.rising', { count: recent, previous, pct, days: s.windowDays }),
    evidence: recent > 0 ? monthText(monthOfDay(newest)) : '',
  };
}

/** Complaints in the last N days: more than in the N days before, and at least the threshold. */
export function complaints(ctx: HealthContext): Measure {
  const s = ctx.settings.complaints;
  if (ctx.requests.length === 0) return notApplicable(reason('complaints.no_data', {}));
  let recent = 0;
  let previous = 0;
  let newest = -Infinity;
  for (const r of ctx.requests) {
    if (!r.complaint) continue;
    if (inWindow(r.opened, ctx.today, s.windowDays)) {
      recent += 1;
      newest = Math.max(newest, r.opened);
    } else if (inWindow(r.opened, ctx.today, s.windowDays, s.windowDays)) previous += 1;
  }
  const rising = recent > previous;
  const status: IndicatorStatus = rising && recent >= s.alertCount ? 'alert' : rising && recent >= s.watchCount ? 'watch' : 'ok';
  const params = { count: recent, previous, days: s.windowDays };
  return {
    applicable: true,
    status,
    value: recent,
    threshold: status === 'alert' ? s.alertCount : s.watchCount,
    reason: status === 'ok' ? reason('complaints.steady', params) : reason('complaints.rising', params),
    evidence: recent > 0 ? monthText(monthOfDay(newest)) : '',
  };
}

/** Critical and high requests still open at the instant. */
export function openRequests(ctx: HealthContext): Measure {
  const s = ctx.settings.open_requests;
  if (ctx.requests.length === 0) return notApplicable(reason('open_requests.no_data', {}));
  const critical: string[] = [];
  const high: string[] = [];
  for (const r of ctx.requests) {
    if (r.closed <= ctx.today) continue;
    if (r.severity === 'critical') critical.push(r.id);
    else if (r.severity === 'high') high.push(r.id);
  }
  const alert = critical.length >= s.alertCritical;
  // Critical requests below the alert threshold still weigh as high ones.
  const watch = critical.length + high.length >= s.watchHigh && critical.length + high.length > 0;
  const status: IndicatorStatus = alert ? 'alert' : watch ? 'watch' : 'ok';
  return {
    applicable: true,
    status,
    value: alert ? critical.length : critical.length + high.length,
    threshold: alert ? s.alertCritical : s.watchHigh,
    reason:
      critical.length > 0
        ? reason('open_requests.critical', { count: critical.length, high: high.length })
        : high.length > 0
          ? reason('open_requests.high', { count: high.length })
          : reason('open_requests.none', {}),
    evidence: sortedJoin(alert ? critical : [...critical, ...high]),
  };
}

// ---- Satisfaction ----

/** Each person's latest answer in a window (answers without a person each count), for one score. */
function latestScores(ctx: HealthContext, field: 'nps' | 'csat', days: number, end: number): { scores: number[]; newest: number } {
  const byPerson = new Map<string, { day: number; score: number }>();
  const anonymous: number[] = [];
  let newest = -Infinity;
  for (const s of ctx.surveys) {
    const score = s[field];
    if (score === null || !inWindow(s.day, ctx.today, days, end)) continue;
    newest = Math.max(newest, s.day);
    if (s.personId === null) anonymous.push(score);
    else {
      const seen = byPerson.get(s.personId);
      if (!seen || s.day >= seen.day) byPerson.set(s.personId, { day: s.day, score });
    }
  }
  return { scores: [...anonymous, ...[...byPerson.values()].map((v) => v.score)], newest };
}

/** NPS: % promoters (9–10) − % detractors (0–6). */
export const npsOf = (scores: readonly number[]) =>
  scores.length === 0 ? 0 : Math.round(((scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length) / scores.length) * 100);

/** NPS of the last N days, and its change against the N days before: negative and falling is a detractor trend. */
export function nps(ctx: HealthContext): Measure {
  const s = ctx.settings.nps;
  const now = latestScores(ctx, 'nps', s.windowDays, 0);
  if (now.scores.length < s.minResponses) return notApplicable(reason('nps.no_data', {}));
  const before = latestScores(ctx, 'nps', s.windowDays, s.windowDays);
  const value = npsOf(now.scores);
  const previous = before.scores.length > 0 ? npsOf(before.scores) : null;
  const drop = previous === null ? 0 : previous - value;
  const low = value < s.watchBelow;
  const falling = drop >= s.dropPoints;
  const status: IndicatorStatus = value <= s.alertBelow || (low && falling) ? 'alert' : low || falling ? 'watch' : 'ok';
  const count = now.scores.length;
  const trend = { nps: value, previous: previous ?? value, drop, count };
  return {
    applicable: true,
    status,
    value,
    threshold: status === 'alert' ? s.alertBelow : s.watchBelow,
    reason:
      low && falling
        ? reason('nps.detractor_trend', trend)
        : status !== 'ok' && !low
          ? reason('nps.falling', trend)
          : low
            ? reason('nps.low', { nps: value, count })
            : reason('nps.ok', { nps: value, count }),
    evidence: monthText(monthOfDay(now.newest)),
  };
}

/** Average CSAT (1–5) of the last N days. */
export function csat(ctx: HealthContext): Measure {
  const s = ctx.settings.csat;
  const now = latestScores(ctx, 'csat', s.windowDays, 0);
  if (now.scores.length < s.minResponses) return notApplicable(reason('csat.no_data', {}));
  const average = now.scores.reduce((a, b) => a + b, 0) / now.scores.length;
  const status: IndicatorStatus = average < s.alertBelow ? 'alert' : average < s.watchBelow ? 'watch' : 'ok';
  const params = { csat: round1(average), count: now.scores.length };
  return {
    applicable: true,
    status,
    value: params.csat,
    threshold: status === 'alert' ? s.alertBelow : s.watchBelow,
    reason: status === 'ok' ? reason('csat.ok', params) : reason('csat.low', params),
    evidence: monthText(monthOfDay(now.newest)),
  };
}

// ---- Key people ----

const DECIDING: readonly string[] = ['decider', 'approver'];
/** Stances from most to least favourable; `unknown` is not on the scale (a change to or from it is no change). */
const STANCE_RANK: Readonly<Record<string, number>> = { champion: 4, supporter: 3, neutral: 2, sceptic: 1, opponent: 0 };
const KEY_EVENTS = ['left_no_successor', 'left', 'changed_role', 'stance_worse'] as const;
type KeyEvent = (typeof KEY_EVENTS)[number];

/**
 * Key people (a decider or approver, or high influence: the map's `isKeyPerson`) who, within the
 * last N days, left (with a successor: watch; without one: alert when they decided or approved),
 * changed role or lost their deciding role, or turned less favourable; plus anyone the map flags
 * as having left with no successor, however long ago. Read from the people as they stood at the
 * window's start and at the instant (person_changes).
 */
export function keyPeople(ctx: HealthContext): Measure {
  const s = ctx.settings.key_people;
  if (ctx.people.length === 0) return notApplicable(reason('key_people.no_data', {}));
  const rules = { keyInfluence: ctx.settings.keyInfluence };
  const before = new Map(ctx.peopleAt(ctx.asOfMs - s.windowDays * DAY_MS).map((p) => [p.id, p]));
  const events = new Map<KeyEvent, string[]>(KEY_EVENTS.map((k) => [k, []]));
  let alert = false;
  const seen = new Set<string>();
  for (const now of ctx.people) {
    const then = before.get(now.id);
    if (!then || then.status === 'left' || !isKeyPerson(then, rules)) continue;
    const deciding = then.roles.filter((role) => DECIDING.includes(role));
    if (now.status === 'left') {
      const succeeded = now.successorId !== null && ctx.byId.has(now.successorId);
      events.get(succeeded ? 'left' : 'left_no_successor')!.push(now.id);
      if (!succeeded && deciding.length > 0) alert = true;
      seen.add(now.id);
      continue;
    }
    if ((now.status === 'changed_role' && then.status !== 'changed_role') || deciding.some((role) => !now.roles.includes(role))) {
      events.get('changed_role')!.push(now.id);
    }
    const from = STANCE_RANK[then.stance];
    const to = STANCE_RANK[now.stance];
    if (from !== undefined && to !== undefined && to < from) events.get('stance_worse')!.push(now.id);
  }
  // The map's rule for anyone who left earlier and whom nobody succeeds.
  for (const flag of flagsOf(ctx, 'left_no_successor')) {
    if (!flag.personId || seen.has(flag.personId)) continue;
    events.get('left_no_successor')!.push(flag.personId);
    if (flag.severity === 'red') alert = true;
  }
  const details: Reason[] = [];
  const evidence: string[] = [];
  let total = 0;
  for (const kind of KEY_EVENTS) {
    const ids = events.get(kind)!;
    if (ids.length === 0) continue;
    total += ids.length;
    ids.sort();
    for (const id of ids) evidence.push(`${kind}:${id}`);
    const who = named(ids, ctx.nameOf);
    details.push(kind === 'left_no_successor' ? reason(`key_people.${kind}`, who) : reason(`key_people.${kind}`, { ...who, days: s.windowDays }));
  }
  const status: IndicatorStatus = alert ? 'alert' : total > 0 ? 'watch' : 'ok';
  return {
    applicable: true,
    status,
    value: total,
    threshold: 1,
    reason: details[0] ?? reason('key_people.stable', { days: s.windowDays }),
    details,
    evidence: evidence.join(','),
  };
}

/**
 * People whose contact cadence ('每月', 'every 2 weeks') is overdue: more than `tolerance` times
 * the cadence since their last touchpoint (or since they were added, if never met).
 */
export function cadence(ctx: HealthContext): Measure {
  const s = ctx.settings.cadence;
  const late: { person: HealthPerson; days: number; every: number; ratio: number; last: number | undefined }[] = [];
  let withCadence = 0;
  for (const person of ctx.present) {
    const every = parseCadence(person.cadence);
    if (every === null) continue;
    withCadence += 1;
    const last = ctx.lastTouch.get(person.id);
    const since = last ?? msOf(person.createdAt);
    const days = Number.isNaN(since) ? Infinity : (ctx.asOfMs - since) / DAY_MS;
    if (days > every * s.tolerance) late.push({ person, days, every, ratio: days / every, last });
  }
  if (withCadence === 0) return notApplicable(reason('cadence.no_data', {}));
  late.sort((a, b) => b.ratio - a.ratio || (a.person.id < b.person.id ? -1 : 1));
  const status: IndicatorStatus = s.alertCount !== null && late.length >= s.alertCount ? 'alert' : late.length >= s.watchCount ? 'watch' : 'ok';
  const worst = late[0];
  return {
    applicable: true,
    status,
    value: late.length,
    threshold: status === 'alert' ? s.alertCount : s.watchCount,
    reason: worst
      ? reason('cadence.breached', {
          ...named(
            late.map((l) => l.person.id),
            ctx.nameOf,
          ),
          name: worst.person.name,
          days: Number.isFinite(worst.days) ? Math.floor(worst.days) : 0,
          cadence: Math.round(worst.every),
        })
      : reason('cadence.ok', { count: withCadence }),
    evidence: sortedJoin(late.map((l) => `${l.person.id}@${l.last === undefined ? 'never' : dayText(Math.floor(l.last / DAY_MS))}`)),
  };
}

// ---- The map's red flags ----

/** A decider with no touchpoint within the window: the map's `decider_stale` flag. */
export function deciderSilent(ctx: HealthContext): Measure {
  const days = ctx.settings.decider_silent.days;
  if (!ctx.present.some((p) => p.roles.includes('decider'))) return notApplicable(reason('decider_silent.no_data', {}));
  const flags = flagsOf(ctx, 'decider_stale');
  const reasons = mapReasons(ctx, flags);
  return {
    applicable: true,
    status: statusOfFlags(flags),
    value: flags.length,
    threshold: days,
    reason: reasons[0] ? fromMapReason('decider_silent.silent', reasons[0]) : reason('decider_silent.ok', { days }),
    evidence: sortedJoin(flags.map((f) => `${f.personId}@${f.lastAt ? f.lastAt.slice(0, 10) : 'never'}`)),
  };
}

const COVERAGE: Record<string, ReasonCode> = { red: 'coverage.decider_uncovered', amber: 'coverage.key_uncovered' };

/** Key people nobody of ours covers (the map's `key_uncovered`: a decider is red). An account with nobody recorded is a gap too, unless a prospect. */
export function coverage(ctx: HealthContext): Measure {
  if (ctx.present.length === 0) {
    return ctx.input.account.stage === 'prospect'
      ? notApplicable(reason('coverage.no_people', {}))
      : { applicable: true, status: 'watch', value: 0, threshold: 1, reason: reason('coverage.no_people', {}), evidence: 'no_people' };
  }
  const flags = flagsOf(ctx, 'key_uncovered');
  const reasons = mapReasons(ctx, flags).map((r) => fromMapReason(COVERAGE[r.severity]!, r));
  return {
    applicable: true,
    status: statusOfFlags(flags),
    value: flags.length,
    threshold: 1,
    reason: reasons[0] ?? reason('coverage.ok', {}),
    details: reasons,
    evidence: sortedJoin(flags.map((f) => f.personId ?? '')),
  };
}

/** Only one of our members holds every relationship here (the map's `single_threaded`). */
export function singleThreaded(ctx: HealthContext): Measure {
  const holders = new Set<string>();
  for (const person of ctx.present) {
    for (const id of person.ownerIds) if (!ctx.activeMemberIds || ctx.activeMemberIds.has(id)) holders.add(id);
  }
  if (holders.size === 0) return notApplicable(reason('single_threaded.no_data', {}));
  const flags = flagsOf(ctx, 'single_threaded');
  const reasons = mapReasons(ctx, flags);
  return {
    applicable: true,
    status: statusOfFlags(flags),
    value: holders.size,
    threshold: 2,
    reason: reasons[0] ? fromMapReason('single_threaded.single', reasons[0]) : reason('single_threaded.ok', { count: holders.size }),
    evidence: flags[0]?.memberId ?? '',
  };
}

/** The map's remaining flags: a buying role nobody holds, a decider or approver who is against us or unknown. */
export function mapFlagsIndicator(ctx: HealthContext): Measure {
  if (ctx.present.length === 0) return notApplicable(reason('map_flags.no_data', {}));
  const all = flagsOf(ctx, 'role_vacant', 'decider_stance');
  const flags = ctx.settings.map_flags.amber === 'ok' ? all.filter((f) => f.severity === 'red') : all;
  const reasons = mapReasons(ctx, flags).map((r) => {
    const [, , kind, severity] = r.key.split('.');
    return fromMapReason(`map_flags.${kind}.${severity}` as ReasonCode, r);
  });
  return {
    applicable: true,
    status: statusOfFlags(flags),
    value: flags.length,
    threshold: 1,
    reason: reasons[0] ?? reason('map_flags.none', {}),
    details: reasons,
    evidence: sortedJoin(flags.map((f) => `${f.kind}:${f.severity}:${f.personId ?? f.role ?? ''}`)),
  };
}

// ---- Agreements and touchpoints ----

/** An agreement whose renewal date falls within the next N days (dates already past are left alone: renewed or lapsed, the record does not say). */
export function renewal(ctx: HealthContext): Measure {
  const s = ctx.settings.renewal;
  const dated = (ctx.input.agreements ?? []).filter((a) => a.renewalDate);
  if (dated.length === 0) return notApplicable(reason('renewal.no_data', {}));
  let soonest: { id: string; title: string; date: string; days: number } | null = null;
  for (const a of dated) {
    const days = dayOf(a.renewalDate!) - ctx.today;
    if (!(days >= 0 && days <= s.watchDays)) continue;
    if (!soonest || days < soonest.days || (days === soonest.days && a.id < soonest.id)) {
      soonest = { id: a.id, title: a.title ?? '', date: a.renewalDate!, days };
    }
  }
  if (!soonest) return { applicable: true, status: 'ok', value: null, threshold: s.watchDays, reason: reason('renewal.ok', { days: s.watchDays }) };
  const alert = s.alertDays !== null && soonest.days <= s.alertDays;
  return {
    applicable: true,
    status: alert ? 'alert' : 'watch',
    value: soonest.days,
    threshold: alert ? s.alertDays : s.watchDays,
    reason: reason('renewal.approaching', { count: soonest.days, title: soonest.title, date: soonest.date }),
    evidence: `${soonest.id}:${soonest.date}`,
  };
}

/** Average touchpoint sentiment (−2…2) of the last N days and its change: negative and falling is deteriorating. */
export function sentiment(ctx: HealthContext): Measure {
  const s = ctx.settings.sentiment;
  const span = s.windowDays * DAY_MS;
  let sum = 0;
  let count = 0;
  let sumBefore = 0;
  let countBefore = 0;
  let newest = -Infinity;
  for (const t of ctx.rated) {
    if (t.ms > ctx.asOfMs - span) {
      sum += t.sentiment;
      count += 1;
      newest = Math.max(newest, t.ms);
    } else if (t.ms > ctx.asOfMs - 2 * span) {
      sumBefore += t.sentiment;
      countBefore += 1;
    }
  }
  if (count < s.minCount) return notApplicable(reason('sentiment.no_data', { count, min: s.minCount }));
  const avg = sum / count;
  const previous = countBefore >= s.minCount ? sumBefore / countBefore : null;
  const drop = previous === null ? 0 : previous - avg;
  const low = avg < s.watchBelow;
  const falling = drop >= s.dropPoints;
  const status: IndicatorStatus = avg <= s.alertBelow || (low && falling) ? 'alert' : low || falling ? 'watch' : 'ok';
  const base = { avg: round1(avg), count, days: s.windowDays };
  const trend = { ...base, previous: round1(previous ?? avg), drop: round1(drop) };
  return {
    applicable: true,
    status,
    value: base.avg,
    threshold: status === 'alert' ? s.alertBelow : s.watchBelow,
    reason:
      low && falling
        ? reason('sentiment.deteriorating', trend)
        : low
          ? reason('sentiment.negative', base)
          : falling
            ? reason('sentiment.falling', trend)
            : reason('sentiment.ok', base),
    evidence: monthText(monthOfDay(Math.floor(newest / DAY_MS))),
  };
}

/** Every indicator by its code, in the dashboard's order. */
export const INDICATORS: Record<IndicatorCode, IndicatorFn> = {
  purchases_down: purchasesDown,
  purchases_yoy: purchasesYoy,
  service_requests: serviceRequests,
  complaints,
  open_requests: openRequests,
  nps,
  csat,
  key_people: keyPeople,
  cadence,
  decider_silent: deciderSilent,
  coverage,
  single_threaded: singleThreaded,
  renewal,
  sentiment,
  map_flags: mapFlagsIndicator,
};
