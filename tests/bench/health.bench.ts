/**
 * Health benchmarks (`npm run bench -- health`). Figures:
 *
 *   health.portfolio      a full recompute of every account (the recompute job's work, through a
 *                         ChangeLog), warm: the second of two runs (the first, cold, on stderr)
 *   health.after_write    median of `purchases.create` for a random account through the dispatcher,
 *                         the whole call with the health refresh of the account it touched (p95 on stderr)
 *   health.portfolio_page median of `portfolio.list`'s first page sorted by health, and by name
 *   health.account        median of `health.account` for the heaviest account
 *   health.dashboard      median of `health.dashboard` for the whole portfolio (input `{}`) with its
 *                         then-scores cached; the first call (cold) and the call right after one
 *                         write on stderr
 *
 * One store: 10,000 accounts, 100,000 people, 1,000,000 touchpoints, 500,000 purchases, 100,000
 * service requests, 50,000 satisfaction answers, person changes for a fifth of the people and
 * agreements for a third of the accounts, spread over the last two years, a few accounts much
 * heavier than the rest. Written with plain prepared inserts in big transactions, the search index
 * deferred as a bulk load does (deferSearchIndex); building is not measured (stderr says how long).
 * HEALTH_BENCH_SCALE=0.1 builds a tenth of it (for trying the bench quickly).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { migrationsDir } from '../../electron/host/paths';
import { openRuntime } from '../../electron/host/runtime';
import { recomputeWork } from '../../electron/services/health';
import { newId } from '../../electron/store/ids';
import { openStore } from '../../electron/store/open';
import { deferSearchIndex } from '../../electron/store/search-index';
import { ChangeLog } from '../../electron/sync/changes';
import type { Report } from './run';

const SCALE = Number(process.env.HEALTH_BENCH_SCALE ?? '1');
const SIZES = {
  members: 40,
  accounts: Math.round(10_000 * SCALE),
  people: Math.round(100_000 * SCALE),
  touchpoints: Math.round(1_000_000 * SCALE),
  purchases: Math.round(500_000 * SCALE),
  requests: Math.round(100_000 * SCALE),
  surveys: Math.round(50_000 * SCALE),
};
const DAY = 86_400_000;
/** The instant the data is generated around and the full recompute is judged at: today, midnight UTC (fixed for the run). */
const NOW = `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;
const NOW_MS = Date.parse(NOW);
const SPAN_DAYS = 730;

const log = (...args: unknown[]) => console.error('  ', ...args);
const seconds = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

export async function run(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-health-'));
  try {
    const heavy = build(dir);
    const runtime = openRuntime(dir, 'cli');
    try {
      await measure(runtime, heavy, report);
    } finally {
      runtime.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The store

/** Builds the store in `dir`; returns the heaviest account's id. */
function build(dir: string): string {
  const store = openStore({ dataDir: dir, migrationsDir });
  const db = store.sqlite;
  const random = rng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  /** Half the rows spread evenly, half piled on the first accounts (account 0 is the heaviest). */
  const accountIndex = () => (random() < 0.5 ? Math.floor(random() * SIZES.accounts) : Math.floor(random() ** 2 * SIZES.accounts));
  /** An instant within the last two years, newer ones likelier. */
  const instant = () => NOW_MS - Math.floor(random() ** 1.3 * SPAN_DAYS * DAY) - int(0, DAY - 1);
  const iso = (ms: number) => new Date(ms).toISOString();
  const date = (ms: number) => iso(ms).slice(0, 10);
  const started = performance.now();
  deferSearchIndex(db);
  const inBatches = (label: string, total: number, sql: string, row: (i: number) => unknown[]) => {
    const t = performance.now();
    const insert = db.prepare(sql);
    const batch = 100_000;
    for (let done = 0; done < total; done += batch) {
      db.transaction(() => {
        for (let i = done; i < Math.min(total, done + batch); i++) insert.run(...row(i));
      })();
    }
    log(`${total} ${label} in ${seconds(t)}`);
  };

  const members = Array.from({ length: SIZES.members }, (_, i) => `member-${i}`);
  inBatches('members', SIZES.members, 'INSERT INTO members (id, name, role, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', (i) => [
    members[i],
    `Member ${i}`,
    i === 0 ? 'admin' : 'rep',
    i % 10 === 9 ? 0 : 1, // a few have left the team
    iso(NOW_MS - 1000 * DAY),
    iso(NOW_MS - 1000 * DAY),
  ]);

  const accounts = Array.from({ length: SIZES.accounts }, () => newId());
  inBatches(
    'accounts',
    SIZES.accounts,
    "INSERT INTO accounts (id, name, tier, stage, level, owner_id, aliases, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?)",
    (i) => {
      const created = iso(NOW_MS - int(30, 1500) * DAY);
      return [
        accounts[i],
        `${pick(['华', '中', '东', '南', '新', 'North', 'Blue'])}${pick(['达', '通', '科', 'Tech', 'Steel'])} ${i}`,
        pick(['strategic', 'key', 'growth', 'standard', 'standard']),
        pick(['prospect', 'development', 'growth', 'maturity', 'maturity', 'decline']),
        pick(['transactional', 'preferred', 'solution', 'strategic']),
        pick(members),
        created,
        created,
      ];
    },
  );

  const people = Array.from({ length: SIZES.people }, () => newId());
  const peopleOf: string[][] = accounts.map(() => []);
  const accountOfPerson = new Int32Array(SIZES.people);
  // Every account has someone; the rest go where the data piles up.
  for (let i = 0; i < SIZES.people; i++) {
    const a = i < SIZES.accounts ? i : accountIndex();
    accountOfPerson[i] = a;
    peopleOf[a]!.push(people[i]!);
  }
  const ROLES = ['initiator', 'user', 'influencer', 'decider', 'approver', 'buyer', 'gatekeeper'];
  inBatches(
    'people',
    SIZES.people,
    'INSERT INTO people (id, account_id, name, title, roles, stance, influence, strength, owner_ids, cadence, status, successor_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    (i) => {
      const a = accountOfPerson[i]!;
      const mates = peopleOf[a]!;
      const status = random() < 0.9 ? 'active' : pick(['changed_role', 'left']);
      const created = iso(instant() - 200 * DAY);
      return [
        people[i],
        accounts[a],
        `${pick(['张', '王', '李', 'Smith', 'Chen'])}${pick(['伟', '芳', 'Anna', 'Tom'])} ${i}`,
        pick(['CIO', '采购经理', 'Engineer', 'CFO']),
        JSON.stringify(random() < 0.4 ? [] : [pick(ROLES), ...(random() < 0.2 ? [pick(ROLES)] : [])]),
        pick(['champion', 'supporter', 'supporter', 'neutral', 'neutral', 'sceptic', 'opponent', 'unknown']),
        int(1, 5),
        int(1, 5),
        JSON.stringify(random() < 0.15 ? [] : [pick(members)]),
        random() < 0.5 ? null : pick(['monthly', 'quarterly', 'every 2 weeks', '每月', '每季度']),
        status,
        status === 'left' && random() < 0.5 && mates.length > 1 ? pick(mates) : null,
        created,
        created,
        random() < 0.01 ? iso(instant()) : null,
      ];
    },
  );

  const FIELDS = ['stance', 'roles', 'influence', 'status', 'ownerIds'] as const;
  const changeValue = (field: (typeof FIELDS)[number]) => {
    switch (field) {
      case 'stance':
        return pick(['champion', 'supporter', 'neutral', 'sceptic', 'opponent']);
      case 'roles':
        return [pick(ROLES)];
      case 'influence':
        return int(1, 5);
      case 'status':
        return pick(['active', 'changed_role', 'left']);
      case 'ownerIds':
        return [pick(members)];
    }
  };
  const changed: number[] = [];
  for (let i = 0; i < SIZES.people; i++) if (random() < 0.2) for (let k = int(1, 3); k > 0; k--) changed.push(i);
  inBatches(
    'person changes',
    changed.length,
    'INSERT INTO person_changes (id, person_id, account_id, at, field, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    (k) => {
      const i = changed[k]!;
      const field = pick(FIELDS);
      const at = iso(instant());
      return [newId(), people[i], accounts[accountOfPerson[i]!], at, field, JSON.stringify(changeValue(field)), at, at];
    },
  );

  const KINDS = ['visit', 'meeting', 'call', 'email', 'message', 'event', 'training'];
  const WORDS = ['拜访', '采购', '技术交流', '续签', '报价', 'renewal', 'pilot', 'budget', 'workshop', 'pricing'];
  inBatches(
    'touchpoints',
    SIZES.touchpoints,
    'INSERT INTO touchpoints (id, account_id, at, kind, their_participants, our_participants, summary, sentiment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    () => {
      const a = accountIndex();
      const mates = peopleOf[a]!;
      const at = iso(instant());
      return [
        newId(),
        accounts[a],
        at,
        pick(KINDS),
        JSON.stringify(random() < 0.1 ? [] : random() < 0.7 ? [pick(mates)] : [pick(mates), pick(mates)]),
        JSON.stringify([pick(members)]),
        `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`,
        random() < 0.4 ? null : int(-2, 2),
        at,
        at,
      ];
    },
  );

  const month = (monthsAgo: number) => {
    const d = new Date(NOW_MS);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - monthsAgo);
    return d.toISOString().slice(0, 7);
  };
  inBatches(
    'purchases',
    SIZES.purchases,
    'INSERT INTO purchases (id, account_id, period, amount, currency, product_line, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    () => {
      const a = accountIndex();
      const at = iso(instant());
      return [newId(), accounts[a], month(int(0, 23)), Math.round(random() * 500_000) / 100, a % 7 === 0 ? 'USD' : 'CNY', pick(['A', 'B', 'C', null]), at, at];
    },
  );

  inBatches(
    'service requests',
    SIZES.requests,
    'INSERT INTO service_requests (id, account_id, person_id, opened_at, closed_at, severity, first_response_hours, complaint, summary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    () => {
      const a = accountIndex();
      const opened = instant();
      const closed = opened + int(0, 60) * DAY;
      return [
        newId(),
        accounts[a],
        random() < 0.5 ? pick(peopleOf[a]!) : null,
        date(opened),
        random() < 0.85 && closed <= NOW_MS ? date(closed) : null,
        pick(['low', 'medium', 'medium', 'high', 'critical']),
        random() < 0.2 ? null : Math.round(random() * 720) / 10,
        random() < 0.1 ? 1 : 0,
        pick(WORDS),
        iso(opened),
        iso(opened),
      ];
    },
  );

  inBatches(
    'satisfaction answers',
    SIZES.surveys,
    'INSERT INTO satisfaction_responses (id, account_id, person_id, answered_on, nps, csat, ces, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    () => {
      const a = accountIndex();
      const at = instant();
      return [
        newId(),
        accounts[a],
        random() < 0.8 ? pick(peopleOf[a]!) : null,
        date(at),
        random() < 0.2 ? null : int(0, 10),
        random() < 0.3 ? null : int(1, 5),
        random() < 0.5 ? null : int(1, 7),
        iso(at),
        iso(at),
      ];
    },
  );

  const withAgreement = accounts.filter(() => random() < 0.33);
  inBatches(
    'agreements',
    withAgreement.length,
    'INSERT INTO agreements (id, account_id, kind, title, start_date, renewal_date, value, currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    (i) => {
      const start = NOW_MS - int(60, 900) * DAY;
      return [
        newId(),
        withAgreement[i],
        'framework',
        `Framework ${i}`,
        date(start),
        random() < 0.1 ? null : date(NOW_MS + int(-180, 540) * DAY),
        Math.round(random() * 1e7) / 100,
        'CNY',
        iso(start),
        iso(start),
      ];
    },
  );

  const t = performance.now();
  db.pragma('optimize');
  db.pragma('wal_checkpoint(TRUNCATE)');
  log(`optimize and checkpoint in ${seconds(t)}`);
  const counts = heaviest(db, accounts[0]!);
  log(`store built in ${seconds(started)}; heaviest account ${accounts[0]}: ${counts}`);
  store.close();
  return accounts[0]!;
}

function heaviest(db: Database.Database, id: string): string {
  const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE account_id = ?`).get(id) as { n: number }).n;
  return ['people', 'touchpoints', 'purchases', 'service_requests', 'satisfaction_responses', 'person_changes'].map((t) => `${n(t)} ${t}`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// The figures

type Runtime = ReturnType<typeof openRuntime>;

async function measure(runtime: Runtime, heavy: string, report: Report): Promise<void> {
  const db = runtime.store.sqlite;
  const only = process.env.HEALTH_BENCH?.split(',');
  const wants = (part: string) => !only || only.includes(part);

  // A full recompute, twice: the first reads the tables from disk (cold), the second from the cache.
  if (wants('portfolio')) {
    const changes = new ChangeLog(db);
    const writer = { sqlite: db, changes, now: () => NOW };
    const timings: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      // The app's own full pass (the job's work, drained here without the pauses between its steps).
      const work = recomputeWork(writer);
      let step = work.next();
      while (!step.done) step = work.next();
      const raised = step.value.raised;
      timings.push(performance.now() - t0);
      log(`full recompute ${i === 0 ? 'cold' : 'warm'}: ${Math.round(timings[i]!)} ms, ${raised} alerts raised or escalated`);
    }
    const colours = db.prepare('SELECT colour, count(*) AS n FROM account_health GROUP BY colour').all() as { colour: string; n: number }[];
    log(`colours: ${colours.map((c) => `${c.n} ${c.colour}`).join(', ')}`);
    report('health.portfolio', Math.round(timings[1]!), 'ms', { op: '<=', value: 1000 });
  }

  const call = async (method: string, input: unknown) => {
    const t0 = performance.now();
    const result = await runtime.dispatch(method, input, { locale: 'zh-CN' });
    const ms = performance.now() - t0;
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return ms;
  };

  if (wants('write')) {
    const accounts = db.prepare('SELECT id FROM accounts WHERE deleted_at IS NULL').pluck(true).all() as string[];
    const random = rng(11);
    const period = new Date().toISOString().slice(0, 7);
    const timings: number[] = [];
    for (let i = 0; i < 55; i++) {
      // Half on the accounts the data piles up on, half anywhere.
      const accountId = random() < 0.5 ? accounts[Math.floor(random() ** 2 * 50)]! : accounts[Math.floor(random() * accounts.length)]!;
      const ms = await call('purchases.create', { accountId, period, amount: Math.round(random() * 100_000) / 100, currency: 'CNY' });
      if (i >= 5) timings.push(ms);
    }
    log(`after_write p95 ${percentile(timings, 95).toFixed(1)} ms, max ${Math.max(...timings).toFixed(1)} ms`);
    report('health.after_write', percentile(timings, 50), 'ms', { op: '<=', value: 10 });
  }

  if (wants('page')) {
    const all: number[] = [];
    for (const [label, input] of [
      ['health', { sort: 'health', limit: 200 }],
      ['name', { sort: 'name', limit: 200 }],
    ] as const) {
      const timings: number[] = [];
      for (let i = 0; i < 31; i++) {
        const ms = await call('portfolio.list', input);
        if (i > 0) timings.push(ms);
      }
      log(`portfolio page by ${label}: median ${percentile(timings, 50).toFixed(1)} ms, p95 ${percentile(timings, 95).toFixed(1)} ms`);
      all.push(...timings);
    }
    report('health.portfolio_page', percentile(all, 50), 'ms', { op: '<=', value: 20 });
  }

  if (wants('account')) {
    const timings: number[] = [];
    for (let i = 0; i < 31; i++) {
      const ms = await call('health.account', { accountId: heavy });
      if (i > 0) timings.push(ms);
    }
    log(`health.account p95 ${percentile(timings, 95).toFixed(1)} ms`);
    report('health.account', percentile(timings, 50), 'ms', { op: '<=', value: 10 });
  }

  if (wants('dashboard')) {
    const cold = await call('health.dashboard', {});
    log(`health.dashboard cold (then-scores computed): ${cold.toFixed(1)} ms`);
    const timings: number[] = [];
    for (let i = 0; i < 11; i++) timings.push(await call('health.dashboard', {}));
    log(`health.dashboard cached p95 ${percentile(timings, 95).toFixed(1)} ms, max ${Math.max(...timings).toFixed(1)} ms`);
    report('health.dashboard', percentile(timings, 50), 'ms', { op: '<=', value: 200 });
    const period = new Date().toISOString().slice(0, 7);
    await call('purchases.create', { accountId: heavy, period, amount: 123.45, currency: 'CNY' });
    const afterWrite = await call('health.dashboard', {});
    log(`health.dashboard right after one write (heaviest account): ${afterWrite.toFixed(1)} ms`);
  }
}
