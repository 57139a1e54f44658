/**
 * The header's search over accounts, people and touchpoint text (search.query: any substring,
 * Chinese included). Results are grouped by kind with a snippet; arrow keys move, Enter opens,
 * Escape closes; Ctrl+K (⌘K) jumps here from anywhere.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SearchResult } from '../../shared/domain';
import { useApi } from '../api/context';
import { useFormat } from '../format';
import { useActiveOption } from './useActiveOption';

type Hit = SearchResult['accounts'][number];
const GROUPS = ['accounts', 'people', 'touchpoints'] as const;
const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);
const LIMIT = 8;

/** Where a hit leads: the account, the person, or the account's timeline at that touchpoint. */
export function hitPath(hit: Hit): string {
  if (hit.kind === 'person') return `/people/${hit.id}`;
  if (hit.kind === 'touchpoint') return `/accounts/${hit.accountId}/touchpoints?touchpoint=${hit.id}`;
  return `/accounts/${hit.id}/organisation`;
}

/** "8 of 243", "8 of 1,000+": how many a group shows of how many match. */
export function searchTotal(t: TFunction, shown: number, total: SearchResult['totals']['accounts'], number: (n: number) => string): string {
  return t(total.atLeast ? 'search.groupTotalAtLeast' : 'search.groupTotal', { shown: number(shown), total: number(total.count) });
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function GlobalSearch() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const query = useDebounced(text.trim(), 200);

  const results = useQuery({
    queryKey: ['search', query],
    queryFn: () => api['search.query']({ text: query, limit: LIMIT }),
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
  });
  // The hits in the order the list shows them, each with its group and its place in the whole list.
  const groups = useMemo(() => {
    if (!results.data || !query) return [];
    let position = 0;
    return GROUPS.map((group) => ({ group, hits: results.data[group].map((hit) => ({ hit, position: position++ })) })).filter((g) => g.hits.length > 0);
  }, [results.data, query]);
  const hits = useMemo(() => groups.flatMap((g) => g.hits.map(({ hit }) => hit)), [groups]);
  // Past the popup's few: one more option at the end leads to every hit (#/search).
  const more = !!results.data && GROUPS.some((group) => results.data.totals[group].count > results.data[group].length);
  const { active, setActive, move } = useActiveOption(query, hits.length + (more ? 1 : 0));
  const format = useFormat();
  const number = (n: number) => format.number(n);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const leave = (path: string) => {
    setOpen(false);
    setText('');
    input.current?.blur();
    navigate(path);
  };
  const go = (hit: Hit) => leave(hitPath(hit));
  const showAll = () => leave(`/search?q=${encodeURIComponent(query)}`);

  const expanded = open && query.length > 0 && !!results.data;
  const optionId = (index: number) => `${listId}-${index}`;

  return (
    <div className="global-search" role="search">
      <label className="visually-hidden" htmlFor={`${listId}-input`}>
        {t('search.label')}
      </label>
      <input
        id={`${listId}-input`}
        ref={input}
        type="search"
        className="input input-compact search-input"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && (hits.length > 0 || more) ? optionId(active) : undefined}
        aria-keyshortcuts="Control+K Meta+K"
        placeholder={t('search.placeholder', { shortcut: isMac() ? '⌘K' : 'Ctrl+K' })}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            setOpen(true);
            move(event.key === 'ArrowDown' ? 1 : -1);
          } else if (event.key === 'Enter') {
            const hit = hits[active];
            if (expanded && hit) {
              event.preventDefault();
              go(hit);
            } else if (expanded && more && active === hits.length) {
              event.preventDefault();
              showAll();
            }
          } else if (event.key === 'Escape') {
            if (expanded) event.preventDefault();
            setOpen(false);
          }
        }}
      />
      <div className="search-popup" hidden={!expanded}>
        {hits.length === 0 && <p className="search-empty">{t('search.nothing', { text: query })}</p>}
        <div id={listId} role="listbox" aria-label={t('search.results')} hidden={hits.length === 0 && !more}>
          {groups.map(({ group, hits: groupHits }) => {
            const headingId = `${listId}-${group}`;
            return (
              <div key={group} role="group" aria-labelledby={headingId} className="search-group">
                <div id={headingId} role="presentation" className="search-group-title">
                  {t(`search.groups.${group}`)}
                  {results.data!.totals[group].count > groupHits.length && (
                    <span className="search-group-total"> · {searchTotal(t, groupHits.length, results.data!.totals[group], number)}</span>
                  )}
                </div>
                {groupHits.map(({ hit, position }) => (
                  <div
                    key={`${hit.kind}-${hit.id}`}
                    id={optionId(position)}
                    role="option"
                    aria-selected={position === active}
                    className="search-option"
                    onMouseDown={(event) => {
                      event.preventDefault();
                      go(hit);
                    }}
                    onMouseEnter={() => setActive(position)}
                  >
                    <span className="search-title">{hit.title}</span>
                    {hit.kind !== 'account' && <span className="search-account">{hit.accountName}</span>}
                    {hit.snippet && hit.snippet !== hit.title && <span className="search-snippet">{hit.snippet}</span>}
                  </div>
                ))}
              </div>
            );
          })}
          {more && (
            <div
              id={optionId(hits.length)}
              role="option"
              aria-selected={active === hits.length}
              className="search-option search-show-all"
              onMouseDown={(event) => {
                event.preventDefault();
                showAll();
              }}
              onMouseEnter={() => setActive(hits.length)}
            >
              {t('search.showAll', { text: query })}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
