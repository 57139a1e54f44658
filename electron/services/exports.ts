/**
 * Exports (shared/exports.ts): a list as the user sees it — its filters, its order, its words in the
 * caller's language — to CSV or Excel; people to vCard 3.0; follow-ups and agreement renewals to an
 * iCalendar file. Each runs as a job (progress, cancel) that reads and words the rows in steps,
 * then writes the file. Private person notes are never part of any of them.
 */
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import Papa from 'papaparse';
import type { z } from 'zod';
import type { ExportCalendarInput, ExportContactsInput, ExportFile, ExportListInput } from '../../shared/exports';
import { parseReason, wordReason } from '../../shared/health/words';
import { kinds } from '../../shared/kinds';
import type { ServiceContext } from './context';
import type { JobWork } from './jobs';
import { listRecords, type Row } from './records';
import { dueFollowUps, portfolioPage } from './views';

type Cell = string | number | Date | null;
interface Table {
  /** The file's name without its extension, in the caller's language. */
  name: string;
  headers: string[];
  rows: Cell[][];
}
type ListInput = z.output<typeof ExportListInput>;

/** Rows worded per job step: small enough that a step stays well inside a job's time slice. */
const STEP = 500;

export async function exportList(ctx: ServiceContext, input: ListInput): Promise<ExportFile> {
  const table = await ctx.jobs.run('export', tableWork(ctx, input), 0);
  const stamp = ctx.now().slice(0, 10);
  if (input.format === 'csv') {
    return file(`${table.name}-${stamp}.csv`, 'text/csv;charset=utf-8', Buffer.from(toCsv(table), 'utf8'), table.rows.length);
  }
  return file(`${table.name}-${stamp}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', await toXlsx(table), table.rows.length);
}

const file = (fileName: string, mediaType: string, bytes: Buffer, count: number): ExportFile => ({
  fileName: safeFileName(fileName),
  mediaType,
  base64: bytes.toString('base64'),
  count,
});

/** What no file system accepts in a name (`/`, `\`, `:`, `*`, `?`, `"`, `<`, `>`, `|`, controls) becomes `_`. */
export const safeFileName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 180);

// ---- The lists, worded ---------------------------------------------------------------------

function* tableWork(ctx: ServiceContext, input: ListInput): JobWork<Table> {
  const w = words(ctx);
  const x = (key: string) => ctx.t(`exports.${key}`);
  const f = (key: string) => ctx.t(`fields.${key}`);
  let spec: { name: string; headers: string[]; rows: unknown[]; row: (record: never) => Cell[] };
  switch (input.list) {
    case 'portfolio': {
      const page = portfolioPage(ctx, { ...input.filter, offset: 0, limit: Number.MAX_SAFE_INTEGER });
      spec = {
        name: x('names.portfolio'),
        headers: ['name', 'tier', 'stage', 'level', 'owner', 'lastTouchpoint', 'people']
          .map((c) => ctx.t(`portfolio.columns.${c}`))
          .concat([ctx.t('inbox.health.column'), x('healthScore'), x('healthReason')]),
        rows: page.rows,
        row: (r: (typeof page.rows)[number]) => [
          r.name,
          w.enumLabel('tier', r.tier),
          w.enumLabel('stage', r.stage),
          w.enumLabel('level', r.level),
          r.ownerName,
          w.date(r.lastTouchpointAt),
          r.people,
          r.healthColour ? ctx.t(`health.colours.${r.healthColour}`) : null,
          r.healthScore === null ? null : Math.round(r.healthScore),
          wordReason(parseReason(r.healthReason), ctx.t) || null,
        ],
      };
      break;
    }
    case 'people': {
      const people = ofAccount(ctx, 'people', input.accountId);
      const names = new Map(people.map((p) => [p.id, String(p.name)]));
      spec = {
        name: `${w.accountName(input.accountId)}-${x('names.people')}`,
        headers: [
          'name',
          'title',
          'department',
          'phone',
          'email',
          'roles',
          'stance',
          'influence',
          'strength',
          'reportsToId',
          'ownerIds',
          'preferredChannel',
          'status',
        ].map(f),
        rows: people,
        row: (p: Row) => [
          text(p.name),
          text(p.title),
          text(p.department),
          text(p.phone),
          text(p.email),
          w.list(p.roles, (r) => w.enumLabel('role', r)),
          w.enumLabel('stance', p.stance),
          num(p.influence),
          num(p.strength),
          p.reportsToId ? (names.get(String(p.reportsToId)) ?? null) : null,
          w.list(p.ownerIds, w.member),
          w.enumLabel('channel', p.preferredChannel),
          w.enumLabel('personStatus', p.status),
        ],
      };
      break;
    }
    case 'touchpoints': {
      const people = new Map(ofAccount(ctx, 'people', input.accountId, 'all').map((p) => [p.id, String(p.name)]));
      const { kind, department } = input;
      const touchpoints = ofAccount(ctx, 'touchpoints', input.accountId).filter(
        (tp) => (!kind || tp.kind === kind) && (!department || (Array.isArray(tp.departments) && tp.departments.includes(department))),
      );
      spec = {
        name: `${w.accountName(input.accountId)}-${x('names.touchpoints')}`,
        headers: ['at', 'kind', 'channel', 'summary', 'needs', 'sentiment', 'theirParticipants', 'ourParticipants', 'departments'].map(f),
        rows: touchpoints,
        row: (tp: Row) => [
          w.dateTime(tp.at),
          w.enumLabel('touchpointKind', tp.kind),
          w.enumLabel('channel', tp.channel),
          text(tp.summary),
          text(tp.needs),
          w.enumLabel('sentiment', tp.sentiment),
          w.list(tp.theirParticipants, (id) => people.get(id) ?? ctx.t('common.unknown')),
          w.list(tp.ourParticipants, w.member),
          w.list(tp.departments, (d) => d),
        ],
      };
      break;
    }
    case 'purchases': {
      spec = {
        name: `${w.accountName(input.accountId)}-${x('names.purchases')}`,
        headers: ['period', 'amount', 'currency', 'productLine', 'volume', 'note'].map(f),
        rows: ofAccount(ctx, 'purchases', input.accountId),
        row: (p: Row) => [text(p.period), num(p.amount), text(p.currency), text(p.productLine), num(p.volume), text(p.note)],
      };
      break;
    }
    case 'followups': {
      const due = dueFollowUps(ctx, { ownerId: input.ownerId, withinDays: input.withinDays });
      spec = {
        name: x('names.followups'),
        headers: [f('dueDate'), f('task'), f('accountId'), f('ownerId'), x('status')],
        rows: due,
        row: (d: (typeof due)[number]) => [
          w.date(d.dueDate ?? null),
          d.task,
          d.accountName,
          d.ownerId ? w.member(d.ownerId) : null,
          d.overdue ? x('overdue') : x('upcoming'),
        ],
      };
      break;
    }
  }
  const rows: Cell[][] = [];
  const total = spec.rows.length;
  for (let i = 0; i < total; i += STEP) {
    for (const record of spec.rows.slice(i, i + STEP)) rows.push(spec.row(record as never));
    yield { done: rows.length, total };
  }
  return { name: spec.name, headers: spec.headers, rows };
}

const text = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value));
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

function ofAccount(ctx: ServiceContext, kind: 'people' | 'touchpoints' | 'purchases', accountId: string, state: 'active' | 'all' = 'active'): Row[] {
  return listRecords(ctx, kinds[kind], state, [{ column: 'account_id', match: 'equals', value: accountId }]);
}

/** The words a list's cells need: codes as labels, ids as names, instants in local time. */
function words(ctx: ServiceContext) {
  const members = new Map(listRecords(ctx, kinds.members, 'all').map((m) => [m.id, String(m.name)]));
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    enumLabel(kind: string, code: unknown): string | null {
      if (code === null || code === undefined || code === '') return null;
      const key = `enums.${kind}.${String(code)}`;
      const label = ctx.t(key);
      // A code this version does not know (a newer app wrote it) stays itself.
      return label === key ? String(code) : label;
    },
    member: (id: string) => members.get(id) ?? ctx.t('common.unknown'),
    list(values: unknown, word: (value: string) => string | null): string | null {
      if (!Array.isArray(values) || values.length === 0) return null;
      return values.map((v) => word(String(v)) ?? String(v)).join(ctx.locale === 'zh-CN' ? '、' : ', ');
    },
    accountName(id: string): string {
      const account = listRecords(ctx, kinds.accounts, 'all', [{ column: 'id', match: 'equals', value: id }])[0];
      return account ? String(account.name) : id;
    },
    /** A calendar day as it is stored (YYYY-MM-DD); an instant as this device's local day. */
    date(value: string | null): string | null {
      if (!value) return null;
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
      const d = new Date(value);
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    },
    dateTime(value: unknown): string | null {
      if (typeof value !== 'string') return null;
      const d = new Date(value);
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
    },
  };
}

// ---- Writers ----------------------------------------------------------------------------------

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) is
 * written with a leading apostrophe (OWASP "CSV injection"): a client's name typed as
 * `=HYPERLINK(…)` must not run on a colleague's machine. Numbers are numbers, so a negative
 * amount stays one.
 */
const neutral = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** UTF-8 with a byte-order mark and CRLF: what Excel (in Chinese too) opens without a wizard. */
export function toCsv(table: Table): string {
  const cell = (c: Cell) => (c === null ? '' : c instanceof Date ? c.toISOString() : typeof c === 'number' ? String(c) : neutral(c));
  return `\ufeff${Papa.unparse({ fields: table.headers.map(neutral), data: table.rows.map((r) => r.map(cell)) }, { newline: '\r\n', quotes: false })}\r\n`;
}

async function toXlsx(table: Table): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Rapport';
  // A sheet name may not hold []:*?/\ and is at most 31 characters.
  const sheet = book.addWorksheet(table.name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Rapport');
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  table.headers.forEach((header, i) => {
    const longest = Math.max(header.length, ...table.rows.slice(0, 200).map((r) => String(r[i] ?? '').length));
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, longest * 1.6));
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

// ---- Contacts and calendar ---------------------------------------------------------------------

/** Family name first in Chinese names (two characters for the common compound surnames), last in Latin ones. */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '司徒',
  '夏侯',
  '长孙',
  '宇文',
  '澹台',
  '端木',
]);
export function splitName(name: string): { family: string; given: string } {
  const trimmed = name.trim();
  if (/\s/.test(trimmed)) {
    const parts = trimmed.split(/\s+/);
    return { family: parts.at(-1)!, given: parts.slice(0, -1).join(' ') };
  }
  if (/^\p{Script=Han}{2,}$/u.test(trimmed)) {
    const size = COMPOUND_SURNAMES.has(trimmed.slice(0, 2)) && trimmed.length > 2 ? 2 : 1;
    return { family: trimmed.slice(0, size), given: trimmed.slice(size) };
  }
  return { family: trimmed, given: '' };
}

export function exportContacts(ctx: ServiceContext, input: z.output<typeof ExportContactsInput>): Promise<ExportFile> {
  return ctx.jobs.run('export', contactsWork(ctx, input), 0);
}

function* contactsWork(ctx: ServiceContext, input: z.output<typeof ExportContactsInput>): JobWork<ExportFile> {
  const accounts = new Map(listRecords(ctx, kinds.accounts, 'all').map((a) => [a.id, String(a.name)]));
  const people = input.accountId ? ofAccount(ctx, 'people', input.accountId) : listRecords(ctx, kinds.people, 'active');
  const cards: string[] = [];
  for (let i = 0; i < people.length; i += STEP) {
    for (const p of people.slice(i, i + STEP)) {
      const card = new ICAL.Component('vcard');
      card.addPropertyWithValue('version', '3.0');
      card.addPropertyWithValue('fn', String(p.name));
      const { family, given } = splitName(String(p.name));
      const n = new ICAL.Property('n');
      n.setValue([family, given, '', '', ''] as unknown as string);
      card.addProperty(n);
      const org = accounts.get(String(p.accountId));
      if (org) card.addPropertyWithValue('org', text(p.department) ? [org, String(p.department)].join(';') : org);
      if (text(p.title)) card.addPropertyWithValue('title', String(p.title));
      if (text(p.phone)) card.addPropertyWithValue('tel', String(p.phone)).setParameter('type', 'CELL');
      if (text(p.email)) card.addPropertyWithValue('email', String(p.email)).setParameter('type', 'INTERNET');
      card.addPropertyWithValue('uid', `urn:rapport:person:${p.id}`);
      cards.push(card.toString());
    }
    yield { done: cards.length, total: people.length };
  }
  const name = input.accountId ? `${accounts.get(input.accountId) ?? input.accountId}-${ctx.t('exports.names.people')}` : ctx.t('exports.names.contacts');
  return file(`${name}-${ctx.now().slice(0, 10)}.vcf`, 'text/vcard;charset=utf-8', Buffer.from(cards.map((c) => `${c}\r\n`).join(''), 'utf8'), cards.length);
}

export function exportCalendar(ctx: ServiceContext, input: z.output<typeof ExportCalendarInput>): Promise<ExportFile> {
  return ctx.jobs.run('export', calendarWork(ctx, input), 0);
}

function* calendarWork(ctx: ServiceContext, input: z.output<typeof ExportCalendarInput>): JobWork<ExportFile> {
  const accounts = new Map(listRecords(ctx, kinds.accounts, 'active').map((a) => [a.id, a]));
  const followUps = listRecords(ctx, kinds.follow_ups, 'active').filter(
    (f) => !f.done && typeof f.dueDate === 'string' && accounts.has(String(f.accountId)) && (input.ownerId === null || f.ownerId === input.ownerId),
  );
  // Renewals of the owner's accounts (everyone's when no owner is asked for).
  const agreements = listRecords(ctx, kinds.agreements, 'active').filter((a) => {
    const account = accounts.get(String(a.accountId));
    return typeof a.renewalDate === 'string' && account && (input.ownerId === null || account.ownerId === input.ownerId);
  });
  const calendar = new ICAL.Component(['vcalendar', [], []]);
  calendar.addPropertyWithValue('prodid', '-//Rapport//Rapport//EN');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  const stamp = ICAL.Time.fromJSDate(new Date(ctx.now()), true);
  const event = (uid: string, day: string, summary: string, description: string) => {
    const vevent = new ICAL.Component('vevent');
    vevent.addPropertyWithValue('uid', uid);
    vevent.addPropertyWithValue('dtstamp', stamp);
    // All-day: the task is due that day wherever the reader is.
    vevent.addPropertyWithValue('dtstart', ICAL.Time.fromDateString(day));
    const next = ICAL.Time.fromDateString(day);
    next.adjust(1, 0, 0, 0);
    vevent.addPropertyWithValue('dtend', next);
    vevent.addPropertyWithValue('summary', summary);
    if (description) vevent.addPropertyWithValue('description', description);
    calendar.addSubcomponent(vevent);
  };
  const all = [...followUps.map((f) => ['followup', f] as const), ...agreements.map((a) => ['renewal', a] as const)];
  let done = 0;
  for (let i = 0; i < all.length; i += STEP) {
    for (const [what, r] of all.slice(i, i + STEP)) {
      const account = String(accounts.get(String(r.accountId))?.name ?? '');
      if (what === 'followup') event(`followup-${r.id}@rapport`, String(r.dueDate), ctx.t('exports.events.followUp', { task: r.task, account }), '');
      else event(`renewal-${r.id}@rapport`, String(r.renewalDate), ctx.t('exports.events.renewal', { title: r.title, account }), account);
      done++;
    }
    yield { done, total: all.length };
  }
  const name = ctx.t('exports.names.calendar');
  return file(`${name}-${ctx.now().slice(0, 10)}.ics`, 'text/calendar;charset=utf-8', Buffer.from(`${calendar.toString()}\r\n`, 'utf8'), done);
}
