/**
 * Duplicate candidates (`npm run bench -- dedupe`):
 *
 *   dedupe.100k   `duplicates.list` for people over a store of 100,000 people in 10,000 accounts
 *                 (Chinese and Latin names, phones with and without +86, e-mail in mixed case, 2 %
 *                 planted duplicates): reading the store, keys, blocking, pairs and their names,
 *                 through the dispatcher as the app calls it. Median of 3 after a warm-up.
 *   dedupe.accounts_10k  the same for the 10,000 accounts' names (pinyin of every core).
 *   merge.reconcile_100k  what runs after every sync round once 100 people have been merged away
 *                 and 100 touchpoints still name them: re-point, carry, keep in the bin (median of 3).
 *
 * The rows are written straight into a scratch store in one transaction (the setup is not what is
 * measured); the folder is removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntime } from '../../electron/host/runtime';
import type { Report } from './run';

const ACCOUNTS = 10_000;
const PER_ACCOUNT = 10;
const RUNS = 3;

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '丽',
  '华',
  '平',
  '建国',
  '志强',
  '晓东',
  '海燕',
];
const CITIES = ['上海', '北京', '深圳', '苏州', '杭州', '成都', '武汉', '宁波'];
const TRADES = ['电子', '机械', '化工', '新能源', '医药', '物流', '汽车零部件', '精密制造'];

export async function run(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-dedupe-'));
  const rt = openRuntime(dir, 'cli');
  try {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const sqlite = rt.store.sqlite;
    const insertAccount = sqlite.prepare('INSERT INTO accounts (id, name) VALUES (?, ?)');
    const insertPerson = sqlite.prepare('INSERT INTO people (id, account_id, name, phone, email) VALUES (?, ?, ?, ?, ?)');
    sqlite.transaction(() => {
      for (let a = 0; a < ACCOUNTS; a++) {
        const name = `${CITIES[a % CITIES.length]}${SURNAMES[rand(20)]}${GIVEN[rand(GIVEN.length)]}${TRADES[rand(TRADES.length)]}${a}有限公司`;
        insertAccount.run(`a${a}`, a % 50 === 0 ? `${name.replace('有限公司', '')}股份有限公司` : name);
        for (let p = 0; p < PER_ACCOUNT; p++) {
          const i = a * PER_ACCOUNT + p;
          const planted = rand(50) === 0 && p > 0;
          const name = planted ? 'Zhang Wei' : `${SURNAMES[rand(20)]}${GIVEN[rand(GIVEN.length)]}${GIVEN[rand(GIVEN.length)]}`;
          const phone = `${rand(2) ? '+86 ' : ''}13${String(i).padStart(9, '0')}`;
          insertPerson.run(`p${i}`, `a${a}`, name, phone, `p${i}@Example${a}.com`);
        }
      }
    })();
    const time = async (input: object): Promise<{ s: number; total: number }> => {
      const times: number[] = [];
      let total = 0;
      await rt.dispatch('duplicates.list', input); // warm-up
      for (let r = 0; r < RUNS; r++) {
        const t0 = performance.now();
        const result = await rt.dispatch('duplicates.list', input);
        times.push((performance.now() - t0) / 1000);
        if (!result.ok) throw new Error(result.error.message);
        total = (result.value as { total: number }).total;
      }
      return { s: times.sort((x, y) => x - y)[Math.floor(RUNS / 2)]!, total };
    };
    const people = await time({ kind: 'people' });
    console.error(`# ${ACCOUNTS * PER_ACCOUNT} people: ${people.total} candidate pairs`);
    report('dedupe.100k', people.s, 's', { op: '<=', value: 5 });
    const accounts = await time({ kind: 'accounts' });
    console.error(`# ${ACCOUNTS} accounts: ${accounts.total} candidate pairs`);
    report('dedupe.accounts_10k', accounts.s, 's', { op: '<=', value: 2 });

    // 100 merges of people, then 100 touchpoints written "elsewhere" naming the merged-away people.
    for (let m = 0; m < 100; m++) {
      const result = await rt.dispatch('merge.apply', { kind: 'people', fromId: `p${m * 1000 + 1}`, intoId: `p${m * 1000}` });
      if (!result.ok) throw new Error(result.error.message);
    }
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      sqlite.transaction(() => {
        for (let m = 0; m < 100; m++)
          sqlite
            .prepare(
              "INSERT INTO touchpoints (id, account_id, at, kind, summary, their_participants) VALUES (?, ?, '2026-11-01T00:00:00.000Z', 'call', 'x', ?)",
            )
            .run(`t${r}-${m}`, `a${m * 100}`, JSON.stringify([`p${m * 1000 + 1}`]));
      })();
      const t0 = performance.now();
      const result = await rt.dispatch('merge.reconcile', {});
      times.push((performance.now() - t0) / 1000);
      if (!result.ok || (result.value as { repointed: number }).repointed !== 100) throw new Error(`reconcile: ${JSON.stringify(result)}`);
    }
    report('merge.reconcile_100k', times.sort((x, y) => x - y)[1]!, 's', { op: '<=', value: 1 });
  } finally {
    rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
