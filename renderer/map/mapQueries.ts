/**
 * The map's data and its writes. The read is `map.get`; the writes are the ordinary record calls
 * (people.update, links.create, links.delete), each remembered with its inverse so the map can
 * undo it (the toast's Undo, the toolbar's Undo, Ctrl+Z).
 */
import { MutationObserver, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../shared/contract';
import { DEFAULT_DECISION_WINDOW_DAYS, type MapView } from '../../shared/map/schemas';
import { isApiError } from '../api/client';
import { useApi } from '../api/context';
import { useToast } from '../components/Toasts';
import { useRefreshData } from '../views/queries';

/**
 * The cache key sits under `people`, so every data refresh (an edit anywhere, a sync round) that
 * refetches the people lists refetches the map too.
 */
export const mapKey = (accountId: string, asOf: string | null, decisionWindowDays: number) => ['people', 'map', accountId, asOf, decisionWindowDays] as const;

export function useMapView(accountId: string, options: { asOf?: string | null; decisionWindowDays: number; enabled?: boolean }) {
  const api = useApi();
  const asOf = options.asOf ?? null;
  return useQuery({
    queryKey: mapKey(accountId, asOf, options.decisionWindowDays),
    queryFn: () => api['map.get']({ accountId, decisionWindowDays: options.decisionWindowDays, ...(asOf ? { asOf } : {}) }),
    enabled: (options.enabled ?? true) && !!accountId,
    // An earlier map never changes; today's does, with every edit.
    staleTime: asOf ? Infinity : 10_000,
  });
}

const WINDOW_KEY = 'rapport.map.decisionWindowDays';

/** The decider-touchpoint window (days), remembered on this computer. */
export function useDecisionWindow(): [number, (days: number) => void] {
  const [days, setDays] = useState(() => {
    try {
      const stored = Number(localStorage.getItem(WINDOW_KEY));
      return Number.isInteger(stored) && stored >= 1 && stored <= 3650 ? stored : DEFAULT_DECISION_WINDOW_DAYS;
    } catch {
      return DEFAULT_DECISION_WINDOW_DAYS;
    }
  });
  const set = useCallback((value: number) => {
    if (!Number.isInteger(value) || value < 1 || value > 3650) return;
    setDays(value);
    try {
      localStorage.setItem(WINDOW_KEY, String(value));
    } catch {
      // storage disabled: the choice lasts for this session
    }
  }, []);
  return [days, set];
}

export interface UndoEntry {
  id: number;
  /** What undoing does, in words (the Undo button's accessible name). */
  label: string;
  run: () => Promise<string>;
}

// Undo stacks per account, for the session: a change can still be undone after a look at the
// key-people table. An entry runs once, whichever Undo (toast, toolbar, Ctrl+Z) gets there first.
const stacks = new Map<string, UndoEntry[]>();
const listeners = new Set<() => void>();
const NO_ENTRIES: UndoEntry[] = [];
let nextId = 1;
const setStack = (accountId: string, entries: UndoEntry[]) => {
  stacks.set(accountId, entries);
  for (const listener of listeners) listener();
};
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

type PersonUpdate = CallInput<'people.update'>;

/**
 * The map's writes. Each one, when it succeeds, says so in a toast with Undo and goes on the
 * account's undo stack; undoing runs the inverse write and says what it restored. Writes run as
 * mutations of the query client (so the sync bar's "not yet shared" count sees them), also when
 * an Undo outlives the page that made the change.
 */
export function useMapChanges(view: MapView | undefined) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = useRefreshData();
  const toast = useToast();
  const { t } = useTranslation();
  const accountId = view?.accountId ?? '';
  const entries = useSyncExternalStore(subscribe, () => stacks.get(accountId) ?? NO_ENTRIES);

  const write = useCallback(
    <T>(fn: () => Promise<T>): Promise<T> => new MutationObserver<T, unknown, void>(queryClient, { mutationFn: fn, onSettled: () => refresh() }).mutate(),
    [queryClient, refresh],
  );

  const nameOf = useMemo(() => {
    const names = new Map((view?.people ?? []).map((p) => [p.id, p.name]));
    return (id: string | null | undefined) => (id ? (names.get(id) ?? '') : '');
  }, [view]);

  const failed = useCallback(
    (error: unknown) => toast(isApiError(error) ? error.message : t('errors.internal', { detail: String(error) }), { tone: 'error', subject: 'map-change' }),
    [toast, t],
  );

  /** Takes `entry` off the stack and runs it; nothing when it was already undone. */
  const undo = useCallback(
    (account: string, entry: UndoEntry | undefined) => {
      const stack = stacks.get(account) ?? [];
      if (!entry || !stack.includes(entry)) return;
      setStack(
        account,
        stack.filter((e) => e !== entry),
      );
      void entry
        .run()
        .then((done) => toast(done, { subject: 'map-change' }))
        .catch(failed);
    },
    [toast, failed],
  );

  const remember = useCallback(
    (message: string, label: string, run: () => Promise<string>) => {
      const entry: UndoEntry = { id: nextId++, label, run };
      const account = accountId;
      setStack(account, [...(stacks.get(account) ?? []).slice(-19), entry]);
      toast(message, { subject: 'map-change', action: { label: t('common.undo'), run: () => undo(account, entry) } });
    },
    [accountId, toast, t, undo],
  );

  const undoLast = useCallback(() => {
    const stack = stacks.get(accountId) ?? [];
    undo(accountId, stack[stack.length - 1]);
  }, [accountId, undo]);

  /** Moves `personId` under `managerId`; false when nothing was written. */
  const reportTo = useCallback(
    async (personId: string, managerId: string | null): Promise<boolean> => {
      const person = view?.people.find((p) => p.id === personId);
      if (!person) return false;
      const previous = person.reportsToId;
      const name = person.name;
      const manager = nameOf(managerId);
      const before = nameOf(previous);
      if (previous === managerId) {
        toast(t('map.reportsTo.already', { name, manager }), { subject: 'map-change' });
        return false;
      }
      try {
        await write(() => api['people.update']({ id: personId, reportsToId: managerId }));
      } catch (error) {
        failed(error);
        return false;
      }
      remember(t('map.reportsTo.moved', { name, manager }), t('map.reportsTo.what', { name, manager }), async () => {
        await write(() => api['people.update']({ id: personId, reportsToId: previous }));
        return previous ? t('map.reportsTo.back', { name, manager: before }) : t('map.reportsTo.backTop', { name });
      });
      return true;
    },
    [view, api, write, remember, failed, toast, t, nameOf],
  );

  /** Records that `fromId` influences `toId`. */
  const addLink = useCallback(
    async (fromId: string, toId: string, strength: number): Promise<boolean> => {
      if (!view) return false;
      const from = nameOf(fromId);
      const to = nameOf(toId);
      if (fromId === toId) {
        toast(t('map.link.same'), { tone: 'error', subject: 'map-change' });
        return false;
      }
      if (view.links.some((l) => l.fromId === fromId && l.toId === toId)) {
        toast(t('map.link.exists', { from, to }), { subject: 'map-change' });
        return false;
      }
      let id: string;
      try {
        id = (await write(() => api['links.create']({ accountId: view.accountId, fromId, toId, strength }))).id;
      } catch (error) {
        failed(error);
        return false;
      }
      remember(t('map.link.added', { from, to }), t('map.link.what', { from, to }), async () => {
        await write(() => api['links.delete']({ id }));
        return t('map.link.removed', { from, to });
      });
      return true;
    },
    [view, api, write, remember, failed, toast, t, nameOf],
  );

  /** Takes a link off the map (to the bin), with Undo. */
  const removeLink = useCallback(
    async (linkId: string): Promise<boolean> => {
      const link = view?.links.find((l) => l.id === linkId);
      if (!link) return false;
      const from = nameOf(link.fromId);
      const to = nameOf(link.toId);
      try {
        await write(() => api['links.delete']({ id: linkId }));
      } catch (error) {
        failed(error);
        return false;
      }
      remember(t('map.link.removed', { from, to }), t('map.link.what', { from, to }), async () => {
        await write(() => api['links.restore']({ id: linkId }));
        return t('map.link.added', { from, to });
      });
      return true;
    },
    [view, api, write, remember, failed, t, nameOf],
  );

  /** Moves a person on the influence × stance grid. */
  const placeOnGrid = useCallback(
    async (personId: string, stance: string, influence: number, words: (stance: string) => string): Promise<boolean> => {
      const person = view?.people.find((p) => p.id === personId);
      if (!person || (person.stance === stance && person.influence === influence)) return false;
      const before = { stance: person.stance, influence: person.influence };
      const input: PersonUpdate = { id: personId };
      if (stance !== person.stance) input.stance = stance as PersonUpdate['stance'];
      if (influence !== person.influence) input.influence = influence;
      try {
        await write(() => api['people.update'](input));
      } catch (error) {
        failed(error);
        return false;
      }
      const name = person.name;
      remember(t('map.grid.moved', { name, stance: words(stance), influence }), t('map.grid.what', { name, stance: words(stance), influence }), async () => {
        await write(() => api['people.update']({ id: personId, stance: before.stance as PersonUpdate['stance'], influence: before.influence }));
        return t('map.grid.back', { name, stance: words(before.stance), influence: before.influence });
      });
      return true;
    },
    [view, api, write, remember, failed, t],
  );

  return { reportTo, addLink, removeLink, placeOnGrid, lastUndo: entries[entries.length - 1] ?? null, undoLast };
}
