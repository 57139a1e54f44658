/**
 * Dragging a person (d3-drag): onto another person to change whom they report to, or, in link
 * mode, to draw an influence link. No re-render while the pointer moves.
 *
 * What follows the pointer is drawn outside the big SVG: a copy of the person in a small SVG of
 * its own (a composited layer, moved by CSS transform alone), or the link's draft line in a
 * frame-sized overlay. Moving the person itself, with the curves that touch them, repainted
 * strips across the whole map on every frame (random links span it): ~36 fps in the benchmark.
 */
import { drag, select, type D3DragEvent, type ZoomTransform } from 'd3';
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { descendants, type MapLayout, type Placed } from './layout';
import { nodeElement } from './MapNode';

export interface MapDragOptions {
  /** Off for the earlier map of a compare. */
  enabled: boolean;
  layout: MapLayout;
  linkMode: boolean;
  transform: () => ZoomTransform;
  onReparent?: (personId: string, managerId: string) => void;
  onLink?: (fromId: string, toId: string) => void;
}

interface Subject {
  id: string;
  x: number;
  y: number;
  element: SVGGElement;
}

interface Session {
  subject: Subject;
  link: boolean;
  excluded: Set<string>;
  ghost: SVGSVGElement | null;
  half: number;
  target: SVGGElement | null;
  targetId: string | null;
}

/** Half the side of the dragged copy's square, in layout units (the node with its labels). */
const GHOST_HALF = 110;

export function useMapDrag(
  refs: {
    frame: RefObject<HTMLDivElement | null>;
    svg: RefObject<SVGSVGElement | null>;
    viewport: RefObject<SVGGElement | null>;
    nodes: RefObject<SVGGElement | null>;
    draft: RefObject<SVGPathElement | null>;
  },
  options: MapDragOptions,
): void {
  const { frame: frameRef, svg: svgRef, viewport: viewportRef, nodes: nodesRef, draft: draftRef } = refs;
  // D3's handlers are bound once; they read the newest layout, mode and callbacks from here.
  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });

  const enabled = options.enabled;
  useEffect(() => {
    const layer = nodesRef.current;
    const viewport = viewportRef.current;
    const svg = svgRef.current;
    const frame = frameRef.current;
    if (!layer || !viewport || !svg || !frame || !enabled) return;
    let session: Session | null = null;

    const targetAt = (x: number, y: number, excluded: Set<string>): Placed | null => {
      let best: Placed | null = null;
      let bestDistance = Infinity;
      for (const node of latest.current.layout.nodes.values()) {
        if (excluded.has(node.id)) continue;
        const distance = Math.hypot(node.x - x, node.y - y);
        if (distance < node.r + 18 && distance < bestDistance) {
          best = node;
          bestDistance = distance;
        }
      }
      return best;
    };
    /** Layout coordinates → the frame's pixels (the transform is committed while dragging). */
    const onFrame = (x: number, y: number) => latest.current.transform().apply([x, y]);

    const ghostOf = (subject: Subject): { ghost: SVGSVGElement; half: number } => {
      const k = latest.current.transform().k;
      const ghost = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      ghost.setAttribute('class', 'smap smap-ghost');
      ghost.setAttribute('data-lod', svg.dataset.lod ?? 'near');
      // The copy keeps the node's map coordinates: the view box centres it.
      ghost.setAttribute('viewBox', `${subject.x - GHOST_HALF} ${subject.y - GHOST_HALF} ${2 * GHOST_HALF} ${2 * GHOST_HALF}`);
      ghost.setAttribute('width', String(2 * GHOST_HALF * k));
      ghost.setAttribute('height', String(2 * GHOST_HALF * k));
      ghost.setAttribute('aria-hidden', 'true');
      const copy = subject.element.cloneNode(true) as SVGGElement;
      copy.removeAttribute('tabindex');
      copy.removeAttribute('data-node');
      copy.classList.remove('is-dimmed', 'is-dragged');
      ghost.append(copy);
      frame.append(ghost);
      return { ghost, half: GHOST_HALF * k };
    };

    const behaviour = drag<SVGGElement, unknown, Subject | undefined>()
      .container(viewport)
      .clickDistance(5)
      .filter((event: MouseEvent) => !event.button && !!(event.target as Element | null)?.closest?.('[data-node]'))
      .subject((event: D3DragEvent<SVGGElement, unknown, Subject | undefined>) => {
        const source = (event.sourceEvent as MouseEvent).target;
        const element = source instanceof Element ? source.closest<SVGGElement>('[data-node]') : null;
        const id = element?.getAttribute('data-node');
        const at = id ? latest.current.layout.nodes.get(id) : undefined;
        return element && id && at ? { id, x: at.x, y: at.y, element } : undefined;
      })
      .on('start', (event: D3DragEvent<SVGGElement, unknown, Subject>) => {
        const subject = event.subject;
        const link = latest.current.linkMode;
        const excluded = link ? new Set([subject.id]) : new Set([subject.id, ...descendants(latest.current.layout.children, subject.id)]);
        session = { subject, link, excluded, ghost: null, half: 0, target: null, targetId: null };
        frame.classList.add(link ? 'is-linking' : 'is-dragging');
      })
      .on('drag', (event: D3DragEvent<SVGGElement, unknown, Subject>) => {
        if (!session) return;
        const { subject } = session;
        if (session.link) {
          const [fx, fy] = onFrame(subject.x, subject.y);
          const [tx, ty] = onFrame(event.x, event.y);
          draftRef.current?.setAttribute('d', `M${fx},${fy}L${tx},${ty}`);
        } else {
          if (!session.ghost) {
            Object.assign(session, ghostOf(subject));
            subject.element.classList.add('is-dragged');
          }
          const [gx, gy] = onFrame(event.x, event.y);
          session.ghost!.style.transform = `translate(${gx - session.half}px,${gy - session.half}px)`;
        }
        const target = targetAt(event.x, event.y, session.excluded);
        if ((target?.id ?? null) !== session.targetId) {
          session.target?.classList.remove('is-drop-target');
          session.targetId = target?.id ?? null;
          session.target = target ? nodeElement(layer, target.id) : null;
          session.target?.classList.add('is-drop-target');
        }
      })
      .on('end', () => {
        if (!session) return;
        const { subject, targetId, link } = session;
        session.ghost?.remove();
        session.target?.classList.remove('is-drop-target');
        subject.element.classList.remove('is-dragged');
        frame.classList.remove('is-dragging', 'is-linking');
        draftRef.current?.setAttribute('d', '');
        session = null;
        if (!targetId) return;
        if (link) latest.current.onLink?.(subject.id, targetId);
        else latest.current.onReparent?.(subject.id, targetId);
      });
    const selection = select(layer);
    selection.call(behaviour);
    return () => {
      selection.on('.drag', null);
    };
  }, [enabled, frameRef, svgRef, viewportRef, nodesRef, draftRef]);
}
