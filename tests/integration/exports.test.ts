/**
 * Exports through the contract on a real store, read back with the parsers other programs use:
 * CSV (papaparse), Excel (exceljs), vCard and iCalendar (ical.js). Lists come out as shown: the
 * filter applied, the caller's language, names instead of ids; formulas never run; private notes
 * never leave.
 */
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFile } from '../../shared/exports';
import { call, cleanup, closeTest, openTest, refuse, seedWorld, type Runtime, type World } from '../helpers/domain-fixtures';

afterAll(cleanup);

const bytes = (f: ExportFile) => Buffer.from(f.base64, 'base64');
function csvRows(f: ExportFile): string[][] {
  const text = bytes(f).toString('utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  expect(text).toContain('\r\n');
  return Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
}
async function xlsxRows(f: ExportFile): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes(f) as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('exports', () => {
  let rt: Runtime;
  let w: World;

  beforeAll(async () => {
    rt = openTest();
    w = await seedWorld(rt);
    await call(rt, 'accounts.update', { id: w.accountB, tier: 'strategic' });
    await call(rt, 'people.update', {
      id: w.personA1,
      phone: '+86 138 0000 1111',
      email: 'zhang.wei@huawei.example',
      roles: ['decider', 'user'],
      reportsToId: w.personA2,
    });
    await call(rt, 'people.update', { id: w.personA2, name: '欧阳娜娜' });
    // A name typed to run as a formula in a spreadsheet.
    await call(rt, 'people.create', { accountId: w.accountA, name: '=HYPERLINK("http://evil.example","点我")' });
    // A private note is sealed to its author (issue 12): someone uses the device while it is written.
    await call(rt, 'me.set', { memberId: w.member });
    await call(rt, 'notes.create', { personId: w.personA1, body: '私人备注：他下个月跳槽' });
    await call(rt, 'me.set', { memberId: null });
    await call(rt, 'purchases.create', { accountId: w.accountA, period: '2026-10', amount: 120000, currency: 'CNY', productLine: '光模块' });
    await call(rt, 'followups.create', { accountId: w.accountA, task: '发送报价单', dueDate: '2026-12-08', ownerId: w.member });
    await call(rt, 'followups.create', { accountId: w.accountB, task: 'Send the proposal', dueDate: '2026-12-09', ownerId: w.member2 });
    await call(rt, 'agreements.create', { accountId: w.accountA, title: '2026 框架协议', renewalDate: '2027-01-15' });
  });
  afterAll(() => closeTest(rt));

  it('the portfolio as shown: filter applied, headers and codes in the caller’s language', async () => {
    const zh = await call<ExportFile>(rt, 'exports.list', { list: 'portfolio', format: 'csv' }, 'zh-CN');
    expect(zh.fileName).toMatch(/^客户组合-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(zh.mediaType).toMatch(/^text\/csv/);
    const rows = csvRows(zh);
    expect(rows[0]!.slice(0, 5)).toEqual(['客户', '分级', '阶段', '关系层级', '负责人']);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['Siemens China', '华为技术']);
    expect(zh.count).toBe(2);

    const filtered = await call<ExportFile>(rt, 'exports.list', { list: 'portfolio', format: 'csv', filter: { tier: 'strategic' } });
    const en = csvRows(filtered);
    expect(en[0]![0]).toBe('Account');
    expect(en.slice(1)).toHaveLength(1);
    expect(en[1]!.slice(0, 2)).toEqual(['Siemens China', 'Strategic']);
    expect(en[1]![4]).toBe('Laura Becker');
  });

  it('an account’s people to Excel: names for ids, roles as words, phone and e-mail; a formula stays text', async () => {
    const file = await call<ExportFile>(rt, 'exports.list', { list: 'people', format: 'xlsx', accountId: w.accountA });
    expect(file.fileName).toMatch(/^华为技术-Key people-.*\.xlsx$/);
    const rows = await xlsxRows(file);
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    const zhang = rows.find((r) => r[0] === '张伟')!;
    expect(zhang[col('Phone')]).toBe('+86 138 0000 1111');
    expect(zhang[col('Email')]).toBe('zhang.wei@huawei.example');
    expect(zhang[col('Reports to')]).toBe('欧阳娜娜');
    expect(zhang[col('Buying-centre roles')]).toBe('Decider, User');
    // Excel reads a string cell as text, never as a formula: the value is kept as typed.
    expect(rows.some((r) => r[0] === '=HYPERLINK("http://evil.example","点我")')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('他下个月跳槽');
  });

  it('CSV neutralises cells a spreadsheet would run, keeps negative numbers, and leaves private notes out', async () => {
    const rows = csvRows(await call<ExportFile>(rt, 'exports.list', { list: 'people', format: 'csv', accountId: w.accountA }, 'zh-CN'));
    expect(rows.map((r) => r[0])).toContain(`'=HYPERLINK("http://evil.example","点我")`);
    expect(rows.flat().join('|')).not.toContain('他下个月跳槽');
    const zhang = rows.find((r) => r[0] === '张伟')!;
    expect(zhang).toContain('决策者、使用者');
  });

  it('touchpoints, purchases and follow-ups of the lists', async () => {
    const tps = csvRows(await call<ExportFile>(rt, 'exports.list', { list: 'touchpoints', format: 'csv', accountId: w.accountA }));
    expect(tps[1]).toContain('拜访采购部，讨论框架协议续签');
    expect(tps[1]).toContain('Visit');
    const purchases = await xlsxRows(await call<ExportFile>(rt, 'exports.list', { list: 'purchases', format: 'xlsx', accountId: w.accountA }));
    expect(purchases[1]!.slice(0, 4)).toEqual(['2026-10', 120000, 'CNY', '光模块']);
    const mine = csvRows(await call<ExportFile>(rt, 'exports.list', { list: 'followups', format: 'csv', ownerId: w.member, withinDays: 365 }));
    // Mine (the routine reviews the health model planned for my accounts among them), not a colleague's.
    const quote = mine.find((r) => r[1] === '发送报价单')!;
    expect(quote.slice(0, 3)).toEqual(['2026-12-08', '发送报价单', '华为技术']);
    expect(mine.map((r) => r[1])).not.toContain('Send the proposal');
    expect(new Set(mine.slice(1).map((r) => r[3]))).toEqual(new Set(['陈晓明']));
  });

  it('people to vCard 3.0 that a contacts program reads: name parts, organisation, phone, e-mail', async () => {
    const file = await call<ExportFile>(rt, 'exports.contacts', { accountId: w.accountA });
    expect(file.fileName).toMatch(/\.vcf$/);
    const text = bytes(file).toString('utf8');
    expect(text).not.toContain('他下个月跳槽');
    const parsed = ICAL.parse(text) as unknown[];
    const cards = (Array.isArray(parsed[0]) ? parsed : [parsed]).map((jcal) => new ICAL.Component(jcal as never));
    expect(cards).toHaveLength(file.count);
    const zhang = cards.find((c) => c.getFirstPropertyValue('fn') === '张伟')!;
    expect(zhang.getFirstPropertyValue('version')).toBe('3.0');
    expect(zhang.getFirstProperty('n')!.getValues()[0]).toEqual(['张', '伟', '', '', '']);
    expect(zhang.getFirstPropertyValue('org')).toBe('华为技术');
    expect(zhang.getFirstPropertyValue('tel')).toBe('+86 138 0000 1111');
    expect(zhang.getFirstPropertyValue('email')).toBe('zhang.wei@huawei.example');
    const ouyang = cards.find((c) => c.getFirstPropertyValue('fn') === '欧阳娜娜')!;
    expect(ouyang.getFirstProperty('n')!.getValues()[0]).toEqual(['欧阳', '娜娜', '', '', '']);
  });

  it('follow-ups and renewals to an all-day calendar, one owner’s or everyone’s', async () => {
    const mine = await call<ExportFile>(rt, 'exports.calendar', { ownerId: w.member }, 'zh-CN');
    const calendar = new ICAL.Component(ICAL.parse(bytes(mine).toString('utf8')) as never);
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const summaries = events.map((e) => e.summary);
    expect(summaries).toEqual(expect.arrayContaining(['续约：2026 框架协议（华为技术）', '跟进：发送报价单（华为技术）']));
    expect(summaries.join()).not.toContain('Send the proposal');
    const followUp = events.find((e) => e.summary === '跟进：发送报价单（华为技术）')!;
    expect(followUp.startDate.isDate).toBe(true);
    expect(followUp.startDate.toString()).toBe('2026-12-08');
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    const everyone = await call<ExportFile>(rt, 'exports.calendar', {});
    expect(everyone.count).toBe(mine.count + (await call<ExportFile>(rt, 'exports.calendar', { ownerId: w.member2 })).count);
    expect(bytes(everyone).toString('utf8')).toContain('Send the proposal');
  });

  it('refuses an unknown list or format in words, and writes nothing', async () => {
    expect((await refuse(rt, 'exports.list', { list: 'secrets', format: 'csv' })).code).toBe('validation');
    expect((await refuse(rt, 'exports.list', { list: 'people', format: 'pdf', accountId: w.accountA })).code).toBe('validation');
  });
});
