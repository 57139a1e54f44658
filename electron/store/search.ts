/**
 * One search box over accounts, people and touchpoint text. Queries of three characters or more
 * use the trigram indexes (any substring, any script, case-insensitive); shorter ones — a Chinese
 * given name like "伟" — fall back to a substring scan, which the trigram tokenizer cannot
 * index: over names it is quick, over touchpoint text it stops at the first page of newest hits.
 */
import type Database from 'better-sqlite3';
import type { SearchResult } from '../../shared/domain';
import { prepared } from './prepared';
import { pendingSearchTables, spaced } from './search-index';

type Hit = SearchResult['accounts'][number];

/** Tokens in a snippet: trigram tokens are one character apart, so this is about 24 characters. */
const SNIPPET = 24;

/** A phrase for FTS5 MATCH: the text in double quotes, inner quotes doubled. */
const phrase = (text: string) => `"${text.replace(/"/g, '""')}"`;
/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped. */
const anywhere = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function searchEverything(sqlite: Database.Database, input: { text: string; limit: number }): SearchResult {
  const text = input.text;
  const long = [...text].length >= 3;
  const names = new Map<string, string>();
  const accountName = (id: string) => {
    if (!names.has(id)) names.set(id, (prepared(sqlite, 'SELECT name FROM accounts WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? '');
    return names.get(id)!;
  };
  type RowHit = { kind: Hit['kind']; ref_id: string; account_id: string; title: string; snippet: string };
  // Right after a bootstrap the indexes are still being filled: scan what is not indexed yet.
  const pending = pendingSearchTables(sqlite);
  const recordsIndexed = !pending.has('accounts') && !pending.has('people');
  const touchpointsIndexed = !pending.has('touchpoints');
  // Hits inside a binned account are left out: the account and everything under it is in the bin.
  const liveAccount = 'account_id IN (SELECT id FROM accounts WHERE deleted_at IS NULL)';
  // One query per kind, so many matching accounts never crowd the people out (and the reverse).
  const scanRecords = (kind: 'account' | 'person'): RowHit[] =>
    prepared(
      sqlite,
      kind === 'account'
        ? `SELECT 'account' AS kind, id AS ref_id, id AS account_id, name AS title, coalesce(industry, '') AS snippet FROM accounts
             WHERE deleted_at IS NULL AND (name LIKE @pattern ESCAPE '\\' OR (json_valid(aliases) AND EXISTS (SELECT 1 FROM json_each(aliases) WHERE value LIKE @pattern ESCAPE '\\')) OR industry LIKE @pattern ESCAPE '\\' OR region LIKE @pattern ESCAPE '\\')
             ORDER BY length(name) LIMIT @limit`
        : `SELECT 'person' AS kind, id AS ref_id, account_id, name AS title, trim(coalesce(title, '') || ' ' || coalesce(department, '')) AS snippet FROM people
             WHERE deleted_at IS NULL AND ${liveAccount} AND (name LIKE @pattern ESCAPE '\\' OR title LIKE @pattern ESCAPE '\\' OR department LIKE @pattern ESCAPE '\\' OR email LIKE @pattern ESCAPE '\\' OR phone LIKE @pattern ESCAPE '\\')
             ORDER BY (name LIKE @pattern ESCAPE '\\') DESC, length(name) LIMIT @limit`,
    ).all({ pattern: anywhere(text), limit: input.limit }) as RowHit[];
  const chars = charsQuery(text);
  const records = (kind: 'account' | 'person'): RowHit[] => {
    if (!recordsIndexed) return scanRecords(kind);
    if (long) {
      return prepared(
        sqlite,
        `SELECT kind, ref_id, account_id, title, snippet(search_records, -1, '', '', '…', ${SNIPPET}) AS snippet
           FROM search_records WHERE search_records MATCH @match AND kind = @kind AND ${liveAccount} ORDER BY rank LIMIT @limit`,
      ).all({ match: phrase(text), kind, limit: input.limit }) as RowHit[];
    }
    if (chars === null) return scanRecords(kind);
    // One or two Chinese characters: the single-character index. Names first (few, shortest
    // first), then other fields newest first; neither ranks every match, so a character common to
    // a third of all people ("采购部") costs no more than a rare one.
    const byTitle = prepared(
      sqlite,
      `SELECT kind, ref_id, account_id, label AS title, substr(detail, 1, 80) AS snippet FROM search_record_chars
         WHERE search_record_chars MATCH @match AND kind = @kind AND ${liveAccount} ORDER BY length(label) LIMIT @limit`,
    ).all({ match: `title : ${chars}`, kind, limit: input.limit }) as RowHit[];
    if (byTitle.length >= input.limit) return byTitle;
    const seen = new Set(byTitle.map((h) => h.ref_id));
    const byBody = prepared(
      sqlite,
      `SELECT kind, ref_id, account_id, label AS title, substr(detail, 1, 80) AS snippet FROM search_record_chars
         WHERE search_record_chars MATCH @match AND kind = @kind AND ${liveAccount} ORDER BY rowid DESC LIMIT @limit`,
    ).all({ match: `body : ${chars}`, kind, limit: input.limit }) as RowHit[];
    return [...byTitle, ...byBody.filter((h) => !seen.has(h.ref_id))].slice(0, input.limit);
  };
  // The words around the match, from the summary or else the needs learned.
  const around = `CASE WHEN instr(t.summary, @text) > 0 OR t.needs IS NULL OR instr(t.needs, @text) = 0
      THEN substr(t.summary, max(1, instr(t.summary, @text) - 20), 80)
      ELSE substr(t.needs, max(1, instr(t.needs, @text) - 20), 80) END`;
  const scanTouchpoints = () =>
    prepared(
      sqlite,
      `SELECT 'touchpoint' AS kind, id AS ref_id, account_id, '' AS title, ${around} AS snippet
         FROM touchpoints t WHERE deleted_at IS NULL AND (summary LIKE @pattern ESCAPE '\\' OR needs LIKE @pattern ESCAPE '\\') AND ${liveAccount}
         ORDER BY rowid DESC LIMIT @limit`,
    ).all({ text, pattern: anywhere(text), limit: input.limit }) as RowHit[];
  const touchpoints: RowHit[] =
    !touchpointsIndexed || (!long && chars === null)
      ? scanTouchpoints()
      : long
        ? (prepared(
            sqlite,
            `SELECT kind, ref_id, account_id, title, snippet(search_touchpoints, 4, '', '', '…', ${SNIPPET}) AS snippet
             FROM search_touchpoints WHERE search_touchpoints MATCH @match AND ${liveAccount} ORDER BY rowid DESC LIMIT @limit`,
          ).all({ match: phrase(text), limit: input.limit }) as RowHit[])
        : (prepared(
            sqlite,
            // One or two characters: the index of single characters (CJK) and word starts (Latin).
            `SELECT 'touchpoint' AS kind, c.ref_id, c.account_id, '' AS title, ${around} AS snippet
             FROM search_touchpoint_chars c JOIN touchpoints t ON t.id = c.ref_id
             WHERE search_touchpoint_chars MATCH @match AND c.${liveAccount}
             ORDER BY c.rowid DESC LIMIT @limit`,
          ).all({ match: chars, text, limit: input.limit }) as RowHit[]);
  const toHit = (r: RowHit): Hit => ({
    kind: r.kind,
    id: r.ref_id,
    accountId: r.account_id,
    accountName: accountName(r.account_id),
    title: r.kind === 'touchpoint' ? firstLine(r.snippet) : r.title,
    snippet: r.snippet.trim(),
  });
  return { accounts: records('account').map(toHit), people: records('person').map(toHit), touchpoints: touchpoints.map(toHit) };
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
