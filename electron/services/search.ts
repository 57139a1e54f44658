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

/** Tokens in a snippet: trigram tokens are one character apart, so this is about 24 characters. */
const SNIPPET = 24;

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
  // Hits inside a binned account are left out: the account and everything under it is in the bin.
  const liveAccount = 'account_id IN (SELECT id FROM accounts WHERE deleted_at IS NULL)';
  // One query per kind, so many matching accounts never crowd the people out (and the reverse).
  const records = (kind: 'account' | 'person'): RowHit[] =>
    (long
      ? db
          .prepare(
            `SELECT kind, ref_id, account_id, title, snippet(search_records, -1, '', '', '…', ${SNIPPET}) AS snippet
             FROM search_records WHERE search_records MATCH @match AND kind = @kind AND ${liveAccount} ORDER BY rank LIMIT @limit`,
          )
          .all({ match: phrase(text), kind, limit: input.limit })
      : db
          .prepare(
            `SELECT kind, ref_id, account_id, title, substr(body, 1, 80) AS snippet FROM search_records
             WHERE kind = @kind AND (title LIKE @pattern ESCAPE '\\' OR body LIKE @pattern ESCAPE '\\') AND ${liveAccount}
             ORDER BY (title LIKE @pattern ESCAPE '\\') DESC, length(title) LIMIT @limit`,
          )
          .all({ kind, pattern: anywhere(text), limit: input.limit })) as RowHit[];
  const touchpoints = (
    long
      ? db
          .prepare(
            `SELECT kind, ref_id, account_id, title, snippet(search_touchpoints, 4, '', '', '…', ${SNIPPET}) AS snippet
             FROM search_touchpoints WHERE search_touchpoints MATCH @match AND ${liveAccount} ORDER BY rowid DESC LIMIT @limit`,
          )
          .all({ match: phrase(text), limit: input.limit })
      : db
          .prepare(
            `SELECT kind, ref_id, account_id, title, substr(body, max(1, instr(body, @text) - 20), 80) AS snippet
             FROM search_touchpoints WHERE body LIKE @pattern ESCAPE '\\' AND ${liveAccount} ORDER BY rowid DESC LIMIT @limit`,
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
  return { accounts: records('account').map(toHit), people: records('person').map(toHit), touchpoints: touchpoints.map(toHit) };
}

const firstLine = (text: string) => text.trim().split('\n')[0]!.slice(0, 80);
