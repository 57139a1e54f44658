/**
 * Import from the Excel islands (issue 13 part 1), end to end on real stores: files shaped as
 * Chinese Excel, Excel and phone/mail programs write them (generated here), imported through the
 * contract and checked record by record; re-import updates; undo restores the canonical export
 * byte for byte; bad files get a clear, translated error and write nothing.
 */
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ServiceContext } from '../../electron/services/context';
import type { Sheet } from '../../electron/services/import/read';
import { importWork } from '../../electron/services/import/run';
import { ChangeLog } from '../../electron/sync/changes';
import { exportCanonical } from '../../electron/sync/export';
import { translator } from '../../shared/i18n';
import { call, cleanup, closeTest, openTest, refuse, scratchDir, tableCounts, type Rec, type Runtime } from '../helpers/domain-fixtures';

afterAll(cleanup);

interface Result {
  batchId: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  accountsCreated: number;
  problems: { row: number; column: string | null; message: string }[];
}

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(scratchDir(), name);
  writeFileSync(path, bytes);
  return path;
}

/** Every person of every account (in the bin too, with `state`), by name. */
async function people(rt: Runtime, state: 'active' | 'deleted' = 'active'): Promise<Rec[]> {
  const accounts = await call<Rec[]>(rt, 'accounts.list', { state: 'all' });
  const lists = await Promise.all(accounts.map((a) => call<Rec[]>(rt, 'people.list', { accountId: a.id, state })));
  return lists.flat().sort((a, b) => String(a.name).localeCompare(String(b.name)));
}
const accountNamed = async (rt: Runtime, name: string) => (await call<Rec[]>(rt, 'accounts.list', {})).find((a) => a.name === name);
const byName = (list: Rec[], name: string) => {
  const found = list.find((p) => p.name === name);
  if (!found) throw new Error(`no ${name} among ${list.map((p) => String(p.name)).join(', ')}`);
  return found;
};

/** As Chinese Excel saves "CSV (逗号分隔)": GBK, CRLF, no BOM, quotes only where needed. */
const GBK_CSV = [
  '客户名称,姓名,职位,部门,手机,邮箱,上级,角色,态度',
  '宁德时代,曾毓群,董事长,,13800000001,zeng@catl.example,,决策者,支持者',
  '宁德时代,吴凯,"首席科学家,副总裁",研发中心,138 0000 0002,wu@catl.example,曾毓群,"影响者、使用者",拥护者',
  '宁德时代,李采购,"采购经理',
  '（华东区）",采购部,+86 13800000003,li@catl.example,吴凯,采购者,中立',
  '比亚迪股份有限公司,王传福,总裁,,13900000001,,,决策者,未知',
].join('\r\n');

describe('CSV from Chinese Excel (GBK)', () => {
  it('imports people with their accounts, roles, stance and reporting lines, record by record', async () => {
    const rt = openTest();
    const path = file('联系人.csv', iconv.encode(GBK_CSV, 'gbk'));
    const preview = await call<{ encoding: string; headers: string[]; mapping: (string | null)[]; creates: number; failing: number; newAccounts: string[] }>(
      rt,
      'import.preview',
      { path, kind: 'people' },
    );
    expect(preview.encoding).toBe('gb18030');
    expect(preview.headers[0]).toBe('客户名称');
    expect(preview.mapping).toEqual(['account', 'name', 'title', 'department', 'phone', 'email', 'reportsTo', 'roles', 'stance']);
    expect(preview.creates).toBe(4);
    expect(preview.failing).toBe(0);
    expect(preview.newAccounts.sort()).toEqual(['宁德时代', '比亚迪股份有限公司'].sort());

    const result = await call<Result>(rt, 'import.run', { path, kind: 'people' });
    expect(result).toMatchObject({ rows: 4, created: 4, updated: 0, failed: 0, accountsCreated: 2 });
    expect(result.problems).toEqual([]);

    const catl = (await accountNamed(rt, '宁德时代'))!;
    const byd = (await accountNamed(rt, '比亚迪股份有限公司'))!;
    const list = await people(rt);
    expect(list).toHaveLength(4);
    const zeng = byName(list, '曾毓群');
    const wu = byName(list, '吴凯');
    const li = byName(list, '李采购');
    const wang = byName(list, '王传福');
    expect(zeng).toMatchObject({
      accountId: catl.id,
      title: '董事长',
      department: null,
      phone: '13800000001',
      email: 'zeng@catl.example',
      reportsToId: null,
      roles: ['decider'],
      stance: 'supporter',
    });
    expect(wu).toMatchObject({
      accountId: catl.id,
      title: '首席科学家,副总裁',
      department: '研发中心',
      phone: '138 0000 0002',
      reportsToId: zeng.id,
      roles: ['influencer', 'user'],
      stance: 'champion',
    });
    expect(li).toMatchObject({
      accountId: catl.id,
      title: '采购经理\r\n（华东区）',
      department: '采购部',
      phone: '+86 13800000003',
      reportsToId: wu.id,
      roles: ['buyer'],
      stance: 'neutral',
    });
    expect(wang).toMatchObject({ accountId: byd.id, title: '总裁', email: null, roles: ['decider'], stance: 'unknown', reportsToId: null });
  });

  it('re-importing the same sheet updates instead of duplicating', async () => {
    const rt = openTest();
    const path = file('a.csv', iconv.encode(GBK_CSV, 'gbk'));
    await call<Result>(rt, 'import.run', { path, kind: 'people' });
    const before = await people(rt);

    const again = await call<Result>(rt, 'import.run', { path, kind: 'people' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4, failed: 0, accountsCreated: 0 });
    expect(await people(rt)).toHaveLength(4);

    // One title changed in the sheet: that person is updated in place, keeping the id and the reporting line.
    const changed = file('b.csv', iconv.encode(GBK_CSV.replace('董事长', '董事长兼总经理'), 'gbk'));
    const third = await call<Result>(rt, 'import.run', { path: changed, kind: 'people' });
    expect(third).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    const after = await people(rt);
    expect(after.map((p) => p.id)).toEqual(before.map((p) => p.id));
    expect(byName(after, '曾毓群').title).toBe('董事长兼总经理');
    expect((await call<Rec[]>(rt, 'accounts.list', {})).length).toBe(2);

    // By a chosen key: the e-mail finds 吴凯 even under another spelling of his name.
    const renamed = file('c.csv', '客户名称,姓名,邮箱\r\n宁德时代,吴 凯 (Robin),WU@catl.example\r\n');
    const byEmail = await call<Result>(rt, 'import.run', { path: renamed, kind: 'people', keyField: 'email' });
    expect(byEmail).toMatchObject({ created: 0, updated: 1 });
    expect(byName(await people(rt), '吴 凯 (Robin)').id).toBe(byName(before, '吴凯').id);
  });

  it('adds what only looks like a record already there, and names its likely twin in the row’s warning', async () => {
    const rt = openTest();
    await call(rt, 'accounts.create', { name: '宁德时代新能源科技股份有限公司' });
    const sheet = file('twins.csv', '客户名称,行业\r\n宁德时代,电池\r\n比亚迪,汽车\r\n');
    const result = await call<Result>(rt, 'import.run', { path: sheet, kind: 'accounts' }, 'zh-CN');
    expect(result).toMatchObject({ created: 2, failed: 0 });
    const warnings = result.problems.map((p) => p.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/已导入，但与 Rapport 中已有的“宁德时代新能源科技股份有限公司”相似/);
    expect(result.problems[0]).toMatchObject({ row: 2 });
  });
});

describe('undo of a batch', () => {
  it('restores the canonical export byte for byte, also for records the import updated', async () => {
    const rt = openTest();
    const catl = await call(rt, 'accounts.create', { name: '宁德时代', tier: 'strategic' });
    await call(rt, 'people.create', { accountId: catl.id, name: '曾毓群', title: '董事长', stance: 'neutral' });
    const before = exportCanonical(rt.store.sqlite);

    const result = await call<Result>(rt, 'import.run', { path: file('p.csv', iconv.encode(GBK_CSV, 'gbk')), kind: 'people' });
    expect(result).toMatchObject({ created: 3, updated: 1, accountsCreated: 1 });
    expect(exportCanonical(rt.store.sqlite)).not.toBe(before);

    const undone = await call<{ exact: boolean; removed: number; restored: number }>(rt, 'import.undo', { batchId: result.batchId });
    expect(undone.exact).toBe(true);
    expect(undone.restored).toBe(1);
    expect(exportCanonical(rt.store.sqlite)).toBe(before);
    expect((await call<{ state: string }[]>(rt, 'import.batches', {}))[0]!.state).toBe('undone');
    expect((await refuse(rt, 'import.undo', { batchId: result.batchId })).message).toMatch(/undone already/);
  });

  it('once the batch has synced, undo writes the reverse: added records to the bin, changed fields back', async () => {
    const rt = openTest();
    const catl = await call(rt, 'accounts.create', { name: '宁德时代' });
    const zeng = await call(rt, 'people.create', { accountId: catl.id, name: '曾毓群', title: '董事长' });
    const result = await call<Result>(rt, 'import.run', { path: file('p.csv', iconv.encode(GBK_CSV, 'gbk')), kind: 'people' });
    rt.sync.runOnce({ shareDir: scratchDir() });
    // Changed by hand after the import: that value is kept.
    const wu = byName(await people(rt), '吴凯');
    await call(rt, 'people.update', { id: wu.id, title: 'CTO' });

    const undone = await call<{ exact: boolean; removed: number; restored: number; kept: number }>(rt, 'import.undo', { batchId: result.batchId });
    expect(undone.exact).toBe(false);
    const live = await people(rt);
    expect(live.map((p) => p.name)).toEqual(['曾毓群']);
    expect(live[0]).toMatchObject({ id: zeng.id, title: '董事长', phone: null });
    const binned = await people(rt, 'deleted');
    expect(binned.map((p) => p.name).sort()).toEqual(['吴凯', '李采购', '王传福'].sort());
    expect(await accountNamed(rt, '比亚迪股份有限公司')).toBeUndefined();
  });
});

/** An XLSX as people keep them: a title row, a header merged over two sub-columns, Excel dates, formulas. */
async function workbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const contacts = wb.addWorksheet('联系人');
  contacts.addRow(['2026年重点客户联系人清单']);
  contacts.mergeCells('A1:F1');
  contacts.addRow(['客户名称', '姓名', '职位', '联系方式', '', '备注']);
  contacts.mergeCells('D2:E2');
  contacts.addRow(['', '', '', '手机', '邮箱', '']);
  contacts.mergeCells('A2:A3');
  contacts.mergeCells('B2:B3');
  contacts.addRow(['宁德时代', { richText: [{ text: '曾' }, { font: { bold: true }, text: '毓群' }] }, '董事长', 13800000001, 'zeng@catl.example', '']);
  contacts.addRow(['宁德时代', '吴凯', '首席科学家', '13800000002', { text: 'wu@catl.example', hyperlink: 'mailto:wu@catl.example' }, '']);

  const requests = wb.addWorksheet('服务请求');
  requests.addRow(['客户名称', '联系人', '报修日期', '关闭日期', '严重程度', '响应时长', '是否投诉', '问题描述']);
  requests.addRow([
    '宁德时代',
    '吴凯',
    new Date(Date.UTC(2025, 10, 3)),
    new Date(Date.UTC(2025, 10, 5)),
    '高',
    { formula: '2*12', result: 24 },
    '是',
    '电芯检测设备报警',
  ]);
  requests.addRow(['宁德时代', '', 45967, '', '中', 4, '否', '培训需求']); // 45967 = 2025-11-06 as an Excel serial
  requests.addRow(['宁德时代', '', '2026-02-30', '', '低', 1, '否', '不存在的日期']);
  requests.addRow(['宁德时代', '', '2025-12-01', '', '低', { formula: 'F2+F3' }, '否', '公式没有结果']);
  requests.addRow(['宁德时代', '曾毓群', '2025/12/02', '', '紧急', 2, '否', '停线']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('XLSX with a title row, merged headers and Excel dates', () => {
  it('finds the headers under the title, reads merged sub-columns, dates, formulas and rich text', async () => {
    const rt = openTest();
    const path = file('客户.xlsx', await workbook());
    const preview = await call<{ sheets: string[]; sheet: string; headerRow: number; headers: string[]; mapping: (string | null)[] }>(rt, 'import.preview', {
      path,
      kind: 'people',
    });
    expect(preview.sheets).toEqual(['联系人', '服务请求']);
    expect(preview.sheet).toBe('联系人');
    expect(preview.headerRow).toBe(3);
    expect(preview.headers).toEqual(['客户名称', '姓名', '职位', '手机', '邮箱', '备注']);
    expect(preview.mapping).toEqual(['account', 'name', 'title', 'phone', 'email', null]);

    const result = await call<Result>(rt, 'import.run', { path, kind: 'people' });
    expect(result).toMatchObject({ created: 2, failed: 0, accountsCreated: 1 });
    const list = await people(rt);
    expect(byName(list, '曾毓群')).toMatchObject({ title: '董事长', phone: '13800000001', email: 'zeng@catl.example' });
    expect(byName(list, '吴凯')).toMatchObject({ title: '首席科学家', phone: '13800000002', email: 'wu@catl.example' });

    const requests = await call<Result>(rt, 'import.run', { path, kind: 'requests', sheet: '服务请求' });
    expect(requests).toMatchObject({ rows: 5, created: 3, failed: 2 });
    expect(requests.problems.map((p) => [p.row, p.column])).toEqual([
      [4, '报修日期'],
      [5, '响应时长'],
    ]);
    expect(requests.problems[0]!.message).toContain('not a real date');
    expect(requests.problems[1]!.message).toContain('formula');
    const rows = (await call<Rec[]>(rt, 'requests.list', { accountId: (await accountNamed(rt, '宁德时代'))!.id })).sort((a, b) =>
      String(a.openedAt).localeCompare(String(b.openedAt)),
    );
    expect(rows.map((r) => [r.openedAt, r.closedAt, r.severity, r.firstResponseHours, r.complaint, r.summary, r.personId])).toEqual([
      ['2025-11-03', '2025-11-05', 'high', 24, true, '电芯检测设备报警', byName(list, '吴凯').id],
      ['2025-11-06', null, 'medium', 4, false, '培训需求', null],
      ['2025-12-02', null, 'critical', 2, false, '停线', byName(list, '曾毓群').id],
    ]);
  });
});

const IOS = `BEGIN:VCARD\r
VERSION:3.0\r
PRODID:-//Apple Inc.//iPhone OS 17.2//EN\r
N:吴;凯;;;\r
FN:吴凯\r
ORG:宁德时代;研发中心;\r
TITLE:首席科学家\r
item1.EMAIL;type=INTERNET;type=pref:wu@catl.example\r
TEL;type=CELL;type=VOICE;type=pref:+86 138 0000 0002\r
TEL;type=WORK;type=VOICE:0593-8900000\r
BDAY;value=date:1970-01-01\r
END:VCARD\r
`;
const GOOGLE = `BEGIN:VCARD
VERSION:3.0
FN:Anna Schmidt
N:Schmidt;Anna;;;
EMAIL;TYPE=INTERNET;TYPE=WORK:anna.schmidt@example.de
TEL;TYPE=WORK:+49 30 1234567
TEL;TYPE=CELL:+49 170 1234567
ORG:Siemens AG
TITLE:Head of Procurement
NOTE:Met at Hannover Messe\\, 2025
END:VCARD
`;
/** Outlook: vCard 2.1, bare TYPE words, QUOTED-PRINTABLE with CHARSET=utf-8 and soft line breaks. */
const OUTLOOK = `BEGIN:VCARD\r
VERSION:2.1\r
N;LANGUAGE=zh-cn;CHARSET=utf-8:=E7=8E=8B;=E4=BC=A0=E7=A6=8F\r
FN;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B=E4=BC=A0=E7=A6=8F\r
ORG;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:=E6=AF=94=E4=BA=9A=E8=BF=AA=E8=82=A1=E4=BB=BD=E6=9C=89=E9=99=90=E5=85=AC=\r
=E5=8F=B8\r
TITLE;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:=E6=80=BB=E8=A3=81\r
TEL;WORK;VOICE:0755-89888888\r
TEL;CELL;VOICE:13900000001\r
EMAIL;PREF;INTERNET:wang@byd.example\r
END:VCARD\r
`;
/** Android's contacts export: 2.1 with N only (no FN), QUOTED-PRINTABLE, TEL;CELL. */
const ANDROID = `BEGIN:VCARD
VERSION:2.1
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E;=E9=87=87=E8=B4=AD;;;
ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=AE=81=E5=BE=B7=E6=97=B6=E4=BB=A3
TEL;CELL:138-0000-0003
EMAIL;HOME:li@catl.example
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Björn Larsen
ORG:Siemens AG
TEL;TYPE=cell;VALUE=uri:tel:+49-170-7654321
EMAIL:bjorn@example.de
END:VCARD
`;
/** A card whose QUOTED-PRINTABLE bytes are not the UTF-8 it names. */
const BROKEN = `BEGIN:VCARD
VERSION:2.1
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=C3=28
ORG:宁德时代
END:VCARD
`;

describe('vCards from iOS, Google Contacts, Outlook and Android', () => {
  it('reads each into a person of the account its ORG names', async () => {
    const rt = openTest();
    const path = file('contacts.vcf', IOS + GOOGLE + OUTLOOK + ANDROID + BROKEN);
    const result = await call<Result>(rt, 'import.run', { path, kind: 'people' });
    expect(result).toMatchObject({ rows: 6, created: 5, failed: 1, accountsCreated: 3 });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ row: 6 });
    expect(result.problems[0]!.message).toContain('broken encoding');

    const [catl, siemens, byd] = await Promise.all(['宁德时代', 'Siemens AG', '比亚迪股份有限公司'].map((n) => accountNamed(rt, n)));
    const list = await people(rt);
    expect(list.map((p) => [p.name, p.accountId, p.title, p.department, p.phone, p.email])).toEqual(
      [
        ['吴凯', catl!.id, '首席科学家', '研发中心', '+86 138 0000 0002', 'wu@catl.example'],
        ['Anna Schmidt', siemens!.id, 'Head of Procurement', null, '+49 170 1234567', 'anna.schmidt@example.de'],
        ['王传福', byd!.id, '总裁', null, '13900000001', 'wang@byd.example'],
        ['李采购', catl!.id, null, null, '138-0000-0003', 'li@catl.example'],
        ['Björn Larsen', siemens!.id, null, null, '+49-170-7654321', 'bjorn@example.de'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });
});

describe('text files in other encodings', () => {
  const imported = async (name: string, bytes: Uint8Array) => {
    const rt = openTest();
    const path = file(name, bytes);
    const preview = await call<{ encoding: string; mapping: (string | null)[] }>(rt, 'import.preview', { path, kind: 'people' });
    const result = await call<Result>(rt, 'import.run', { path, kind: 'people' });
    const list = await people(rt);
    closeTest(rt);
    return { encoding: preview.encoding, mapping: preview.mapping, result, list: list.map((p) => [p.name, p.title, p.phone, p.email]) };
  };

  it('reads Excel’s “Unicode text” (UTF-16 with its mark, tab-separated)', async () => {
    const text = '\uFEFF客户名称\t姓名\t职位\r\n宁德时代\t曾毓群\t董事长\r\n比亚迪\t王传福\t总裁\r\n';
    const { encoding, result, list } = await imported('联系人.txt', iconv.encode(text, 'utf-16le'));
    expect(encoding).toBe('utf-16le');
    expect(result).toMatchObject({ created: 2, failed: 0 });
    expect(list.map(([name, title]) => [name, title])).toEqual([
      ['曾毓群', '董事长'],
      ['王传福', '总裁'],
    ]);
  });

  it('reads a Western Outlook export in Windows-1252 and a Taiwanese sheet in Big5', async () => {
    // Outlook's own columns: "Title" is Mr/Mme, the job is "Job Title", the name comes in parts.
    const outlook = [
      '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department","Job Title","Business Phone","Mobile Phone","E-mail Address","Nickname"',
      '"M.","José","","Müller","","Société Générale","Finance","Directeur financier","+33 1 42 14 20 00","+33 6 12 34 56 78","jose.muller@example.fr","Pepe"',
      '"Mme","François","Marie","Lefèvre","","Crédit Agricole","","Responsable “achats”","","","f.lefevre@example.fr",""',
    ].join('\r\n');
    const western = await imported('contacts.csv', iconv.encode(outlook, 'win1252'));
    expect(western.encoding).toBe('windows-1252');
    expect(western.mapping).toEqual([null, 'givenName', 'middleName', 'familyName', null, 'account', 'department', 'title', null, 'phone', 'email', null]);
    expect(western.result).toMatchObject({ created: 2, failed: 0 });
    expect(western.list).toEqual([
      ['François Marie Lefèvre', 'Responsable “achats”', null, 'f.lefevre@example.fr'],
      ['José Müller', 'Directeur financier', '+33 6 12 34 56 78', 'jose.muller@example.fr'],
    ]);
    const taiwan = '客戶名稱,姓名,職位\r\n台灣積體電路製造,魏哲家,總裁\r\n鴻海精密工業,劉揚偉,董事長\r\n';
    const big5 = await imported('名單.csv', iconv.encode(taiwan, 'big5'));
    expect(big5.encoding).toBe('big5');
    expect(big5.list.map(([name, title]) => [name, title])).toEqual([
      ['劉揚偉', '董事長'],
      ['魏哲家', '總裁'],
    ]);
  });

  it('reads Google Contacts’ CSV, and a Chinese sheet with 姓 and 名 apart', async () => {
    const google = [
      'First Name,Middle Name,Last Name,Phonetic First Name,Nickname,Organization Name,Organization Title,Organization Department,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value',
      'Anna,,Schmidt,,,Siemens AG,Head of Procurement,Einkauf,* Work,anna.schmidt@example.de,Mobile,+49 170 1234567',
    ].join('\n');
    const fromGoogle = await imported('contacts.csv', new TextEncoder().encode(google));
    expect(fromGoogle.result).toMatchObject({ created: 1, failed: 0 });
    expect(fromGoogle.list).toEqual([['Anna Schmidt', 'Head of Procurement', '+49 170 1234567', 'anna.schmidt@example.de']]);
    const chinese = '\uFEFF公司,姓,名,职务\r\n宁德时代,曾,毓群,董事长\r\n';
    const parts = await imported('名单.csv', new TextEncoder().encode(chinese));
    expect(parts.list).toEqual([['曾毓群', '董事长', null, null]]);
  });
});

describe('bad files', () => {
  const expectNothingWritten = async (rt: Runtime, input: Record<string, unknown>, locale: 'en' | 'zh-CN' = 'en') => {
    const before = tableCounts(rt);
    const error = await refuse(rt, 'import.run', input, locale);
    expect(tableCounts(rt)).toEqual(before);
    return error.message;
  };

  it('refuses binary junk, an old .xls, an empty sheet and a 200 MB file with a clear message in the reader’s language', async () => {
    const rt = openTest();
    const junk = file(
      'data.csv',
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256),
    );
    expect(await expectNothingWritten(rt, { path: junk, kind: 'people' })).toMatch(/not a spreadsheet, CSV or vCard/);
    expect(await expectNothingWritten(rt, { path: junk, kind: 'people' }, 'zh-CN')).toMatch(/不是表格、CSV 或 vCard 文件/);
    const xls = file('old.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect(await expectNothingWritten(rt, { path: xls, kind: 'people' })).toMatch(/old Excel file/);

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    const empty = file('empty.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(await expectNothingWritten(rt, { path: empty, kind: 'people' })).toMatch(/no rows to import/);
    const headersOnly = file('headers.csv', '客户名称,姓名\r\n');
    expect(await expectNothingWritten(rt, { path: headersOnly, kind: 'people' }, 'zh-CN')).toMatch(/没有可导入的行/);

    const huge = file('huge.csv', '');
    truncateSync(huge, 200 * 1024 * 1024);
    expect(await expectNothingWritten(rt, { path: huge, kind: 'people' })).toMatch(/200 MB; at most 100 MB/);

    const unmapped = file('nomap.csv', 'foo,bar\r\n1,2\r\n');
    expect(await expectNothingWritten(rt, { path: unmapped, kind: 'people' })).toMatch(/No column is mapped to Account/);
  });

  it('a row with problems is left out, whole; the others go in', async () => {
    const rt = openTest();
    const path = file(
      'mixed.csv',
      [
        'Account Name,Name,Email,Stance,Influence',
        'ACME,Ann,ann@acme.example,supporter,4',
        'ACME,Bob,not-an-email,supporter,4',
        'ACME,Cy,cy@acme.example,grumpy,9',
        ',Dee,,,',
      ].join('\n'),
    );
    const result = await call<Result>(rt, 'import.run', { path, kind: 'people' });
    expect(result).toMatchObject({ created: 1, failed: 3, accountsCreated: 1 });
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'Email'],
      [4, 'Stance'],
      [5, 'Account Name'],
    ]);
    expect(result.problems[1]!.message).toContain('“grumpy” is not one of the choices');

    const boss = file('boss.csv', 'Account Name,Name,Reports to\nACME,Eve,Nobody Here\nACME,Fay,Eve\n');
    const preview = await call<{ creates: number; failing: number; problems: { row: number; message: string }[] }>(rt, 'import.preview', {
      path: boss,
      kind: 'people',
    });
    expect(preview).toMatchObject({ creates: 2, failing: 0 });
    expect(preview.problems).toEqual([{ row: 2, column: null, message: expect.stringContaining('“Nobody Here” is not a person at this account') }]);
    const imported = await call<Result>(rt, 'import.run', { path: boss, kind: 'people' });
    expect(imported).toMatchObject({ created: 2, failed: 0 });
    expect(imported.problems).toHaveLength(1);
    const all = await people(rt);
    expect(byName(all, 'Fay').reportsToId).toBe(byName(all, 'Eve').id);
    expect(byName(all, 'Eve').reportsToId).toBeNull();
    expect((await people(rt)).map((p) => p.name)).toEqual(['Ann', 'Eve', 'Fay']);
  });

  it('a cancelled import leaves nothing behind', async () => {
    const rt = openTest();
    const lines = ['客户名称,姓名,职位'];
    for (let i = 0; i < 4000; i++) lines.push(`客户${i % 40},联系人${i},经理`);
    const path = file('big.csv', lines.join('\r\n'));
    const before = exportCanonical(rt.store.sqlite);
    const running = rt.dispatch('import.run', { path, kind: 'people' }, { locale: 'en' });
    // Once its first chunk is committed, however long that takes on a loaded machine.
    const job = await vi.waitFor(
      () => {
        const found = rt.jobs.list().find((j) => j.kind === 'import' && j.done > 0);
        if (!found) throw new Error('the import has committed no chunk yet');
        return found;
      },
      { timeout: 20_000, interval: 5 },
    );
    expect(rt.jobs.cancel(job.id)).toBe(true);
    const result = await running;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/nothing of it was kept/);
    expect(exportCanonical(rt.store.sqlite)).toBe(before);
    expect(await call(rt, 'import.batches', {})).toEqual([]);
  });
});

describe('new records written together', () => {
  it('a row that repeats one of its group updates it; a group that cannot be written goes row by row, each refused row alone', async () => {
    const rt = openTest();
    const acme = await call<Rec>(rt, 'accounts.create', { name: 'ACME' });
    const globex = await call<Rec>(rt, 'accounts.create', { name: 'Globex' });
    const ctx: ServiceContext = {
      store: rt.store,
      changes: new ChangeLog(rt.store.sqlite),
      sync: rt.sync,
      jobs: rt.jobs,
      mode: 'cli',
      version: '0.0.0',
      locale: 'en',
      t: translator('en'),
      now: () => new Date().toISOString(),
      tellChanges: () => undefined,
      healthKept: () => undefined,
      me: null,
    };
    const names = [
      ['ACME', 'Ann'],
      ['Globex', 'Bob'],
      ['ACME', 'Cy'],
      ['Globex', 'Dee'],
      ['ACME', 'Ann', 'ann@acme.example'],
      ['ACME', 'Eve'],
      ['Globex', 'Fay'],
    ];
    const sheet: Sheet = {
      format: 'csv',
      encoding: 'utf-8',
      sheets: [],
      sheet: null,
      headerRow: 1,
      headers: ['Account Name', 'Name', 'Email'],
      rows: names.map((cells, i) => ({ row: i + 2, cells: [cells[0]!, cells[1]!, cells[2] ?? null] })),
    };
    const { work } = importWork(ctx, { kind: 'people', fileName: 'group.csv', sheet, mapping: ['account', 'name', 'email'], keyField: null });
    // Up to the second Ann: the rows before her wait to be written together; she updates the first.
    for (let i = 0; i < 5; i++) expect(work.next().done).toBe(false);
    expect(rt.store.sqlite.prepare('SELECT count(*) FROM people').pluck().get()).toBe(0);
    expect(work.next().done).toBe(false);
    expect(rt.store.sqlite.prepare('SELECT name FROM people ORDER BY rowid').pluck().all()).toEqual(['Ann', 'Bob', 'Cy', 'Dee']);
    // Eve and Fay wait. Then a sync round takes ACME to the bin, before they are written.
    expect(work.next().done).toBe(false);
    expect(work.next().done).toBe(false);
    ctx.changes.update('accounts', acme.id, { deleted_at: new Date().toISOString() });
    let step = work.next();
    while (!step.done) step = work.next();
    const result = step.value;
    expect(result).toMatchObject({ created: 5, updated: 1, failed: 1 });
    expect(result.problems).toEqual([{ row: 7, column: null, message: expect.stringContaining('No such account') }]);
    const people = rt.store.sqlite.prepare('SELECT name, email, account_id AS accountId FROM people ORDER BY rowid').all();
    expect(people).toEqual([
      { name: 'Ann', email: 'ann@acme.example', accountId: acme.id },
      { name: 'Bob', email: null, accountId: globex.id },
      { name: 'Cy', email: null, accountId: acme.id },
      { name: 'Dee', email: null, accountId: globex.id },
      { name: 'Fay', email: null, accountId: globex.id },
    ]);
  });
  it('warns of a likely twin among the rows written with it, naming it', async () => {
    const rt = openTest();
    await call<Rec>(rt, 'accounts.create', { name: 'ACME' });
    const path = file('twins.csv', ['Account Name,Name,Mobile', 'ACME,张伟,13800000001', 'ACME,Li Na,13900000002', 'ACME,Zhang Wei,138 0000 0001'].join('\n'));
    const result = await call<Result>(rt, 'import.run', { path, kind: 'people' });
    expect(result).toMatchObject({ created: 3, failed: 0 });
    expect(result.problems).toEqual([{ row: 4, column: null, message: expect.stringContaining('张伟') }]);
  });
});

describe('uploads and presets', () => {
  it('takes a file in chunks, in order, and maps it by a saved preset', async () => {
    const rt = openTest();
    const bytes = Buffer.from('\uFEFFFirma;Person;Handy\nACME GmbH;Ann;0170 1\n', 'utf8');
    const first = await call<{ uploadId: string; received: number }>(rt, 'import.upload', {
      fileName: 'x.csv',
      offset: 0,
      size: bytes.length,
      data: bytes.subarray(0, 10).toString('base64'),
    });
    expect(first.received).toBe(10);
    expect((await refuse(rt, 'import.upload', { uploadId: first.uploadId, fileName: 'x.csv', offset: 3, size: bytes.length, data: 'AA==' })).message).toMatch(
      /out of order/,
    );
    await call(rt, 'import.upload', {
      uploadId: first.uploadId,
      fileName: 'x.csv',
      offset: 10,
      size: bytes.length,
      data: bytes.subarray(10).toString('base64'),
    });

    const preview = await call<{ encoding: string; headers: string[]; mapping: (string | null)[]; problems: unknown[] }>(rt, 'import.preview', {
      uploadId: first.uploadId,
      kind: 'people',
    });
    expect(preview.encoding).toBe('utf-8');
    expect(preview.headers).toEqual(['Firma', 'Person', 'Handy']);
    expect(preview.problems).not.toEqual([]); // nothing suggests an account for "Firma"
    await call(rt, 'import.savePreset', { name: 'German sheet', kind: 'people', headers: preview.headers, mapping: ['account', 'name', 'phone'] });
    const mapped = await call<{ mapping: (string | null)[]; problems: unknown[] }>(rt, 'import.preview', {
      uploadId: first.uploadId,
      kind: 'people',
      preset: 'German sheet',
    });
    expect(mapped.mapping).toEqual(['account', 'name', 'phone']);
    expect(mapped.problems).toEqual([]);
    const result = await call<Result>(rt, 'import.run', { uploadId: first.uploadId, kind: 'people', preset: 'German sheet' });
    expect(result.created).toBe(1);
    expect(byName(await people(rt), 'Ann').phone).toBe('0170 1');
    expect((await refuse(rt, 'import.preview', { uploadId: first.uploadId, kind: 'people' })).message).toMatch(/no longer here/);
  });
});

describe('the other kinds', () => {
  it('imports accounts, touchpoints with participants, purchases by month and follow-ups with an owner', async () => {
    const rt = openTest();
    const member = await call(rt, 'members.create', { name: '陈晓明', role: 'kam' });
    const accounts = await call<Result>(rt, 'import.run', {
      path: file('accounts.csv', '客户名称,行业,区域,客户级别,阶段\n宁德时代,新能源,福建,战略客户,成熟期\n美的集团,家电,广东,重点,发展\n'),
      kind: 'accounts',
    });
    expect(accounts).toMatchObject({ created: 2, failed: 0 });
    const catl = (await accountNamed(rt, '宁德时代'))!;
    expect(catl).toMatchObject({ industry: '新能源', region: '福建', tier: 'strategic', stage: 'maturity' });
    expect(await accountNamed(rt, '美的集团')).toMatchObject({ tier: 'key', stage: 'development' });
    await call<Result>(rt, 'import.run', { path: file('p.csv', '公司,姓名\n宁德时代,曾毓群\n宁德时代,吴凯\n'), kind: 'people' });
    const [wu, zeng] = await people(rt);

    const touchpoints = await call<Result>(rt, 'import.run', {
      path: file(
        't.csv',
        '客户名称,拜访日期,类型,渠道,纪要,参与人\n宁德时代,2025-11-03 09:30+08:00,拜访,面对面,技术交流,"曾毓群、吴凯"\n宁德时代,2025-11-04,电话,电话,价格,无名氏\n',
      ),
      kind: 'touchpoints',
    });
    expect(touchpoints).toMatchObject({ created: 1, failed: 1 });
    expect(touchpoints.problems[0]!.message).toContain('No person “无名氏”');
    const [tp] = await call<Rec[]>(rt, 'touchpoints.list', { accountId: catl.id });
    expect(tp).toMatchObject({
      at: '2025-11-03T01:30:00.000Z',
      kind: 'visit',
      channel: 'in_person',
      summary: '技术交流',
      theirParticipants: [zeng!.id, wu!.id],
    });

    const purchases = await call<Result>(rt, 'import.run', {
      path: file(
        'buy.csv',
        '客户名称,月份,金额,币种,产品线\n宁德时代,2025年10月,"1,200,000",CNY,电芯\n宁德时代,2025-13,5,CNY,电芯\n宁德时代,2025/11/15,¥300,CNY,模组\n',
      ),
      kind: 'purchases',
    });
    expect(purchases).toMatchObject({ created: 2, failed: 1 });
    const bought = await call<Rec[]>(rt, 'purchases.list', { accountId: catl.id });
    expect(bought.map((p) => [p.period, p.amount, p.currency, p.productLine])).toEqual([
      ['2025-11', 300, 'CNY', '模组'],
      ['2025-10', 1_200_000, 'CNY', '电芯'],
    ]);

    const followups = await call<Result>(rt, 'import.run', {
      path: file(
        'f.csv',
        '客户名称,跟进事项,截止日期,负责人,已完成\n宁德时代,发送报价,2026-01-15,陈晓明,否\n宁德时代,安排高层拜访,2026/2/30,陈晓明,否\n宁德时代,寄样品,,王五,是\n',
      ),
      kind: 'followups',
    });
    expect(followups).toMatchObject({ created: 1, failed: 2 });
    expect(followups.problems.map((p) => p.column)).toEqual(['截止日期', '负责人']);
    expect(followups.problems[0]!.message).toContain('not a real date');
    const tasks = (await call<Rec[]>(rt, 'followups.list', { accountId: catl.id })).filter((f) => f.task === '发送报价');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ dueDate: '2026-01-15', ownerId: member.id, done: false });
  });
});

describe('a big import and search', () => {
  it('is searchable at once, and indexed by a job after the import that leaves the same hits', async () => {
    const rt = openTest();
    const rows = ['客户名称,姓名,职位,手机'];
    for (let i = 0; i < 1200; i++) rows.push(`客户${i % 30},${i === 777 ? '欧阳娜娜' : `张伟${i}`},经理,138${String(i).padStart(8, '0')}`);
    const path = file('big.csv', rows.join('\r\n'));
    const result = await call<Result>(rt, 'import.run', { path, kind: 'people' });
    expect(result).toMatchObject({ created: 1200, failed: 0, accountsCreated: 30 });
    const indexed = () => Number((rt.store.sqlite.prepare("SELECT count(*) AS n FROM search_record_chars WHERE kind = 'person'").get() as { n: number }).n);
    const pending = () => rt.store.sqlite.prepare('SELECT tbl FROM search_progress').pluck().all() as string[];
    type Hits = { people: { id: string; title: string; accountName: string }[]; totals: { people: { count: number } } };
    // Which records are found, and how many: a hit's snippet is cut from the index's text once indexed.
    const search = async (text: string) => {
      const found = await call<Hits>(rt, 'search.query', { text });
      return { people: found.people.map((h) => [h.id, h.title, h.accountName]), totals: found.totals };
    };
    // Found by scanning while the indexes catch up.
    const before = await search('欧阳');
    expect(before.people.map(([, title]) => title)).toEqual(['欧阳娜娜']);
    // The catch-up runs as a job of its own after the import's call, and ends.
    for (let waited = 0; pending().length > 0 && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(pending()).toEqual([]);
    expect(indexed()).toBe(1200);
    expect(await search('欧阳')).toEqual(before);
    expect((await search('娜')).people.map(([, title]) => title)).toEqual(['欧阳娜娜']);
    // 张伟1, 张伟10–19, 张伟100–199, 张伟1000–1199.
    expect((await search('张伟1')).totals.people.count).toBe(311);
    closeTest(rt);
  });
});
