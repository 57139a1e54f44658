/**
 * An import's rows checked on a thread ahead of its job (electron/services/import/ahead.ts): what
 * the job makes of a row with the thread's result is what it makes of the row alone, for every
 * kind, good rows and bad; through the real thread (from the sources) an import ends as it does
 * without one; and a thread that fails leaves the job to do it all. Real store in a temp folder.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openRuntime } from '../../electron/host/runtime';
import { rowAhead, RowsAhead, useImportWorker } from '../../electron/services/import/ahead';
import { planOf, planRow, Resolver } from '../../electron/services/import/plan';
import type { Sheet } from '../../electron/services/import/read';
import type { ImportKind } from '../../shared/import/fields';
import { translator } from '../../shared/i18n';
import { call, cleanup, closeTest, openTest, scratchDir, type Rec } from '../helpers/domain-fixtures';

afterAll(cleanup);

const t = translator('en');
const THREAD = fileURLToPath(new URL('../helpers/import-thread.mjs', import.meta.url));

type Cells = (string | number | boolean | Date | null)[];
const SHEETS: { kind: ImportKind; headers: string[]; mapping: (string | null)[]; rows: Cells[] }[] = [
  {
    kind: 'people',
    headers: ['Account Name', 'Name', 'Title', 'Mobile', 'Email', 'Role', 'Stance', 'Influence', 'Reports to'],
    mapping: ['account', 'name', 'title', 'phone', 'email', 'roles', 'stance', 'influence', 'reportsTo'],
    rows: [
      ['ACME', '  张伟 ', '总经理', '138 0000 0001', 'zw@acme.example', '决策者', '支持者', 4, 'Ann'],
      ['New Co', 'Li Na', null, null, null, 'user, influencer', 'neutral', '3', null],
      ['ACME', 'Bob', 'CTO', null, 'not-an-email', null, 'grumpy', 9, null],
      ['', 'Nobody', null, null, null, null, null, null, null],
      ['ACME', '', 'Ghost', null, null, null, null, null, null],
      ['ACME', 'Cy', null, 13800000002, null, null, null, 2.5, null],
    ],
  },
  {
    kind: 'accounts',
    headers: ['Company', 'Aliases', 'Industry', 'Tier', 'Level', 'Share of wallet'],
    mapping: ['name', 'aliases', 'industry', 'tier', 'level', 'shareOfWallet'],
    rows: [
      ['宁德时代新能源科技股份有限公司', 'CATL; 宁德时代', '电池', 'strategic', null, '35%'],
      ['ACME', null, null, 'nonsense', null, null],
      ['Globex', null, 'Retail', null, null, 2],
    ],
  },
  {
    kind: 'touchpoints',
    headers: ['Account', 'Date', 'Kind', 'Summary', 'Participants'],
    mapping: ['account', 'at', 'kind', 'summary', 'participants'],
    rows: [
      ['ACME', '2026-11-20', 'visit', '到访，讨论样品', 'Ann'],
      ['ACME', '2026-11-21', 'call', 'Follow-up call', null],
      ['ACME', new Date('2026-11-22T00:00:00Z'), 'call', 'A date cell', null],
      ['ACME', '2026-02-30', 'call', 'Not a date', null],
    ],
  },
  {
    kind: 'requests',
    headers: ['Account', 'Contact', 'Opened', 'Closed', 'Severity', 'Summary'],
    mapping: ['account', 'person', 'openedAt', 'closedAt', 'severity', 'summary'],
    rows: [
      ['ACME', 'Ann', '2026-10-01', '2026-10-03', 'high', 'Line stopped'],
      ['ACME', 'Nobody Here', '2026-10-01', null, 'low', 'Who?'],
      ['ACME', null, '2026-10-05', '2026-10-01', 'low', 'Closed before opened'],
    ],
  },
  {
    kind: 'followups',
    headers: ['Account', 'Task', 'Due', 'Owner', 'Done'],
    mapping: ['account', 'task', 'dueDate', 'owner', 'done'],
    rows: [
      ['ACME', 'Send the samples', '2026-12-20', 'Lin', 'no'],
      ['ACME', 'Call back', null, 'Stranger', null],
    ],
  },
];

const sheetOf = (s: (typeof SHEETS)[number]): Sheet => ({
  format: 'csv',
  encoding: 'utf-8',
  sheets: [],
  sheet: null,
  headerRow: 1,
  headers: s.headers,
  rows: s.rows.map((cells, i) => ({ row: i + 2, cells })),
});

describe('import rows checked ahead on a thread', () => {
  it('makes of each row, with the result as it crosses from the thread, what the job makes of it alone', async () => {
    const rt = openTest();
    const acme = await call<Rec>(rt, 'accounts.create', { name: 'ACME' });
    await call<Rec>(rt, 'people.create', { accountId: acme.id, name: 'Ann' });
    await call<Rec>(rt, 'members.create', { name: 'Lin' });
    let compared = 0;
    let checkedAhead = 0;
    for (const s of SHEETS) {
      const sheet = sheetOf(s);
      const plan = planOf(s.kind, sheet, s.mapping, null);
      for (const source of sheet.rows) {
        const crossed = rowAhead(s.kind, plan.fields, sheet.headers, source, t);
        const ahead = crossed === null ? undefined : (JSON.parse(JSON.stringify(crossed)) as typeof crossed);
        if (ahead?.checked) checkedAhead++;
        const alone = planRow(plan, new Resolver(rt.store.sqlite, s.kind, null), source, t);
        const withAhead = planRow(plan, new Resolver(rt.store.sqlite, s.kind, null), source, t, ahead ?? undefined);
        expect(withAhead, `${s.kind} row ${source.row}`).toEqual(alone);
        compared++;
      }
    }
    expect(compared).toBe(18);
    // Most rows are checked ahead; a date cell, participants, and rows with problems are the job's.
    expect(checkedAhead).toBeGreaterThanOrEqual(9);

    // The same from the real thread (from the sources), its results taken as they arrive.
    useImportWorker(THREAD);
    try {
      let fromThread = 0;
      for (const s of SHEETS) {
        const sheet = sheetOf(s);
        const plan = planOf(s.kind, sheet, s.mapping, null);
        const rows = new RowsAhead({ kind: s.kind, mapping: s.mapping, headers: s.headers, rows: sheet.rows, locale: 'en' });
        try {
          // Its first batch holds every row of these small sheets.
          const first = await vi.waitFor(
            () => {
              const ahead = rows.take(0);
              if (ahead === undefined) throw new Error('nothing from the thread yet');
              return ahead;
            },
            { timeout: 20_000, interval: 20 },
          );
          sheet.rows.forEach((source, i) => {
            const ahead = i === 0 ? first : rows.take(i);
            if (ahead?.checked) fromThread++;
            const resolver = () => new Resolver(rt.store.sqlite, s.kind, null);
            expect(planRow(plan, resolver(), source, t, ahead), `${s.kind} row ${source.row}, from the thread`).toEqual(planRow(plan, resolver(), source, t));
          });
        } finally {
          rows.stop();
        }
      }
      expect(fromThread).toBe(checkedAhead);
    } finally {
      useImportWorker(undefined);
    }
    closeTest(rt);
  });

  it('through the thread, an import ends as it does without one; a thread that fails leaves it all to the job', async () => {
    const lines = ['客户名称,姓名,职位,手机,电子邮箱,态度'];
    for (let i = 0; i < 1600; i++) {
      const email = i % 97 === 0 ? 'broken' : `p${i}@example.cn`;
      lines.push(`客户${(i % 1500) % 7},联系人${i % 1500},经理,1390000${String(i).padStart(4, '0')},${email},${i % 3 ? '支持者' : '中立'}`);
    }
    const file = join(scratchDir(), 'people.csv');
    writeFileSync(file, lines.join('\r\n'));
    const broken = join(scratchDir(), 'broken-thread.mjs');
    writeFileSync(broken, "throw new Error('this thread does not start');\n");

    const outcome = async (importWorkerFile: string | undefined) => {
      const rt = openRuntime(scratchDir(), 'cli', { importWorkerFile });
      try {
        const result = await rt.dispatch('import.run', { path: file, kind: 'people' }, { locale: 'en' });
        if (!result.ok) throw new Error(result.error.message);
        const { created, updated, unchanged, failed, accountsCreated, problems } = result.value as Record<string, unknown>;
        const people = rt.store.sqlite
          .prepare(
            `SELECT a.name AS account, p.name, p.title, p.phone, p.email, p.stance, p.roles FROM people p JOIN accounts a ON a.id = p.account_id ORDER BY a.name, p.name`,
          )
          .all();
        return { created, updated, unchanged, failed, accountsCreated, problems, people };
      } finally {
        rt.close();
      }
    };
    const alone = await outcome(undefined);
    // The last 100 rows repeat earlier ones (updates), but for the repeats of rows that failed (new).
    expect(alone).toMatchObject({ created: 1486, updated: 97, failed: 17, accountsCreated: 7 });
    expect(await outcome(THREAD)).toEqual(alone);
    expect(await outcome(broken)).toEqual(alone);
  });
});
