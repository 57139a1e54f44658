/**
 * Domain benchmarks (`npm run bench -- domain`). Figures:
 *
 *   search.p50 / search.p95   `search.query` through the dispatcher (parse, FTS5, answer check)
 *                             over 1,000,000 touchpoints, 100,000 people and 10,000 accounts;
 *                             a mix of 1-, 2-, 3- and 4+-character Chinese and English queries
 *   search.short.p95          the 1–2 character queries alone (the trigram index cannot serve them)
 *   portfolio.first_page.ms   median of `portfolio.list` first page (200 rows, name order in zh-CN)
 *                             over 10,000 accounts with owners, people and touchpoints
 *   portfolio.first_page.p95  its 95th percentile
 *
 * The data is written with plain inserts (the search triggers run, the change log does not), in a
 * temporary folder removed at the end; building it takes a few minutes and is reported on stderr.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntime } from '../../electron/host/runtime';
import { newId } from '../../electron/store/ids';
import type { Report } from './run';

const SIZES = { accounts: 10_000, people: 100_000, touchpoints: 1_000_000 };

const ZH = [
  '拜访',
  '采购部',
  '技术交流',
  '框架协议',
  '续签',
  '报价',
  '交付周期',
  '招标',
  '预算',
  '审批',
  '解决方案',
  '现场',
  '设备',
  '告警',
  '投诉',
  '培训',
  '工程师',
  '高层',
  '战略',
  '合作',
  '需求',
  '成本',
  '服务',
  '升级',
  '试点',
  '验收',
  '付款',
  '合同',
  '样机',
  '测试',
];
const EN = [
  'visit',
  'procurement',
  'tender',
  'renewal',
  'quotation',
  'delivery',
  'pilot',
  'budget',
  'approval',
  'platform',
  'training',
  'complaint',
  'escalation',
  'roadmap',
  'workshop',
  'contract',
  'pricing',
  'upgrade',
  'integration',
  'security',
];
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '建华', '志强', '海燕', '晓东'];

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
  // RAPPORT_BENCH_DIR keeps the generated store between runs (for profiling); by default it is temporary.
  const kept = process.env.RAPPORT_BENCH_DIR;
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'rapport-bench-domain-'));
  const reuse = kept !== undefined && existsSync(join(dir, 'rapport.sqlite'));
  const runtime = openRuntime(dir, 'cli');
  try {
    const db = runtime.store.sqlite;
    if (!reuse) generate(db);
    await measure(runtime, report);
  } finally {
    runtime.close();
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

function generate(db: ReturnType<typeof openRuntime>['store']['sqlite']): void {
  {
    const random = rng(42);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const now = Date.now();
    const started = performance.now();

    const members = Array.from({ length: 50 }, (_, i) => newId() + String(i));
    db.transaction(() => {
      const insert = db.prepare("INSERT INTO members (id, name, role, created_at, updated_at) VALUES (?, ?, 'rep', '', '')");
      members.forEach((id, i) => insert.run(id, `${pick(SURNAMES)}${pick(GIVEN)}${i}`));
    })();
    const accounts: string[] = [];
    db.transaction(() => {
      const insert = db.prepare(
        "INSERT INTO accounts (id, name, tier, stage, level, owner_id, aliases, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '[]', '', '')",
      );
      for (let i = 0; i < SIZES.accounts; i++) {
        const id = newId();
        accounts.push(id);
        insert.run(
          id,
          `${pick(['华', '中', '东', '南', '新', '远', '恒', '信'])}${pick(['达', '通', '科', '安', '源', '泰'])}${pick(['集团', '科技', '电子', 'Industries', 'Logistics'])} ${i}`,
          pick(['strategic', 'key', 'growth', 'standard']),
          pick(['prospect', 'growth', 'maturity']),
          pick(['transactional', 'preferred', 'solution', 'strategic']),
          pick(members),
        );
      }
    })();
    db.transaction(() => {
      const insert = db.prepare(
        "INSERT INTO people (id, account_id, name, title, department, roles, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '[]', '', '')",
      );
      for (let i = 0; i < SIZES.people; i++)
        insert.run(
          newId(),
          accounts[i % accounts.length]!,
          `${pick(SURNAMES)}${pick(GIVEN)}`,
          pick(['总监', '经理', 'Engineer', 'Director']),
          pick(['采购部', '技术部', 'Finance']),
        );
    })();
    console.error(`# domain: accounts and people in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const batch = 100_000;
    for (let done = 0; done < SIZES.touchpoints; done += batch) {
      db.transaction(() => {
        const insert = db.prepare(
          "INSERT INTO touchpoints (id, account_id, at, kind, summary, needs, created_at, updated_at) VALUES (?, ?, ?, 'visit', ?, ?, '', '')",
        );
        for (let i = done; i < done + batch; i++) {
          const words = Array.from({ length: 6 }, () => (random() < 0.7 ? pick(ZH) : pick(EN)));
          insert.run(
            newId(),
            accounts[i % accounts.length]!,
            new Date(now - Math.floor(random() * 7e10)).toISOString(),
            words.join(random() < 0.5 ? '' : ' '),
            random() < 0.3 ? `${pick(ZH)}${pick(ZH)}` : null,
          );
        }
      })();
    }
    console.error(`# domain: ${SIZES.touchpoints} touchpoints indexed, ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  }
}

async function measure(runtime: ReturnType<typeof openRuntime>, report: Report): Promise<void> {
  {
    const queries = [
      '伟',
      '张伟',
      '王芳',
      '采购',
      '技术交流',
      '框架协议续签',
      'PROCUREMENT',
      'tender',
      'Pilot',
      '交付周期',
      '李',
      'roadmap workshop',
      '集团',
      '告警',
      'escalation',
    ];
    const timings: number[] = [];
    const shortTimings: number[] = [];
    for (let round = 0; round < 7; round++) {
      for (const text of queries) {
        const t0 = performance.now();
        const result = await runtime.dispatch('search.query', { text }, { locale: 'zh-CN' });
        const ms = performance.now() - t0;
        if (!result.ok) throw new Error(`search failed: ${result.error.message}`);
        if (round === 0) continue; // warm-up
        timings.push(ms);
        if ([...text].length < 3) shortTimings.push(ms);
        if (process.env.RAPPORT_BENCH_VERBOSE) console.error(`# search ${JSON.stringify(text)} ${ms.toFixed(1)} ms`);
      }
    }
    report('search.p50', percentile(timings, 50), 'ms', { op: '<=', value: 50 });
    report('search.p95', percentile(timings, 95), 'ms', { op: '<=', value: 50 });
    report('search.short.p95', percentile(shortTimings, 95), 'ms', { op: '<=', value: 50 });

    const pageTimings: number[] = [];
    for (let i = 0; i < 31; i++) {
      const t0 = performance.now();
      const result = await runtime.dispatch('portfolio.list', { limit: 200 }, { locale: 'zh-CN' });
      if (!result.ok) throw new Error(result.error.message);
      if (i > 0) pageTimings.push(performance.now() - t0);
    }
    report('portfolio.first_page.ms', percentile(pageTimings, 50), 'ms', { op: '<=', value: 20 });
    report('portfolio.first_page.p95', percentile(pageTimings, 95), 'ms', { op: '<=', value: 20 });
  }
}
