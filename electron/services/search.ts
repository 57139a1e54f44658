/**
 * One search box over accounts, people and touchpoint text. Queries of three characters or more
 * use the trigram indexes (any substring, any script, case-insensitive); shorter ones — a Chinese
 * given name like "伟" — fall back to a substring scan, which the trigram tokenizer cannot
 * index: over names it is quick, over touchpoint text it stops at the first page of newest hits.
 */
import type { z } from 'zod';
import type { SearchInput, SearchResult } from '../../shared/domain';
import type { ServiceContext } from './context';

type Hit = SearchResult['accounts'][number];

const SNIPPET = 12;

/** A phrase for FTS5 MATCH: the text in double quotes, inner quotes doubled. */
const phrase = (text: string) => `"${text.replace(/"/g, '""')}"`;
/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped. */
const anywhere = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function searchEverything(ctx: ServiceContext, input: z.output<typeof SearchInput>): SearchResult {
  const text = input.text;
  const long = [...text].length >= 3;
  const db = ctx.store.sqlite;
  const names = new Map<string, string>();
  const accountName = (id: string) => {
    if (!names.has(id)) names.set(id, (db.prepare('SELECT name FROM accounts WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? '');
    return names.get(id)!;
  };
  type RowHit = { kind: Hit['kind']; ref_id: string; account_id: string; title: string; snippet: string };
  const records = (
    long
      ? db
          .prepare(
            `SELECT kind, ref_id, account_id, title, snippet(search_records, -1, '', '', '…', ${SNIPPET}) AS snippet
             FROM search_records WHERE search_records MATCH ? ORDER BY rank LIMIT ?`,
          )
          .all(phrase(text), input.limit * 2)
      : db
          .prepare(
            `SELECT kind, ref_id, account_id, title, substr(body, 1, 80) AS snippet FROM search_records
             WHERE title LIKE @pattern ESCAPE '\\' OR body LIKE @pattern ESCAPE '\\'
             ORDER BY (title LIKE @pattern ESCAPE '\\') DESC, length(title) LIMIT @limit`,
          )
          .all({ pattern: anywhere(text), limit: input.limit * 2 })
  ) as RowHit[];
  const touchpoints = (
    long
      ? db
          .prepare(
            `SELECT kind, ref_id, account_id, title, snippet(search_touchpoints, 4, '', '', '…', ${SNIPPET}) AS snippet
             FROM search_touchpoints WHERE search_touchpoints MATCH ? ORDER BY rowid DESC LIMIT ?`,
          )
          .all(phrase(text), input.limit)
      : db
          .prepare(
            `SELECT kind, ref_id, account_id, title, substr(body, max(1, instr(body, @text) - 20), 80) AS snippet
             FROM search_touchpoints WHERE body LIKE @pattern ESCAPE '\\' ORDER BY rowid DESC LIMIT @limit`,
          )
          .all({ text, pattern: anywhere(text), limit: input.limit })
  ) as RowHit[];
  const toHit = (r: RowHit): Hit => ({
    kind: r.kind,
    id: r.ref_id,
    accountId: r.account_id,
    accountName: accountName(r.account_id),
    title: r.kind === 'touchpoint' ? firstLine(r.snippet) : r.title,
    snippet: r.snippet.trim(),
  });
  return {
    accounts: records.filter((r) => r.kind === 'account').slice(0, input.limit).map(toHit),
    people: records.filter((r) => r.kind === 'person').slice(0, input.limit).map(toHit),
    touchpoints: touchpoints.map(toHit),
  };
}

const firstLine = (text: string) => text.trim().split('\n')[0]!.slice(0, 80);
