/**
 * One search box over accounts, people and touchpoint text. Queries of three characters or more
 * use the trigram indexes (any substring, any script, case-insensitive); shorter ones — a Chinese
 * given name like "伟" — fall back to a substring scan, which the trigram tokenizer cannot
 * index: over names it is quick, over touchpoint text it stops at the first page of newest hits.
 */
import type Database from 'better-sqlite3';
import type { SearchResult } from '../../shared/domain';
import { prepared } from './prepared';
import { anywhere } from './read-models';
import { pendingSearchTables, spaced } from './search-index';

type Hit = SearchResult['accounts'][number];
type SearchTotal = SearchResult['totals']['accounts'];

/** Tokens in a snippet: trigram tokens are one character apart, so this is about 24 characters. */
const SNIPPET = 24;

/** A phrase for FTS5 MATCH: the text in double quotes, inner quotes doubled. */
const phrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** Totals are counted up to this many; past it the answer says "at least". */
export const SEARCH_TOTAL_CAP = 1000;

export interface SearchQuery {
  text: string;
  limit: number;
  /** Hits to skip in each kind asked for (the results page's "more"). */
  offset: number;
  kinds: readonly Hit['kind'][];
}

/** One kind's hits: `take(n)` the first n in the answer's order; `count(cap)` how many match, up to cap. */
interface KindSearch {
  take(n: number): RowHit[];
  count(cap: number): number;
}
type RowHit = { kind: Hit['kind']; ref_id: string; account_id: string; title: string; snippet: string };

const capped = (sql: string) => `SELECT count(*) AS n FROM (SELECT 1 FROM ${sql} LIMIT @cap)`;

export function searchEverything(sqlite: Database.Database, input: SearchQuery): SearchResult {
  const text = input.text;
  const long = [...text].length >= 3;
  const names = new Map<string, string>();
  const accountName = (id: string) => {
    if (!names.has(id)) names.set(id, (prepared(sqlite, 'SELECT name FROM accounts WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? '');
    return names.get(id)!;
  };
  const all = (sql: string, params: Record<string, unknown>) => prepared(sqlite, sql).all(params) as RowHit[];
  const countOf = (sql: string, params: Record<string, unknown>, cap: number) => (prepared(sqlite, capped(sql)).get({ ...params, cap }) as { n: number }).n;
  // Right after a bootstrap the indexes are still being filled: scan what is not indexed yet.
  const pending = pendingSearchTables(sqlite);
  const recordsIndexed = !pending.has('accounts') && !pending.has('people');
  const touchpointsIndexed = !pending.has('touchpoints');
  // Hits inside a binned account are left out: the account and everything under it is in the bin.
  const liveAccount = 'account_id IN (SELECT id FROM accounts WHERE deleted_at IS NULL)';
  const pattern = anywhere(text);

  // One query per kind, so many matching accounts never crowd the people out (and the reverse).
  const scanRecords = (kind: 'account' | 'person'): KindSearch => {
    const from =
      kind === 'account'
        ? `accounts WHERE deleted_at IS NULL AND (name LIKE @pattern ESCAPE '\\' OR (json_valid(aliases) AND EXISTS (SELECT 1 FROM json_each(aliases) WHERE value LIKE @pattern ESCAPE '\\')) OR industry LIKE @pattern ESCAPE '\\' OR region LIKE @pattern ESCAPE '\\')`
        : `people WHERE deleted_at IS NULL AND ${liveAccount} AND (name LIKE @pattern ESCAPE '\\' OR title LIKE @pattern ESCAPE '\\' OR department LIKE @pattern ESCAPE '\\' OR email LIKE @pattern ESCAPE '\\' OR phone LIKE @pattern ESCAPE '\\')`;
    const select =
      kind === 'account'
        ? `SELECT 'account' AS kind, id AS ref_id, id AS account_id, name AS title, coalesce(industry, '') AS snippet FROM ${from} ORDER BY length(name)`
        : `SELECT 'person' AS kind, id AS ref_id, account_id, name AS title, trim(coalesce(title, '') || ' ' || coalesce(department, '')) AS snippet FROM ${from}
             ORDER BY (name LIKE @pattern ESCAPE '\\') DESC, length(name)`;
    return { take: (n) => all(`${select} LIMIT @n`, { pattern, n }), count: (cap) => countOf(from, { pattern }, cap) };
  };
  const chars = charsQuery(text);
  const records = (kind: 'account' | 'person'): KindSearch => {
    if (!recordsIndexed) return scanRecords(kind);
    if (long) {
      const from = `search_records WHERE search_records MATCH @match AND kind = @kind AND ${liveAccount}`;
      const params = { match: phrase(text), kind };
      return {
        take: (n) =>
          all(`SELECT kind, ref_id, account_id, title, snippet(search_records, -1, '', '', '…', ${SNIPPET}) AS snippet FROM ${from} ORDER BY rank LIMIT @n`, {
            ...params,
            n,
          }),
        count: (cap) => countOf(from, params, cap),
      };
    }
    // One or two characters for accounts: the table is scanned. Accounts are few (thousands), and
    // the index holds people too, whose kind is checked only after the match: a character common
    // among a hundred thousand people ("采购部") cost 50 ms to find the accounts among them.
    if (chars === null || kind === 'account') return scanRecords(kind);
    // One or two Chinese characters: the single-character index. Names first (few, shortest
    // first), then other fields newest first; neither ranks every match, so a character common to
    // a third of all people ("采购部") costs no more than a rare one.
    const from = (column: string) => `search_record_chars WHERE search_record_chars MATCH '${column} : ' || @chars AND kind = @kind AND ${liveAccount}`;
    const params = { chars, kind };
    const columns = `kind, ref_id, account_id, label AS title, substr(detail, 1, 80) AS snippet`;
    return {
      take: (n) => {
        const byTitle = all(`SELECT ${columns} FROM ${from('title')} ORDER BY length(label) LIMIT @n`, { ...params, n });
        if (byTitle.length >= n) return byTitle;
        const seen = new Set(byTitle.map((h) => h.ref_id));
        const byBody = all(`SELECT ${columns} FROM ${from('body')} ORDER BY rowid DESC LIMIT @n`, { ...params, n });
        return [...byTitle, ...byBody.filter((h) => !seen.has(h.ref_id))].slice(0, n);
      },
      count: (cap) => countOf(from('{title body}'), params, cap),
    };
  };
  // The words around the match, from the summary or else the needs learned.
  const around = `CASE WHEN instr(t.summary, @text) > 0 OR t.needs IS NULL OR instr(t.needs, @text) = 0
      THEN substr(t.summary, max(1, instr(t.summary, @text) - 20), 80)
      ELSE substr(t.needs, max(1, instr(t.needs, @text) - 20), 80) END`;
  const touchpoints = (): KindSearch => {
    if (!touchpointsIndexed || (!long && chars === null)) {
      const from = `touchpoints t WHERE deleted_at IS NULL AND (summary LIKE @pattern ESCAPE '\\' OR needs LIKE @pattern ESCAPE '\\') AND ${liveAccount}`;
      return {
        take: (n) =>
          all(`SELECT 'touchpoint' AS kind, id AS ref_id, account_id, '' AS title, ${around} AS snippet FROM ${from} ORDER BY rowid DESC LIMIT @n`, {
            text,
            pattern,
            n,
          }),
        count: (cap) => countOf(from, { pattern }, cap),
      };
    }
    if (long) {
      const from = `search_touchpoints WHERE search_touchpoints MATCH @match AND ${liveAccount}`;
      const params = { match: phrase(text) };
      return {
        take: (n) =>
          all(
            `SELECT kind, ref_id, account_id, title, snippet(search_touchpoints, 4, '', '', '…', ${SNIPPET}) AS snippet FROM ${from} ORDER BY rowid DESC LIMIT @n`,
            {
              ...params,
              n,
            },
          ),
        count: (cap) => countOf(from, params, cap),
      };
    }
    // One or two characters: the index of single characters (CJK) and word starts (Latin).
    const from = `search_touchpoint_chars c WHERE search_touchpoint_chars MATCH @match AND c.${liveAccount}`;
    return {
      take: (n) =>
        all(
          `SELECT 'touchpoint' AS kind, c.ref_id, c.account_id, '' AS title, ${around} AS snippet
             FROM search_touchpoint_chars c JOIN touchpoints t ON t.id = c.ref_id
             WHERE search_touchpoint_chars MATCH @match AND c.${liveAccount} ORDER BY c.rowid DESC LIMIT @n`,
          { match: chars, text, n },
        ),
      count: (cap) => countOf(from, { match: chars }, cap),
    };
  };
  const toHit = (r: RowHit): Hit => ({
    kind: r.kind,
    id: r.ref_id,
    accountId: r.account_id,
    accountName: accountName(r.account_id),
    title: r.kind === 'touchpoint' ? firstLine(r.snippet) : r.title,
    snippet: r.snippet.trim(),
  });
  const answer = (kind: Hit['kind'], search: () => KindSearch): { hits: Hit[]; total: SearchTotal } => {
    if (!input.kinds.includes(kind)) return { hits: [], total: { count: 0, atLeast: false } };
    const { take, count } = search();
    const hits = take(input.offset + input.limit).slice(input.offset);
    // The first page of a kind that fits whole needs no count of its own.
    const whole = input.offset === 0 && hits.length < input.limit;
    const n = whole ? hits.length : count(SEARCH_TOTAL_CAP + 1);
    return { hits: hits.map(toHit), total: { count: Math.min(n, SEARCH_TOTAL_CAP), atLeast: n > SEARCH_TOTAL_CAP } };
  };
  const accounts = answer('account', () => records('account'));
  const people = answer('person', () => records('person'));
  const found = answer('touchpoint', touchpoints);
  return {
    accounts: accounts.hits,
    people: people.hits,
    touchpoints: found.hits,
    totals: { accounts: accounts.total, people: people.total, touchpoints: found.total },
  };
}

/**
 * A query for the single-character index, for text made only of CJK characters: a phrase of
 * one-character words, which matches exactly where those characters stand side by side. Other
 * short text (Latin letters, digits, punctuation: "0%" inside "100%") is not split into words
 * the same way, so it is scanned for instead (null).
 */
function charsQuery(text: string): string | null {
  if (!/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u.test(text)) return null;
  return phrase(spaced(text).trim().split(/\s+/).join(' '));
}

const firstLine = (text: string) => text.trim().split('\n')[0]!.slice(0, 80);
