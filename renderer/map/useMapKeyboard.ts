/**
 * The map from the keyboard: one tab stop (a roving tabindex on the active person), arrows to the
 * manager, a report or a neighbour, Home/End, Enter or Space to open, + − 0 to zoom and fit, Esc;
 * and a click that opens a person.
 */
import { useCallback, useState, type FocusEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { neighbour, type MapLayout } from './layout';
import { nodeElement } from './MapNode';
import type { MapZoom } from './useMapZoom';

export interface MapKeyboardOptions {
  layout: MapLayout;
  /** People the filters leave out are skipped. */
  visible: (id: string) => boolean;
  nodes: { readonly current: SVGGElement | null };
  zoom: Pick<MapZoom, 'fit' | 'zoomBy' | 'reveal'>;
  /** In link mode a click starts a link instead of opening the person. */
  linkMode: boolean;
  onOpen: (personId: string) => void;
  onEscape?: () => void;
}

export interface MapKeyboard {
  /** The one person in the tab order. */
  focusable: string | null;
  /** Centres the person and moves keyboard focus to them; false when they are not on the map. */
  focusPerson(id: string): boolean;
  handlers: {
    onKeyDown: (event: KeyboardEvent<SVGSVGElement>) => void;
    onClick: (event: MouseEvent<SVGSVGElement>) => void;
    onFocus: (event: FocusEvent<SVGSVGElement>) => void;
  };
}

const ARROWS: Record<string, 'up' | 'down' | 'left' | 'right'> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

const personOf = (target: EventTarget) => (target as Element).closest?.('[data-node]')?.getAttribute('data-node') ?? null;

export function useMapKeyboard({ layout, visible, nodes, zoom, linkMode, onOpen, onEscape }: MapKeyboardOptions): MapKeyboard {
  const [active, setActive] = useState<string | null>(null);
  const focusable = active && layout.nodes.has(active) && visible(active) ? active : (layout.order.find(visible) ?? null);
  const { fit, zoomBy, reveal } = zoom;

  const focusPerson = useCallback(
    (id: string) => {
      const at = layout.nodes.get(id);
      if (!at) return false;
      setActive(id);
      reveal(at, true);
      // After React moved the roving tabindex onto them.
      requestAnimationFrame(() => nodeElement(nodes.current, id)?.focus({ preventScroll: true }));
      return true;
    },
    [layout, reveal, nodes],
  );

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const id = personOf(event.target);
    const direction = ARROWS[event.key];
    if (direction && id) {
      event.preventDefault();
      const next = neighbour(layout, id, direction, visible);
      const at = next ? layout.nodes.get(next) : undefined;
      if (next && at) {
        setActive(next);
        reveal(at);
        nodeElement(nodes.current, next)?.focus({ preventScroll: true });
      }
      return;
    }
    if ((event.key === 'Home' || event.key === 'End') && id) {
      event.preventDefault();
      const order = layout.order.filter(visible);
      const next = event.key === 'Home' ? order[0] : order[order.length - 1];
      if (next) focusPerson(next);
      return;
    }
    if ((event.key === 'Enter' || event.key === ' ') && id) {
      event.preventDefault();
      onOpen(id);
      return;
    }
    if (event.key === '+' || event.key === '=') zoomBy(1.25);
    else if (event.key === '-' || event.key === '_') zoomBy(0.8);
    else if (event.key === '0') fit();
    else if (event.key === 'Escape') onEscape?.();
    else return;
    event.preventDefault();
  };

  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    if (linkMode) return;
    const id = personOf(event.target);
    if (id) onOpen(id);
  };

  const onFocus = (event: FocusEvent<SVGSVGElement>) => {
    const id = personOf(event.target);
    if (id && id !== active) setActive(id);
  };

  return { focusable, focusPerson, handlers: { onKeyDown, onClick, onFocus } };
}
