/**
 * vCards (3.0 and 4.0 as iOS, Google Contacts and Android export them, and the 2.1-style lines of
 * Outlook and older Android: bare TYPE words, QUOTED-PRINTABLE values with soft line breaks and a
 * CHARSET) → one row per card. ical.js parses each card; the 2.1 forms it does not know are made
 * 3.0 first, line by line. A card that cannot be read is a problem on its own row, never the file's.
 */
import ICAL from 'ical.js';
import iconv from 'iconv-lite';
import type { Cell } from '../../../shared/import/values';
import type { SheetRow } from './read';

/** The columns a vCard becomes, named so the people mapping suggests itself (shared/import/fields.ts). */
export const VCARD_HEADERS = ['Name', 'Company', 'Department', 'Title', 'Mobile', 'Email', 'Note', 'Birthday'] as const;

/** Logical lines: folded lines joined (a leading space), and quoted-printable soft breaks (a trailing =) joined. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let qpOpen = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const last = lines.length - 1;
    if (qpOpen && last >= 0) {
      lines[last] = lines[last]!.slice(0, -1) + raw.replace(/^[ \t]/, '');
    } else if (/^[ \t]/.test(raw) && last >= 0) {
      lines[last] += raw.slice(1);
    } else {
      lines.push(raw);
    }
    const line = lines[lines.length - 1]!;
    qpOpen = /QUOTED-PRINTABLE/i.test(line.slice(0, Math.max(0, colonAt(line)))) && line.endsWith('=');
  }
  return lines.filter((l) => l.trim() !== '');
}

/** Where the value starts: the first colon outside a quoted parameter value. */
function colonAt(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) return i;
  }
  return -1;
}

class BrokenEncoding extends Error {}

/** One 2.1-style line → 3.0: bare types named, QUOTED-PRINTABLE decoded in its CHARSET, photos dropped. */
function modernLine(line: string): string | null {
  const at = colonAt(line);
  if (at < 0) return line;
  const [name, ...params] = line.slice(0, at).split(';');
  let value = line.slice(at + 1);
  let qp = false;
  let base64 = false;
  let charset = 'utf-8';
  const kept: string[] = [];
  for (const param of params) {
    const eq = param.indexOf('=');
    const key = (eq < 0 ? '' : param.slice(0, eq)).toUpperCase();
    const val = eq < 0 ? param : param.slice(eq + 1);
    if ((eq < 0 && /^quoted-printable$/i.test(val)) || (key === 'ENCODING' && /^quoted-printable$/i.test(val))) qp = true;
    else if ((eq < 0 && /^(base64|b)$/i.test(val)) || (key === 'ENCODING' && /^(base64|b)$/i.test(val))) base64 = true;
    else if (key === 'CHARSET') charset = val.replace(/"/g, '');
    else if (eq < 0) kept.push(`TYPE=${val}`);
    else kept.push(param);
  }
  if (base64 || /^(PHOTO|LOGO|SOUND|KEY)$/i.test(name!.replace(/^.*\./, ''))) return null;
  if (qp) {
    const bytes: number[] = [];
    for (let i = 0; i < value.length; i++) {
      if (value[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
        bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(value.charCodeAt(i) & 0xff);
    }
    value = decodeBytes(Uint8Array.from(bytes), charset).replace(/\r\n|\r|\n/g, '\\n');
  }
  return `${[name, ...kept].join(';')}:${value}`;
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  const cs = charset.toLowerCase();
  if (cs === 'utf-8' || cs === 'utf8') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new BrokenEncoding();
    }
  }
  if (!iconv.encodingExists(cs)) throw new BrokenEncoding();
  const text = iconv.decode(Buffer.from(bytes), cs);
  if (text.includes('\uFFFD')) throw new BrokenEncoding();
  return text;
}

const isCjk = (s: string) => /[\u3400-\u9fff]/.test(s);

export function readVCards(text: string): { headerRow: number; headers: string[]; rows: SheetRow[] } {
  const lines = logicalLines(text);
  const cards: string[][] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    if (/^BEGIN:VCARD$/i.test(line.trim())) current = [];
    else if (/^END:VCARD$/i.test(line.trim())) {
      if (current) cards.push(current);
      current = null;
    } else current?.push(line);
  }
  const rows: SheetRow[] = cards.map((card, i) => cardRow(card, i + 1));
  return { headerRow: 0, headers: [...VCARD_HEADERS], rows };
}

function cardRow(card: string[], row: number): SheetRow {
  const empty = (): SheetRow => ({ row, cells: VCARD_HEADERS.map(() => null) });
  let modern: string[];
  try {
    modern = card
      // vCard 4.0 stays 4.0 (ical.js reads it); 2.1 is read as 3.0 once its lines are made 3.0.
      .map((line) => (/^VERSION:/i.test(line) ? (/4\.0/.test(line) ? 'VERSION:4.0' : 'VERSION:3.0') : modernLine(line)))
      .filter((l): l is string => l !== null);
  } catch (error) {
    if (error instanceof BrokenEncoding) return { ...empty(), cellProblems: [{ column: 0, problem: { key: 'badEncoding' } }] };
    throw error;
  }
  let component: ICAL.Component;
  try {
    component = new ICAL.Component(ICAL.parse(['BEGIN:VCARD', ...modern, 'END:VCARD', ''].join('\r\n')) as unknown[]);
  } catch (error) {
    return { ...empty(), cellProblems: [{ column: 0, problem: { key: 'badCard', params: { detail: (error as Error).message } } }] };
  }
  const values = (name: string) => component.getAllProperties(name);
  const first = (name: string): string => {
    const value = component.getFirstPropertyValue(name);
    return typeof value === 'string' ? value.trim() : value ? String(value).trim() : '';
  };
  const typesOf = (p: ICAL.Property): string[] => {
    const type = p.getParameter('type');
    return (Array.isArray(type) ? type : type ? [type] : []).map((t) => String(t).toLowerCase());
  };
  const pick = (name: string, preferred: string[]): string => {
    const props = values(name);
    const chosen = props.find((p) => typesOf(p).some((t) => preferred.includes(t))) ?? props.find((p) => typesOf(p).includes('pref')) ?? props[0];
    const v = chosen?.getFirstValue();
    return v === undefined || v === null ? '' : String(v).replace(/^tel:/i, '').trim();
  };
  let name = first('fn');
  if (!name) {
    const n = component.getFirstProperty('n')?.getValues()[0] as string[] | string | undefined;
    const parts = Array.isArray(n) ? n : typeof n === 'string' ? n.split(';') : [];
    const [family = '', given = ''] = parts.map((p) => String(p).trim());
    name = isCjk(family + given) ? `${family}${given}` : [given, family].filter(Boolean).join(' ');
  }
  const org = component.getFirstProperty('org')?.getValues()[0] as string[] | string | undefined;
  const orgParts = Array.isArray(org) ? org.map(String) : typeof org === 'string' ? org.split(';') : [];
  const bday = component.getFirstPropertyValue('bday');
  const cells: Cell[] = [
    name || null,
    orgParts[0]?.trim() || null,
    orgParts.slice(1).join(' ').trim() || null,
    first('title') || null,
    pick('tel', ['cell', 'mobile', 'iphone']) || null,
    pick('email', ['work', 'internet']) || null,
    first('note') || null,
    bday ? String(bday) : null,
  ];
  return { row, cells };
}
