/**
 * The health model (shared/health/) with plain inputs: each indicator table by table, the colour
 * rules, health as of an earlier instant from the same data, settings moving thresholds, alert ids
 * every device derives alike, cadence text in Chinese and English, and every reason worded in both
 * catalogs with the parameters it is given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUYING_ROLES } from '../../shared/domain';
import {
  accountHealth,
  alertIdOf,
  alertsToRaise,
  DEFAULT_HEALTH_SETTINGS,
  evidenceKeyOf,
  fnv1a64,
  HealthSettings,
  healthSettingsOf,
  INDICATOR_CODES,
  INDICATORS,
  npsOf,
  parseCadence,
  prepareHealth,
  REASON_PARAMS,
  REASON_PREFIX,
  routineReviewDue,
  type AccountHealth,
  type HealthInput,
  type HealthPerson,
  type HealthPersonChange,
  type HealthSettingsInput,
  type IndicatorCode,
  type Measure,
  type Reason,
} from '../../shared/health';
import { HEALTH_FIELDS, parseValue, peopleTimeline } from '../../shared/health/people';
import { isCanonical, monthOf, msOf } from '../../shared/health/time';
import { translator } from '../../shared/i18n';
import { peopleAsOf, TRACKED_FIELDS, type DatedPerson } from '../../shared/map/history';
import { en } from '../../shared/i18n/en';
import { zhCN } from '../../shared/i18n/zh-CN';

// ---- Fixtures ----

/** A Thursday; the month of December is not over, so purchase trends end with November. */
const AS_OF = '2026-12-10T09:00:00.000Z';
const DAY = 86_400_000;
const daysAgo = (days: number, from = AS_OF) => new Date(Date.parse(from) - days * DAY).toISOString();
const dayAgo = (days: number) => daysAgo(days).slice(0, 10);
const CREATED = '2025-01-01T00:00:00.000Z';

function person(id: string, fields: Partial<HealthPerson> = {}): HealthPerson {
  return {
    id,
    name: id.toUpperCase(),
    roles: [],
    stance: 'neutral',
    influence: 2,
    ownerIds: ['m1'],
    status: 'active',
    successorId: null,
    cadence: null,
    createdAt: CREATED,
    deletedAt: null,
    ...fields,
  };
}

/** One person per buying role, deciders champions, covered by two members: no map flags. */
function healthyChain(): HealthPerson[] {
  return BUYING_ROLES.map((role, i) =>
    person(role, { roles: [role], stance: role === 'decider' || role === 'approver' ? 'champion' : 'neutral', ownerIds: [i % 2 ? 'm1' : 'm2'] }),
  );
}
/** A touchpoint with everyone of the chain five days ago. */
const metEveryone = (people: readonly HealthPerson[]) => [
  { at: daysAgo(5), theirParticipants: people.map((p) => p.id), ourParticipants: ['m1'], sentiment: null },
];

function input(fields: Partial<HealthInput> = {}): HealthInput {
  const people = fields.people ?? healthyChain();
  return {
    asOf: AS_OF,
    account: { id: 'acc-1', tier: 'key', stage: 'maturity', createdAt: CREATED },
    people,
    touchpoints: metEveryone(people),
    ...fields,
  };
}

/** Monthly purchases from `start` (`YYYY-MM`), one amount a month. */
function monthly(start: string, amounts: readonly number[], currency = 'CNY') {
  const [y, m] = start.split('-').map(Number) as [number, number];
  return amounts.map((amount, i) => {
    const month = y * 12 + (m - 1) + i;
    return { period: `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`, amount, currency };
  });
}

/** Every reason any test produced: the catalog test checks each one's parameters. */
const produced: Reason[] = [];
function remember(reasons: readonly Reason[]) {
  produced.push(...reasons);
}

function settingsWith(partial: HealthSettingsInput): HealthSettings {
  return HealthSettings.parse(partial);
}

/** One indicator over an input, as the model runs it. */
function measure(code: IndicatorCode, data: Partial<HealthInput>, settings: HealthSettings = DEFAULT_HEALTH_SETTINGS): Measure {
  const m = INDICATORS[code](prepareHealth(input(data), settings));
  remember([m.reason, ...(m.details ?? [])]);
  return m;
}

function health(data: Partial<HealthInput>, settings: HealthSettings = DEFAULT_HEALTH_SETTINGS): AccountHealth {
  const h = accountHealth(input(data), settings);
  remember([h.topReason, ...h.indicators.flatMap((i) => [i.reason, ...i.details])]);
  return h;
}
const indicatorOf = (h: AccountHealth, code: IndicatorCode) => h.indicators.find((i) => i.code === code)!;
const short = (key: string) => key.slice(REASON_PREFIX.length);

/** A history row as person_changes stores it (value as JSON text). */
const change = (personId: string, at: string, field: string, value: unknown): HealthPersonChange => ({ personId, at, field, value: JSON.stringify(value) });

// ---- Indicators ----

describe('purchases_down: monthly purchases falling N months in a row', () => {
  it.each([
    { name: 'three falls: alert', amounts: [100, 90, 80, 70], status: 'alert', value: 3, drop: 30, evidence: 'purchases_down:2026-09..2026-11' },
    { name: 'two falls: watch', amounts: [100, 100, 90, 80], status: 'watch', value: 2, drop: 20, evidence: 'purchases_down:2026-10..2026-11' },
    {
      name: 'a run that goes on keeps its first months',
      amounts: [100, 90, 80, 70, 60],
      status: 'alert',
      value: 4,
      drop: 40,
      evidence: 'purchases_down:2026-08..2026-10',
    },
    { name: 'a rise ends the run', amounts: [100, 90, 80, 85], status: 'ok', value: 0, drop: 0, evidence: null },
    { name: 'falls below the minimum drop do not count', amounts: [1000, 999, 998, 997], status: 'ok', value: 3, drop: 0, evidence: null },
    {
      name: 'buying nothing to the end continues a fall',
      amounts: [100, 40, 0, 0],
      status: 'alert',
      value: 3,
      drop: 100,
      evidence: 'purchases_down:2026-09..2026-11',
    },
    { name: 'flat is no fall', amounts: [50, 50, 50, 50], status: 'ok', value: 0, drop: 0, evidence: null },
  ])('$name', ({ amounts, status, value, drop, evidence }) => {
    const purchases = monthly(`2026-${String(12 - amounts.length).padStart(2, '0')}`, amounts);
    const h = health({ purchases });
    const i = indicatorOf(h, 'purchases_down');
    expect(i.status).toBe(status);
    expect(i.value).toBe(value);
    expect(i.evidenceKey).toBe(evidence);
    if (value > 0) {
      expect(i.reason).toEqual({
        key: 'health.reasons.purchases_down.falling',
        params: { count: value, drop, from: purchases.at(-1 - value)!.period, to: '2026-11', currency: 'CNY' },
      });
    } else expect(i.reason.key).toBe('health.reasons.purchases_down.steady');
  });

  it('ignores the month not over yet and every later one', () => {
    const purchases = [
      ...monthly('2026-08', [100, 90, 80, 70]),
      { period: '2026-12', amount: 500, currency: 'CNY' },
      { period: '2027-01', amount: 1, currency: 'CNY' },
    ];
    expect(measure('purchases_down', { purchases })).toMatchObject({ status: 'alert', value: 3 });
  });

  it('follows the currency most purchases are in; other currencies do not add up with it', () => {
    const purchases = [...monthly('2026-08', [100, 90, 80, 70]), ...monthly('2026-10', [1, 1_000_000], 'USD')];
    const m = measure('purchases_down', { purchases });
    expect(m).toMatchObject({ status: 'alert', value: 3 });
    expect(m.reason.params.currency).toBe('CNY');
  });

  it.each([
    { name: 'no purchases', purchases: [] },
    { name: 'one month only', purchases: monthly('2026-11', [100]) },
  ])('is not applicable with $name', ({ purchases }) => {
    expect(measure('purchases_down', { purchases })).toMatchObject({
      applicable: false,
      status: 'ok',
      reason: { key: 'health.reasons.purchases_down.no_data' },
    });
  });
});

describe('purchases_yoy: the last three months against the same months last year', () => {
  const lastYear = monthly('2025-09', [100, 100, 100]);
  it.each([
    { now: 70, status: 'alert', value: -30, key: 'down', pct: 30, threshold: -25 },
    { now: 85, status: 'watch', value: -15, key: 'down', pct: 15, threshold: -10 },
    { now: 95, status: 'ok', value: -5, key: 'down', pct: 5, threshold: -10 },
    { now: 120, status: 'ok', value: 20, key: 'up', pct: 20, threshold: -10 },
  ])('$now a month against 100: $status', ({ now, status, value, key, pct, threshold }) => {
    const m = measure('purchases_yoy', { purchases: [...lastYear, ...monthly('2026-09', [now, now, now])] });
    expect(m).toMatchObject({ applicable: true, status, value, threshold, evidence: '2026-09..2026-11' });
    expect(m.reason).toEqual({ key: `health.reasons.purchases_yoy.${key}`, params: { pct, from: '2026-09', to: '2026-11', currency: 'CNY' } });
  });

  it('is not applicable without purchases in the same months last year', () => {
    expect(measure('purchases_yoy', { purchases: monthly('2026-06', [100, 100, 100, 100, 100, 100]) }).applicable).toBe(false);
  });
});

/** Requests opened `days` days ago. */
const requestsAt = (days: readonly number[], fields: { complaint?: boolean; severity?: string } = {}) =>
  days.map((d, i) => ({
    id: `r${d}-${i}-${fields.complaint ? 'c' : ''}`,
    openedAt: dayAgo(d),
    closedAt: dayAgo(Math.max(0, d - 1)),
    severity: fields.severity ?? 'medium',
    complaint: fields.complaint ?? false,
  }));

describe('service_requests: the last 90 days against the 90 before', () => {
  it.each([
    { name: 'doubled: alert', recent: [5, 20, 40, 80], previous: [100, 150], status: 'alert', value: 100 },
    { name: 'up half: watch', recent: [5, 20, 40], previous: [100, 150], status: 'watch', value: 50 },
    { name: 'three from none: alert (counts from one)', recent: [5, 20, 40], previous: [], status: 'alert', value: 200 },
    { name: 'two from none: below the minimum count', recent: [5, 20], previous: [], status: 'ok', value: 100 },
    { name: 'fewer than before', recent: [5, 20, 40], previous: [100, 110, 120, 130], status: 'ok', value: -25 },
  ])('$name', ({ recent, previous, status, value }) => {
    const m = measure('service_requests', { requests: requestsAt([...recent, ...previous, -3]) });
    expect(m).toMatchObject({ applicable: true, status, value });
    expect(m.reason.params).toMatchObject({ count: recent.length, previous: previous.length, days: 90 });
  });

  it('is not applicable when no request was ever recorded', () => {
    expect(measure('service_requests', { requests: requestsAt([-5]) }).applicable).toBe(false);
  });
});

describe('complaints: rising against the 90 days before', () => {
  it.each([
    { recent: [3, 30], previous: [], status: 'alert', key: 'rising' },
    { recent: [3], previous: [], status: 'watch', key: 'rising' },
    { recent: [3], previous: [120], status: 'ok', key: 'steady' },
    { recent: [3, 30, 60], previous: [100, 110, 120], status: 'ok', key: 'steady' },
    { recent: [], previous: [100], status: 'ok', key: 'steady' },
  ])('$recent.length recent, $previous.length before: $status', ({ recent, previous, status, key }) => {
    const requests = [...requestsAt([...recent, ...previous], { complaint: true }), ...requestsAt([1, 2, 3])];
    const m = measure('complaints', { requests });
    expect(m).toMatchObject({ status, value: recent.length });
    expect(m.reason).toEqual({ key: `health.reasons.complaints.${key}`, params: { count: recent.length, previous: previous.length, days: 90 } });
  });
});

describe('open_requests: critical and high requests still open', () => {
  const open = (id: string, severity: string, closedAt: string | null = null) => ({ id, openedAt: dayAgo(20), closedAt, severity, complaint: false });
  it.each([
    { name: 'a critical one open: alert', requests: [open('c1', 'critical'), open('h1', 'high')], status: 'alert', key: 'critical', evidence: 'c1' },
    { name: 'closed after the instant: still open then', requests: [open('c1', 'critical', '2026-12-20')], status: 'alert', key: 'critical', evidence: 'c1' },
    { name: 'closed before: none', requests: [open('c1', 'critical', dayAgo(3))], status: 'ok', key: 'none', evidence: '' },
    {
      name: 'a high one open: watch',
      requests: [open('h2', 'high'), open('h1', 'high'), open('m1', 'medium')],
      status: 'watch',
      key: 'high',
      evidence: 'h1,h2',
    },
    { name: 'medium and low do not count', requests: [open('m1', 'medium'), open('l1', 'low')], status: 'ok', key: 'none', evidence: '' },
  ])('$name', ({ requests, status, key, evidence }) => {
    const m = measure('open_requests', { requests });
    expect(m.status).toBe(status);
    expect(m.reason.key).toBe(`health.reasons.open_requests.${key}`);
    expect(m.evidence).toBe(evidence);
  });
});

describe('nps: level and trend', () => {
  const answers = (scores: readonly number[], days: number) => scores.map((nps, i) => ({ personId: `p${days}-${i}`, answeredOn: dayAgo(days), nps }));
  it.each([
    { name: 'promoters', now: [10, 9], before: [], status: 'ok', value: 100, key: 'ok' },
    { name: 'one detractor: alert by level', now: [5], before: [], status: 'alert', value: -100, key: 'low' },
    { name: 'slightly negative: watch', now: [9, 6, 6, 7, 8], before: [], status: 'watch', value: -20, key: 'low' },
    { name: 'falling but positive: watch', now: [9, 7, 8], before: [10, 10], status: 'watch', value: 33, key: 'falling' },
    { name: 'negative and falling: the detractor trend, alert', now: [9, 6, 6, 8, 8], before: [9, 9, 8], status: 'alert', value: -20, key: 'detractor_trend' },
    { name: 'stable', now: [9, 9, 7], before: [9, 9, 7], status: 'ok', value: 67, key: 'ok' },
  ])('$name', ({ now, before, status, value, key }) => {
    const m = measure('nps', { surveys: [...answers(now, 30), ...answers(before, 250)] });
    expect(m).toMatchObject({ applicable: true, status, value, reason: { key: `health.reasons.nps.${key}` } });
    expect(m.reason.params.count).toBe(now.length);
  });

  it('counts each person’s latest answer only, and no answer after the instant', () => {
    const surveys = [
      { personId: 'p1', answeredOn: dayAgo(60), nps: 2 },
      { personId: 'p1', answeredOn: dayAgo(10), nps: 10 },
      { personId: 'p2', answeredOn: dayAgo(-5), nps: 0 },
    ];
    expect(measure('nps', { surveys })).toMatchObject({ status: 'ok', value: 100, reason: { params: { nps: 100, count: 1 } } });
  });

  it('npsOf: promoters minus detractors, in %', () => {
    expect([npsOf([]), npsOf([10, 9, 8, 7]), npsOf([10, 0]), npsOf([6, 6, 9])]).toEqual([0, 50, 0, -33]);
  });
});

describe('csat: average of the last 180 days', () => {
  it.each([
    { scores: [5, 4], status: 'ok', value: 4.5 },
    { scores: [3, 4], status: 'ok', value: 3.5 },
    { scores: [3, 3], status: 'watch', value: 3 },
    { scores: [2, 2, 3], status: 'alert', value: 2.3 },
  ])('$scores: $status', ({ scores, status, value }) => {
    const surveys = [...scores.map((csat, i) => ({ personId: `p${i}`, answeredOn: dayAgo(20), csat })), { personId: 'old', answeredOn: dayAgo(400), csat: 1 }];
    expect(measure('csat', { surveys })).toMatchObject({ status, value, reason: { params: { csat: value, count: scores.length } } });
  });

  it('is not applicable without recent answers', () => {
    expect(measure('csat', { surveys: [{ answeredOn: dayAgo(400), csat: 1 }] }).applicable).toBe(false);
  });
});

describe('key_people: a key person left, changed role or turned within 90 days', () => {
  /** The chain with the decider as stored today, its history: created as a champion decider, then `rows`. */
  function chainWhere(decider: Partial<HealthPerson>, rows: HealthPersonChange[], extra: HealthPerson[] = []) {
    const people = [...healthyChain().map((p) => (p.id === 'decider' ? { ...p, ...decider } : p)), ...extra];
    const changes = [
      change('decider', CREATED, 'status', 'active'),
      change('decider', CREATED, 'roles', ['decider']),
      change('decider', CREATED, 'stance', 'champion'),
      change('decider', CREATED, 'successorId', null),
      ...rows,
    ];
    return { people, changes, touchpoints: metEveryone(people) };
  }
  const recent = daysAgo(20);

  it.each([
    {
      name: 'a decider left with no successor: alert',
      today: { status: 'left' },
      rows: [change('decider', recent, 'status', 'left')],
      status: 'alert',
      key: 'left_no_successor',
    },
    {
      name: 'a decider left, a successor named: watch',
      today: { status: 'left', successorId: 'heir' },
      rows: [change('decider', recent, 'status', 'left'), change('decider', recent, 'successorId', 'heir')],
      extra: [person('heir', { roles: ['decider'], stance: 'supporter' })],
      status: 'watch',
      key: 'left',
    },
    {
      name: 'changed role: watch',
      today: { status: 'changed_role' },
      rows: [change('decider', recent, 'status', 'changed_role')],
      status: 'watch',
      key: 'changed_role',
    },
    {
      name: 'no longer the decider: watch',
      today: { roles: ['influencer'] },
      rows: [change('decider', recent, 'roles', ['influencer'])],
      extra: [person('heir', { roles: ['decider'], stance: 'supporter', ownerIds: ['m2'] })],
      status: 'watch',
      key: 'changed_role',
    },
    {
      name: 'turned sceptic: watch',
      today: { stance: 'sceptic' },
      rows: [change('decider', recent, 'stance', 'sceptic')],
      status: 'watch',
      key: 'stance_worse',
    },
    { name: 'to unknown is no change', today: { stance: 'unknown' }, rows: [change('decider', recent, 'stance', 'unknown')], status: 'ok', key: 'stable' },
    {
      name: 'a change before the window',
      today: { status: 'changed_role' },
      rows: [change('decider', daysAgo(120), 'status', 'changed_role')],
      status: 'ok',
      key: 'stable',
    },
  ])('$name', ({ today, rows, extra, status, key }) => {
    const m = measure('key_people', chainWhere(today, rows, extra));
    expect(m.status).toBe(status);
    expect(m.reason.key).toBe(`health.reasons.key_people.${key}`);
    if (key !== 'stable') {
      expect(m.reason.params).toMatchObject({ count: 1, names: ['DECIDER'], more: 0 });
      expect(m.evidence).toBe(`${key}:decider`);
    }
  });

  it('someone of high influence who leaves without successor is watch; an ordinary person is nothing', () => {
    const people = [...healthyChain(), person('sage', { influence: 5, status: 'left' }), person('clerk', { status: 'left' })];
    const changes = [
      change('sage', CREATED, 'status', 'active'),
      change('sage', daysAgo(10), 'status', 'left'),
      change('clerk', daysAgo(10), 'status', 'left'),
    ];
    const m = measure('key_people', { people, changes, touchpoints: metEveryone(people) });
    expect(m).toMatchObject({ status: 'watch', value: 1, evidence: 'left_no_successor:sage' });
  });

  it('a decider who left long ago with nobody succeeding is still an alert (the map’s left_no_successor)', () => {
    const { people, changes, touchpoints } = chainWhere(
      { status: 'left' },
      [change('decider', daysAgo(400), 'status', 'left')],
      [person('heir', { roles: ['decider'] })],
    );
    const m = measure('key_people', { people, changes, touchpoints });
    expect(m).toMatchObject({ status: 'alert', value: 1, reason: { key: 'health.reasons.key_people.left_no_successor' } });
  });

  it('lists every kind of change in its details, the worst first', () => {
    const people = healthyChain().map((p) => (p.id === 'decider' ? { ...p, status: 'left' } : p.id === 'approver' ? { ...p, stance: 'neutral' } : p));
    const changes = [
      change('decider', CREATED, 'status', 'active'),
      change('decider', daysAgo(5), 'status', 'left'),
      change('approver', CREATED, 'stance', 'champion'),
      change('approver', daysAgo(5), 'stance', 'neutral'),
    ];
    const m = measure('key_people', { people, changes, touchpoints: metEveryone(people) });
    expect(m.status).toBe('alert');
    expect(m.details!.map((d) => short(d.key))).toEqual(['key_people.left_no_successor', 'key_people.stance_worse']);
    expect(m.evidence).toBe('left_no_successor:decider,stance_worse:approver');
  });
});

describe('cadence: agreed contact frequency', () => {
  function withCadence(cadence: string | null, lastContactDaysAgo: number | null, fields: Partial<HealthPerson> = {}) {
    const people = [...healthyChain(), person('ops', { cadence, ownerIds: ['m2'], ...fields })];
    const touchpoints = [
      ...metEveryone(healthyChain()),
      ...(lastContactDaysAgo === null ? [] : [{ at: daysAgo(lastContactDaysAgo), theirParticipants: ['ops'], ourParticipants: ['m2'] }]),
    ];
    return { people, touchpoints };
  }
  it.each([
    { cadence: '每月', last: 20, status: 'ok', value: 0 },
    { cadence: '每月', last: 40, status: 'watch', value: 1 },
    { cadence: 'weekly', last: 8, status: 'ok', value: 0 },
    { cadence: 'weekly', last: 10, status: 'watch', value: 1 },
    { cadence: '季度', last: 100, status: 'ok', value: 0 },
    { cadence: 'every 2 weeks', last: 30, status: 'watch', value: 1 },
  ])('$cadence, last contact $last days ago: $status', ({ cadence, last, status, value }) => {
    const m = measure('cadence', withCadence(cadence, last));
    expect(m).toMatchObject({ applicable: true, status, value });
    if (status === 'watch') {
      expect(m.reason).toEqual({
        key: 'health.reasons.cadence.breached',
        params: { count: 1, names: ['OPS'], more: 0, name: 'OPS', days: last, cadence: parseCadence(cadence) },
      });
      expect(m.evidence).toBe(`ops@${dayAgo(last)}`);
    }
  });

  it('someone never met counts from when they were added', () => {
    expect(measure('cadence', withCadence('monthly', null, { createdAt: daysAgo(10) })).status).toBe('ok');
    expect(measure('cadence', withCadence('monthly', null, { createdAt: daysAgo(60) }))).toMatchObject({ status: 'watch', evidence: 'ops@never' });
  });

  it.each([
    { name: 'unreadable cadence', data: withCadence('whenever needed', 300) },
    { name: 'a person who left', data: withCadence('每周', 300, { status: 'left' }) },
  ])('is not applicable with $name', ({ data }) => {
    expect(measure('cadence', data)).toMatchObject({ applicable: false, reason: { key: 'health.reasons.cadence.no_data' } });
  });

  it('alerts only when the team sets a count for it', () => {
    expect(measure('cadence', withCadence('每月', 40), settingsWith({ cadence: { alertCount: 1 } })).status).toBe('alert');
    expect(measure('cadence', withCadence('每月', 40), settingsWith({ cadence: { tolerance: 2 } })).status).toBe('ok');
  });
});

describe('the decision chain, read from the map’s flags', () => {
  const chain = (edit: (p: HealthPerson) => HealthPerson) => healthyChain().map(edit);

  it.each([
    { name: 'met 30 days ago', last: 30, status: 'ok', key: 'ok' },
    { name: 'not met for 100 days', last: 100, status: 'watch', key: 'silent' },
  ])('decider_silent: $name', ({ last, status, key }) => {
    const people = healthyChain();
    const touchpoints = [
      { at: daysAgo(5), theirParticipants: people.filter((p) => p.id !== 'decider').map((p) => p.id), ourParticipants: [] },
      { at: daysAgo(last), theirParticipants: ['decider'], ourParticipants: [] },
    ];
    const m = measure('decider_silent', { people, touchpoints });
    expect(m).toMatchObject({ status, reason: { key: `health.reasons.decider_silent.${key}` } });
    if (status === 'watch') {
      expect(m.reason.params).toEqual({ count: 1, names: ['DECIDER'], more: 0, days: 90 });
      expect(m.evidence).toBe(`decider@${dayAgo(last)}`);
    }
    // The window is the team's setting, passed to the map's rule.
    expect(measure('decider_silent', { people, touchpoints }, settingsWith({ decider_silent: { days: 120 } })).status).toBe('ok');
  });

  it('decider_silent: never met is silent; no decider is not applicable', () => {
    expect(measure('decider_silent', { touchpoints: [] })).toMatchObject({ status: 'watch', evidence: 'decider@never' });
    expect(measure('decider_silent', { people: healthyChain().filter((p) => p.id !== 'decider') }).applicable).toBe(false);
  });

  it.each([
    { name: 'everyone covered', people: healthyChain(), status: 'ok', key: 'ok' },
    {
      name: 'a decider nobody covers: alert',
      people: chain((p) => (p.id === 'decider' ? { ...p, ownerIds: [] } : p)),
      status: 'alert',
      key: 'decider_uncovered',
    },
    {
      name: 'an approver nobody covers: watch',
      people: chain((p) => (p.id === 'approver' ? { ...p, ownerIds: [] } : p)),
      status: 'watch',
      key: 'key_uncovered',
    },
    {
      name: 'influential, uncovered: watch',
      people: [...healthyChain(), person('boss', { influence: 5, ownerIds: [] })],
      status: 'watch',
      key: 'key_uncovered',
    },
  ])('coverage: $name', ({ people, status, key }) => {
    expect(measure('coverage', { people })).toMatchObject({ status, reason: { key: `health.reasons.coverage.${key}` } });
  });

  it('coverage: a relationship held only by a member who left is not covered', () => {
    const people = chain((p) => (p.id === 'decider' ? { ...p, ownerIds: ['gone'] } : p));
    const members = [
      { id: 'm1', name: 'Li Na', active: true },
      { id: 'm2', name: 'Zhou Jie', active: true },
      { id: 'gone', name: 'Wang Lei', active: false },
    ];
    expect(measure('coverage', { people }).status).toBe('ok');
    expect(measure('coverage', { people, members })).toMatchObject({ status: 'alert', evidence: 'decider' });
  });

  it('coverage: knowing nobody at an account is a gap, unless it is a prospect', () => {
    expect(measure('coverage', { people: [] })).toMatchObject({ applicable: true, status: 'watch', reason: { key: 'health.reasons.coverage.no_people' } });
    const prospect = input({ people: [], account: { id: 'acc-2', tier: 'growth', stage: 'prospect', createdAt: CREATED } });
    expect(INDICATORS.coverage(prepareHealth(prospect, DEFAULT_HEALTH_SETTINGS)).applicable).toBe(false);
  });

  it.each([
    { name: 'two members', people: healthyChain(), status: 'ok', value: 2 },
    { name: 'one member holds everyone', people: chain((p) => ({ ...p, ownerIds: ['m1'] })), status: 'watch', value: 1 },
  ])('single_threaded: $name', ({ people, status, value }) => {
    const members = [
      { id: 'm1', name: 'Li Na', active: true },
      { id: 'm2', name: 'Zhou Jie', active: true },
    ];
    const m = measure('single_threaded', { people, members });
    expect(m).toMatchObject({ status, value });
    if (status === 'watch') expect(m.reason).toEqual({ key: 'health.reasons.single_threaded.single', params: { count: 1, member: 'Li Na' } });
  });

  it.each([
    { name: 'a healthy chain', people: healthyChain(), status: 'ok', key: 'none' },
    { name: 'nobody decides: alert', people: healthyChain().filter((p) => p.id !== 'decider'), status: 'alert', key: 'role_vacant.red' },
    {
      name: 'a decider against us: alert',
      people: chain((p) => (p.id === 'decider' ? { ...p, stance: 'opponent' } : p)),
      status: 'alert',
      key: 'decider_stance.red',
    },
    {
      name: 'a sceptical approver: watch',
      people: chain((p) => (p.id === 'approver' ? { ...p, stance: 'sceptic' } : p)),
      status: 'watch',
      key: 'decider_stance.amber',
    },
    { name: 'no gatekeeper: watch', people: healthyChain().filter((p) => p.id !== 'gatekeeper'), status: 'watch', key: 'role_vacant.amber' },
  ])('map_flags: $name', ({ people, status, key }) => {
    const m = measure('map_flags', { people });
    expect(m).toMatchObject({ status, reason: { key: `health.reasons.map_flags.${key}` } });
  });

  it('map_flags: amber flags can be set to count as ok', () => {
    const people = healthyChain().filter((p) => p.id !== 'gatekeeper');
    expect(measure('map_flags', { people }, settingsWith({ map_flags: { amber: 'ok' } })).status).toBe('ok');
    expect(measure('map_flags', { people: people.filter((p) => p.id !== 'decider') }, settingsWith({ map_flags: { amber: 'ok' } })).status).toBe('alert');
  });
});

describe('renewal: an agreement renewing soon', () => {
  const agreement = (id: string, days: number) => ({ id, title: `Framework ${id}`, renewalDate: dayAgo(-days) });
  it.each([
    { name: 'in 30 days: watch', agreements: [agreement('a', 30), agreement('b', 60)], status: 'watch', value: 30 },
    { name: 'in 120 days', agreements: [agreement('a', 120)], status: 'ok', value: null },
    { name: 'already past', agreements: [agreement('a', -10)], status: 'ok', value: null },
  ])('$name', ({ agreements, status, value }) => {
    expect(measure('renewal', { agreements })).toMatchObject({ applicable: true, status, value });
  });

  it('words the soonest and names it as evidence; alerts only within alertDays', () => {
    const agreements = [agreement('b', 60), agreement('a', 30)];
    const m = measure('renewal', { agreements });
    expect(m.reason).toEqual({ key: 'health.reasons.renewal.approaching', params: { count: 30, title: 'Framework a', date: dayAgo(-30) } });
    expect(m.evidence).toBe(`a:${dayAgo(-30)}`);
    expect(measure('renewal', { agreements }, settingsWith({ renewal: { alertDays: 45 } })).status).toBe('alert');
    expect(measure('renewal', { agreements: [{ id: 'x', renewalDate: null }] }).applicable).toBe(false);
  });
});

describe('sentiment: touchpoints of the last 90 days', () => {
  const rated = (values: readonly number[], days: number) =>
    values.map((sentiment) => ({ at: daysAgo(days), theirParticipants: [], ourParticipants: [], sentiment }));
  it.each([
    { name: 'positive', now: [1, 1, 2], before: [], status: 'ok', key: 'ok', value: 1.3 },
    { name: 'clearly negative: alert', now: [-1, -1, -1], before: [], status: 'alert', key: 'negative', value: -1 },
    { name: 'slightly negative: watch', now: [0, 0, -1], before: [], status: 'watch', key: 'negative', value: -0.3 },
    { name: 'falling, still positive: watch', now: [1, 1, 1], before: [2, 2, 2], status: 'watch', key: 'falling', value: 1 },
    { name: 'negative and falling: alert', now: [0, -1, 0], before: [1, 1, 1], status: 'alert', key: 'deteriorating', value: -0.3 },
  ])('$name', ({ now, before, status, key, value }) => {
    const touchpoints = [...rated(now, 10), ...rated(before, 120), ...rated([-2, -2, -2], -5)];
    expect(measure('sentiment', { touchpoints })).toMatchObject({ applicable: true, status, value, reason: { key: `health.reasons.sentiment.${key}` } });
  });

  it('needs three rated touchpoints', () => {
    expect(measure('sentiment', { touchpoints: rated([-2, -2], 10) })).toMatchObject({
      applicable: false,
      reason: { key: 'health.reasons.sentiment.no_data', params: { count: 2, min: 3 } },
    });
  });
});

// ---- Colour, score, reasons ----

describe('colour rules', () => {
  const fallingPurchases = monthly('2026-08', [100, 90, 80, 70]);

  it('green when nothing is wrong: routine maintenance, full score', () => {
    const h = health({ purchases: monthly('2026-06', [100, 100, 110, 100, 105, 120]) });
    expect(h).toMatchObject({ colour: 'green', plan: 'routine', score: 100, topIndicator: null, topReason: { key: 'health.reasons.none', params: {} } });
  });

  it('yellow when a key person changed: a maintenance plan', () => {
    const people = healthyChain().map((p) => (p.id === 'approver' ? { ...p, status: 'changed_role' } : p));
    const changes = [change('approver', CREATED, 'status', 'active'), change('approver', daysAgo(10), 'status', 'changed_role')];
    const h = health({ people, changes });
    expect(h).toMatchObject({ colour: 'yellow', plan: 'maintenance', topIndicator: 'key_people' });
    expect(h.topReason.key).toBe('health.reasons.key_people.changed_role');
  });

  it.each([
    { name: 'purchases down three months', data: { purchases: fallingPurchases }, top: 'purchases_down' },
    {
      name: 'a decider lost with no successor',
      data: {
        people: healthyChain().map((p) => (p.id === 'decider' ? { ...p, status: 'left' } : p)),
        changes: [change('decider', CREATED, 'status', 'active'), change('decider', daysAgo(3), 'status', 'left')],
      },
      top: 'key_people',
    },
    {
      name: 'an NPS detractor trend',
      data: {
        surveys: [
          ...[9, 6, 6, 8, 8].map((nps, i) => ({ personId: `n${i}`, answeredOn: dayAgo(20), nps })),
          ...[9, 9, 8].map((nps, i) => ({ personId: `o${i}`, answeredOn: dayAgo(250), nps })),
        ],
      },
      top: 'nps',
    },
    { name: 'complaints rising', data: { requests: requestsAt([5, 40], { complaint: true }) }, top: 'complaints' },
  ])('red when the relationship deteriorates: $name', ({ data, top }) => {
    const h = health(data);
    expect(h).toMatchObject({ colour: 'red', plan: 'intervention', topIndicator: top });
    expect(h.topReason).toEqual(indicatorOf(h, top as IndicatorCode).reason);
  });

  it('the worst indicator explains the colour: an alert before a heavier watch', () => {
    const people = healthyChain().map((p) => (p.id === 'approver' ? { ...p, stance: 'neutral' } : p));
    const changes = [change('approver', CREATED, 'stance', 'champion'), change('approver', daysAgo(3), 'stance', 'neutral')];
    const h = health({ people, changes, requests: requestsAt([5, 40], { complaint: true }) });
    expect(indicatorOf(h, 'key_people').status).toBe('watch');
    expect(h.topIndicator).toBe('complaints');
  });

  it('the score is the share of applicable weight earned: watch earns half, alert none', () => {
    const h = health({ purchases: fallingPurchases, agreements: [{ id: 'ag', title: 'Framework', renewalDate: dayAgo(-30) }] });
    const applicable = h.indicators.filter((i) => i.applicable);
    // No purchases last year: purchases_yoy is not applicable and left out.
    expect(applicable.map((i) => [i.code, i.status, i.points])).toEqual([
      ['purchases_down', 'alert', 0],
      ['key_people', 'ok', 12],
      ['decider_silent', 'ok', 6],
      ['coverage', 'ok', 6],
      ['single_threaded', 'ok', 4],
      ['renewal', 'watch', 2],
      ['map_flags', 'ok', 4],
    ]);
    expect(h.score).toBe(68); // 34 of 50
  });

  it('an account where we know nobody: yellow for the coverage gap, the other people indicators without data', () => {
    const h = health({ people: [] });
    expect(h).toMatchObject({ colour: 'yellow', topIndicator: 'coverage', topReason: { key: 'health.reasons.coverage.no_people' } });
    expect(['key_people', 'decider_silent', 'single_threaded', 'map_flags'].map((code) => indicatorOf(h, code as IndicatorCode).applicable)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('indicators without data neither score nor colour', () => {
    const h = health({});
    expect(h.indicators.filter((i) => !i.applicable).map((i) => i.code)).toEqual([
      'purchases_down',
      'purchases_yoy',
      'service_requests',
      'complaints',
      'open_requests',
      'nps',
      'csat',
      'cadence',
      'renewal',
      'sentiment',
    ]);
    expect(h.indicators.every((i) => i.applicable || (i.points === 0 && i.evidenceKey === null))).toBe(true);
    expect(h.colour).toBe('green');
  });
});

describe('as of an earlier instant', () => {
  /** Purchases falling from September, the decider left on 20 November without successor, two complaints since. */
  const data: Partial<HealthInput> = {
    people: healthyChain().map((p) => (p.id === 'decider' ? { ...p, status: 'left' } : p)),
    changes: [change('decider', CREATED, 'status', 'active'), change('decider', '2026-11-20T10:00:00.000Z', 'status', 'left')],
    purchases: monthly('2026-05', [100, 100, 100, 100, 90, 80, 70, 10]),
    requests: requestsAt([5, 20], { complaint: true }),
    touchpoints: [
      { at: '2026-07-01T00:00:00.000Z', theirParticipants: BUYING_ROLES.map(String), ourParticipants: ['m1'], sentiment: 1 },
      { at: '2026-12-05T00:00:00.000Z', theirParticipants: BUYING_ROLES.map(String), ourParticipants: ['m1'], sentiment: -2 },
    ],
  };

  it('today: red, purchases down three months and the decider gone', () => {
    const h = health(data);
    expect(h.colour).toBe('red');
    expect(indicatorOf(h, 'purchases_down')).toMatchObject({ status: 'alert', value: 3, evidenceKey: 'purchases_down:2026-09..2026-11' });
    expect(indicatorOf(h, 'key_people').status).toBe('alert');
    expect(indicatorOf(h, 'complaints').status).toBe('alert');
  });

  it('on 15 November the same data gives that day’s health: two falls, the decider still there', () => {
    const h = health({ ...data, asOf: '2026-11-15T12:00:00.000Z' });
    expect(indicatorOf(h, 'purchases_down')).toMatchObject({ status: 'watch', value: 2, evidenceKey: 'purchases_down:2026-09..2026-10' });
    expect(indicatorOf(h, 'key_people')).toMatchObject({ status: 'ok', reason: { key: 'health.reasons.key_people.stable' } });
    expect(indicatorOf(h, 'complaints').applicable).toBe(false);
    expect(indicatorOf(h, 'decider_silent').status).toBe('watch'); // last met 1 July: 137 days
    expect(h).toMatchObject({ colour: 'yellow', asOf: '2026-11-15T12:00:00.000Z' });
  });

  it('equals the health of the data that existed then (everything dated later removed)', () => {
    const asOf = '2026-11-15T12:00:00.000Z';
    const before = (d: string) => d <= asOf.slice(0, 10);
    const trimmed: Partial<HealthInput> = {
      ...data,
      asOf,
      purchases: data.purchases!.filter((p) => p.period < '2026-11'),
      requests: data.requests!.filter((r) => before(r.openedAt)),
      touchpoints: data.touchpoints!.filter((t) => t.at <= asOf),
    };
    const full = health({ ...data, asOf });
    expect(health(trimmed)).toEqual(full);
  });

  it('uses the day in the team’s zone for dated records when given', () => {
    // 20:00 UTC on 30 November is already 1 December in Beijing: November is then complete.
    const asOf = '2026-11-30T20:00:00.000Z';
    expect(indicatorOf(health({ ...data, asOf }), 'purchases_down').value).toBe(2);
    expect(indicatorOf(health({ ...data, asOf, day: '2026-12-01' }), 'purchases_down').value).toBe(3);
  });
});

describe('settings', () => {
  it('defaults follow the articles', () => {
    expect(HealthSettings.parse({})).toEqual(DEFAULT_HEALTH_SETTINGS);
    expect(DEFAULT_HEALTH_SETTINGS.purchases_down).toMatchObject({ alertMonths: 3, enabled: true });
    expect(INDICATOR_CODES.every((code) => DEFAULT_HEALTH_SETTINGS[code].weight > 0)).toBe(true);
    expect(INDICATOR_CODES.reduce((sum, code) => sum + DEFAULT_HEALTH_SETTINGS[code].weight, 0)).toBe(100);
  });

  it('thresholds move the status', () => {
    const purchases = monthly('2026-08', [100, 90, 80, 70]);
    expect(indicatorOf(health({ purchases }), 'purchases_down').status).toBe('alert');
    expect(indicatorOf(health({ purchases }, settingsWith({ purchases_down: { alertMonths: 4 } })), 'purchases_down')).toMatchObject({
      status: 'watch',
      threshold: 2,
    });
    expect(indicatorOf(health({ purchases }, settingsWith({ purchases_down: { minDropPct: 50 } })), 'purchases_down').status).toBe('ok');
  });

  it('a switched-off indicator is not applicable and says so', () => {
    const h = health({ purchases: monthly('2026-08', [100, 90, 80, 70]) }, settingsWith({ purchases_down: { enabled: false } }));
    expect(indicatorOf(h, 'purchases_down')).toMatchObject({ applicable: false, status: 'ok', reason: { key: 'health.reasons.disabled' } });
    expect(h.colour).toBe('green');
  });

  it('weights move the score', () => {
    const agreements = [{ id: 'ag', renewalDate: dayAgo(-30) }];
    const light = health({ agreements }).score;
    const heavy = health({ agreements }, settingsWith({ renewal: { weight: 60 } })).score;
    // key_people 12 + decider_silent 6 + coverage 6 + single_threaded 4 + map_flags 4 all earned, renewal on watch earns half.
    expect([light, heavy]).toEqual([Math.round((34 / 36) * 100), Math.round((62 / 92) * 100)]);
  });

  it('healthSettingsOf fills what is missing and keeps the valid parts of a damaged object', () => {
    expect(healthSettingsOf(undefined)).toEqual(DEFAULT_HEALTH_SETTINGS);
    const partial = healthSettingsOf({ nps: { windowDays: 90 } });
    expect(partial.nps).toEqual({ ...DEFAULT_HEALTH_SETTINGS.nps, windowDays: 90 });
    const damaged = healthSettingsOf({ nps: { windowDays: -1 }, csat: { watchBelow: 4 }, unknown: 1 });
    expect(damaged.nps).toEqual(DEFAULT_HEALTH_SETTINGS.nps);
    expect(damaged.csat.watchBelow).toBe(4);
  });
});

describe('alerts', () => {
  it('fnv1a64 matches the reference vectors', () => {
    expect([fnv1a64(''), fnv1a64('a'), fnv1a64('foobar')]).toEqual(['cbf29ce484222325', 'af63dc4c8601ec8c', '85944171f73967e8']);
    expect(fnv1a64('采购量')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('alertIdOf is deterministic, short, and differs by account, rule and evidence', () => {
    const id = alertIdOf('acc-1', 'purchases_down', 'purchases_down:2026-09..2026-11');
    expect(id).toBe(alertIdOf('acc-1', 'purchases_down', 'purchases_down:2026-09..2026-11'));
    expect(id).toMatch(/^al-[0-9a-f]{16}$/);
    expect(id).toBe(`al-${fnv1a64('acc-1\u0000purchases_down\u0000purchases_down:2026-09..2026-11')}`);
    const others = [
      alertIdOf('acc-2', 'purchases_down', 'purchases_down:2026-09..2026-11'),
      alertIdOf('acc-1', 'nps', 'purchases_down:2026-09..2026-11'),
      alertIdOf('acc-1', 'purchases_down', 'purchases_down:2026-10..2026-12'),
    ];
    expect(new Set([id, ...others]).size).toBe(4);
  });

  it('raises one alert per indicator not ok, reds first, with its reason as evidence', () => {
    const h = health({ purchases: monthly('2026-08', [100, 90, 80, 70]), agreements: [{ id: 'ag', title: 'Framework', renewalDate: dayAgo(-30) }] });
    const alerts = alertsToRaise(h, { id: 'acc-1' });
    expect(alerts.map((a) => [a.rule, a.colour, a.planKind, a.evidenceKey])).toEqual([
      ['purchases_down', 'red', 'intervention', 'purchases_down:2026-09..2026-11'],
      ['renewal', 'yellow', 'maintenance', `renewal:ag:${dayAgo(-30)}`],
    ]);
    expect(alerts[0]).toMatchObject({
      accountId: 'acc-1',
      id: alertIdOf('acc-1', 'purchases_down', 'purchases_down:2026-09..2026-11'),
      evidence: indicatorOf(h, 'purchases_down').reason,
    });
  });

  it('two devices, or the same device days later, raise the same ids for the same evidence', () => {
    const purchases = monthly('2026-08', [100, 90, 80, 70]);
    const ids = (asOf: string, more: typeof purchases = []) =>
      alertsToRaise(health({ purchases: [...purchases, ...more], asOf }), { id: 'acc-1' }).map((a) => a.id);
    const today = ids(AS_OF);
    expect(ids(AS_OF)).toEqual(today);
    expect(ids('2026-12-28T09:00:00.000Z')).toEqual(today);
    // The run goes on into December: still the same run, still the same alert.
    expect(ids('2027-01-05T09:00:00.000Z', monthly('2026-12', [60]))).toEqual(today);
  });

  it('an over-long evidence key is hashed to fit', () => {
    const long = 'x'.repeat(300);
    expect(evidenceKeyOf('coverage', long)).toBe(`coverage:#${fnv1a64(long)}`);
    expect(evidenceKeyOf('coverage', 'p1,p2')).toBe('coverage:p1,p2');
  });
});

describe('routineReviewDue', () => {
  it.each([
    { tier: 'strategic', last: '2026-09-01', due: true, dueOn: '2026-12-01', months: 3 },
    { tier: 'key', last: '2026-09-01', due: false, dueOn: '2027-01-01', months: 4 },
    { tier: 'growth', last: '2026-06-10', due: true, dueOn: '2026-12-10', months: 6 },
    { tier: 'standard', last: '2026-03-31', due: false, dueOn: '2027-03-31', months: 12 },
    { tier: 'strategic', last: '2026-08-31', due: false, dueOn: '2026-11-30', months: 3 },
    { tier: 'mystery', last: '2025-12-10', due: true, dueOn: '2026-12-10', months: 12 },
  ])('$tier, last reviewed $last', ({ tier, last, due, dueOn, months }) => {
    const asOf = tier === 'strategic' && last === '2026-08-31' ? '2026-11-29T12:00:00.000Z' : AS_OF;
    expect(routineReviewDue(tier, last, asOf)).toEqual({ due, dueOn, months });
  });

  it('never reviewed: due now', () => {
    expect(routineReviewDue('key', null, AS_OF)).toEqual({ due: true, dueOn: null, months: 4 });
  });
});

describe('parseCadence', () => {
  it.each([
    ['每天', 1],
    ['每周', 7],
    ['每周一次', 7],
    ['每星期', 7],
    ['每周二', 7],
    ['每两周', 14],
    ['每两周一次', 14],
    ['双周', 14],
    ['隔周', 14],
    ['每半个月', 15],
    ['每月', 30],
    ['每个月', 30],
    ['每月一次', 30],
    ['月度', 30],
    ['每月两次', 15],
    ['每月初拜访', 30],
    ['每2个月', 60],
    ['每季度', 91],
    ['季度', 91],
    ['每个季度', 91],
    ['每半年', 182],
    ['半年一次', 182],
    ['每年', 365],
    ['年度', 365],
    ['每十天', 10],
    ['每 3 周', 21],
    ['每３周', 21],
  ])('zh %s → %d days', (text, days) => {
    expect(parseCadence(text)).toBe(days);
  });

  it.each([
    ['daily', 1],
    ['Weekly', 7],
    ['weekly call', 7],
    ['biweekly', 14],
    ['bi-weekly', 14],
    ['fortnightly', 14],
    ['every other week', 14],
    ['every 2 weeks', 14],
    ['every two weeks', 14],
    ['once a week', 7],
    ['twice a month', 15],
    ['monthly', 30],
    ['every month', 30],
    ['once per month', 30],
    ['every 45 days', 45],
    ['30 days', 30],
    ['bimonthly', 60],
    ['quarterly', 91],
    ['every quarter', 91],
    ['semi-annually', 182],
    ['every half year', 182],
    ['twice a year', 182.5],
    ['yearly', 365],
    ['annually', 365],
    ['every year', 365],
  ])('en %s → %d days', (text, days) => {
    expect(parseCadence(text)).toBe(days);
  });

  it.each([[''], ['  '], ['whenever'], ['as needed'], ['不定期'], ['随时'], ['monthlyish'], ['every 0 days'], ['constructor'], [null], [undefined]])(
    '%s → no cadence',
    (text) => {
      expect(parseCadence(text)).toBeNull();
    },
  );
});

// ---- The rebuild of people and the reading of dates, against their references ----

describe('peopleTimeline rebuilds people as peopleAsOf does', () => {
  const instant = fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2027-01-01') }).map((ms) => new Date(ms).toISOString());
  const value = fc.oneof(
    fc.constantFrom('champion', 'sceptic', 'left', 'active', 'changed_role', 'decider', '', 'p2'),
    fc.array(fc.constantFrom('decider', 'approver', 'm1', 'm2'), { maxLength: 3 }),
    fc.integer({ min: 1, max: 5 }),
    fc.constant(null),
  );
  const field = fc.constantFrom(...TRACKED_FIELDS, 'name');
  const personArb = fc.record({
    id: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
    createdAt: instant,
    deletedAt: fc.option(instant, { nil: null }),
    stance: fc.constantFrom('champion', 'neutral', 'opponent'),
    roles: fc.array(fc.constantFrom('decider', 'approver', 'user'), { maxLength: 2 }),
    status: fc.constantFrom('active', 'left'),
    successorId: fc.option(fc.constantFrom('p1', 'p2'), { nil: null }),
  });
  const rowArb = fc.record({ personId: fc.constantFrom('p1', 'p2', 'p3', 'p5'), at: fc.oneof(instant, fc.constant('not a date')), field, value });

  it('for every field it reads, at any instant (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(personArb, { selector: (p) => p.id, maxLength: 4 }), fc.array(rowArb, { maxLength: 25 }), instant, (records, rows, at) => {
        const people = records.map((r) => person(r.id, r));
        const changes = rows.map((r) => ({ ...r, value: JSON.stringify(r.value) }));
        const ours = peopleTimeline(people, changes)(Date.parse(at));
        const reference = peopleAsOf(
          people as unknown as (DatedPerson & HealthPerson)[],
          rows.map((r) => ({ ...r })),
          at,
        );
        const pick = (list: readonly HealthPerson[]) => list.map((p) => [p.id, ...HEALTH_FIELDS.map((f) => JSON.stringify(p[f] ?? null))]);
        expect(pick(ours)).toEqual(pick(reference));
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('keeps today’s record as it is when the history says the same (no copy)', () => {
    const today = person('p1', { stance: 'supporter' });
    const at = peopleTimeline([today], [change('p1', CREATED, 'stance', 'supporter'), change('p1', CREATED, 'roles', [])]);
    expect(at(Date.parse(AS_OF))[0]).toBe(today);
    const changed = peopleTimeline([today], [change('p1', CREATED, 'stance', 'sceptic'), change('p1', daysAgo(3), 'stance', 'supporter')]);
    expect(changed(Date.parse(daysAgo(10)))[0]).toEqual({ ...today, stance: 'sceptic' });
    expect(changed(Date.parse(AS_OF))[0]).toBe(today);
  });

  it.each([
    ['"champion"', 'champion'],
    ['"say \\"hi\\""', 'say "hi"'],
    ['["decider","approver"]', ['decider', 'approver']],
    ['null', null],
    ['4', 4],
    ['not json', 'not json'],
    ['"a"b"', '"a"b"'],
  ])('parseValue(%s)', (text, parsed) => {
    expect(parseValue(text)).toEqual(parsed);
  });
});

describe('reading dates', () => {
  it('msOf gives what Date.parse gives (property, and the edges)', () => {
    const edges = [
      '2026-02-29',
      '2026-02-30',
      '2026-12-10T24:00:00Z',
      '2026-12-10T23:59:60Z',
      '2026-12-10T09:00:00.5Z',
      '0000-01-01',
      '2026-13-01',
      '2026-1-01',
      'x'.repeat(24),
      '',
    ];
    for (const text of edges) expect(msOf(text), text).toEqual(Date.parse(text));
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('0001-01-01'), max: Date.parse('9999-12-31') }), fc.integer({ min: 0, max: 2 }), (ms, form) => {
        const iso = new Date(ms).toISOString();
        const text = form === 0 ? iso : form === 1 ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
        expect(msOf(text)).toBe(Date.parse(text));
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  it('monthOf and the canonical form', () => {
    expect([monthOf('2026-11'), monthOf('2026-11-24'), monthOf('2026-13'), monthOf('26-11')]).toEqual([2026 * 12 + 10, 2026 * 12 + 10, NaN, NaN]);
    expect([isCanonical(AS_OF), isCanonical('2026-12-10T17:00:00+08:00'), isCanonical('2026-12-10')]).toEqual([true, false, false]);
  });

  it('touchpoints written with a zone count by their instant', () => {
    // 15:00 in Beijing is 07:00Z, before the instant; 10:00 at −02:00 is 12:00Z, after it.
    const touchpoints = [
      { at: '2026-12-10T15:00:00+08:00', theirParticipants: ['decider'], ourParticipants: [] },
      { at: '2026-12-10T10:00:00-02:00', theirParticipants: ['approver'], ourParticipants: [] },
    ];
    const ctx = prepareHealth(input({ touchpoints }), DEFAULT_HEALTH_SETTINGS);
    expect(ctx.lastTouch.get('decider')).toBe(Date.parse('2026-12-10T07:00:00Z'));
    expect(ctx.lastTouch.has('approver')).toBe(false);
  });

  it('an unreadable instant is refused', () => {
    expect(() => accountHealth(input({ asOf: 'yesterday' }))).toThrow(RangeError);
  });
});

// ---- Catalogs ----

type Node = Record<string, unknown>;
const at = (catalog: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Node)[part] : undefined), catalog);
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);

describe('catalogs', () => {
  const catalogs = { en, 'zh-CN': zhCN } as const;

  it.each(Object.keys(catalogs) as (keyof typeof catalogs)[])('%s words every reason with only its declared parameters, plurals included', (locale) => {
    const catalog = catalogs[locale];
    for (const [code, params] of Object.entries(REASON_PARAMS)) {
      const forms = [`health.reasons.${code}`, ...((params as readonly string[]).includes('count') ? [`health.reasons.${code}_other`] : [])];
      for (const key of forms) {
        const text = at(catalog, key);
        expect(typeof text, `${locale} ${key}`).toBe('string');
        expect(params as readonly string[], `${locale} ${key}`).toEqual(expect.arrayContaining(placeholders(text as string)));
      }
    }
  });

  it('has a name for every indicator, and every colour, status and plan word, in both languages', () => {
    for (const catalog of [en, zhCN]) {
      for (const code of INDICATOR_CODES) expect(typeof catalog.health.indicators[code]).toBe('string');
      expect(Object.keys(catalog.health.colours)).toEqual(['green', 'yellow', 'red']);
      expect(Object.keys(catalog.health.statuses)).toEqual(['ok', 'watch', 'alert']);
      expect(Object.keys(catalog.health.plans)).toEqual(['routine', 'maintenance', 'intervention']);
    }
  });

  it('the zh-CN catalog has exactly the English keys', () => {
    const keys = (node: unknown, prefix = ''): string[] =>
      Object.entries(node as Node).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
    expect(keys(zhCN.health).sort()).toEqual(keys(en.health).sort());
  });

  it('words a reason in both languages', () => {
    const h = health({ purchases: monthly('2026-08', [100, 90, 80, 70]) });
    const top = h.topReason;
    expect(translator('en')(top.key, top.params)).toBe('Purchases fell 3 months in a row: down 30% from 2026-08 to 2026-11 (CNY).');
    expect(translator('zh-CN')(top.key, top.params)).toBe('采购量连续 3 个月下降：从 2026-08 到 2026-11 下降 30%（CNY）。');
  });

  // Last in this file: every reason the tests above produced.
  it('every reason produced carries exactly its declared parameters', () => {
    expect(produced.length).toBeGreaterThan(100);
    const seen = new Set<string>();
    for (const r of produced) {
      expect(r.key.startsWith(REASON_PREFIX), r.key).toBe(true);
      const declared = REASON_PARAMS[short(r.key) as keyof typeof REASON_PARAMS] as readonly string[] | undefined;
      expect(declared, r.key).toBeDefined();
      expect(Object.keys(r.params).sort(), r.key).toEqual([...declared!].sort());
      seen.add(short(r.key));
    }
    // The tests above reach every reason there is.
    expect(Object.keys(REASON_PARAMS).filter((code) => !seen.has(code))).toEqual([]);
  });
});
