import { useRef, type KeyboardEvent } from 'react';

/**
 * The arrow keys of a tab list (the WAI-ARIA tabs pattern): Left and Right select the previous or
 * next tab, wrapping around, and move the focus with the selection. Returns the tab list's
 * `onKeyDown` and each tab's `ref`.
 */
export function useTabKeys<V extends string>(tabs: readonly V[], current: V, select: (tab: V) => void) {
  const elements = useRef(new Map<V, HTMLElement>());
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = tabs[(tabs.indexOf(current) + step + tabs.length) % tabs.length];
    if (next === undefined) return;
    select(next);
    elements.current.get(next)?.focus();
  };
  const tabRef = (tab: V) => (element: HTMLElement | null) => {
    if (element) elements.current.set(tab, element);
    else elements.current.delete(tab);
  };
  return { onKeyDown, tabRef };
}
