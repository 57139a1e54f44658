/**
 * The map itself: one SVG, drawn by React from the layout (layout.ts), moved by D3. d3-zoom pans
 * and zooms by rewriting one transform; d3-drag moves a node by rewriting its transform and the
 * few lines that touch it. Neither goes through React, so a gesture costs no re-render of 500
 * nodes (the frame budget at 50 fps is 20 ms). React draws again only when the data changes.
 */
import { drag, select, zoom, zoomIdentity, type D3DragEvent, type ZoomBehavior, type ZoomTransform } from 'd3';
import {
  memo,
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type Ref,
} from 'react';
import type { MapLink, MapMember, MapPerson, Severity } from '../../shared/map';
import { stanceOf } from '../../shared/map';
import { autoTreeLayout, descendants, forceLayout, influencePath, neighbour, type LayoutKind, type MapLayout, type Placed } from './layout';
import { fitLabel, initialsOf, knownRoles, MEMBER_COLOURS, memberTextColour, STANCE_SIGN } from './look';

export interface DiffMark {
  kind: 'added' | 'removed' | 'changed';
  stance?: { from: string; to: string } | null;
  /** The tracked fields that changed. */
  fields?: readonly string[];
}

export interface MapWords {
  roleLetter: (role: string) => string;
  stanceWord: (stance: string) => string;
  /** The node's accessible name. */
  label: (person: MapPerson) => string;
  /** What a compare mark says, appended to the name. */
  markLabel: (mark: DiffMark) => string;
}

export interface MapHandle {
  fit(): void;
  zoomBy(factor: number): void;
  /** Centres the person and moves keyboard focus to them; false when they are not on the map. */
  focusPerson(id: string): boolean;
  svg(): SVGSVGElement | null;
  bounds(): MapLayout['bounds'];
}

export interface StakeholderMapProps {
  people: readonly MapPerson[];
  links: readonly MapLink[];
  members: readonly MapMember[];
  /** The worst flag on each person, and how many they have. */
  personFlags: ReadonlyMap<string, { severity: Severity; count: number }>;
  words: MapWords;
  label: string;
  layoutKind: LayoutKind;
  coverage: boolean;
  showLinks: boolean;
  /** People the filters leave out: drawn faint, skipped by the keyboard. */
  dimmed?: ReadonlySet<string>;
  /** Compare: who was added, removed or changed. */
  marks?: ReadonlyMap<string, DiffMark>;
  /** Drag to change reports-to or to draw links; off for the earlier map of a compare. */
  interactive?: boolean;
  linkMode?: boolean;
  onOpen: (personId: string) => void;
  onReparent?: (personId: string, managerId: string) => void;
  onLink?: (fromId: string, toId: string) => void;
  onEscape?: () => void;
  /** Record how long layout and first paint took (performance entries `rapport:map:*`). */
  measure?: boolean;
  ref?: Ref<MapHandle>;
}

const MIN_SCALE = 0.03;
const MAX_SCALE = 4;
/** Below these scales labels are unreadable anyway: they are not drawn, which keeps pans fast. */
const LOD_LABELS = 0.45;
const LOD_DETAIL = 0.22;
const ARROW = (strength: number) => 7 + strength * 1.4;
const RING_GAP = 5;

const clampStrength = (s: number) => Math.min(5, Math.max(1, Math.round(s) || 1));
const lod = (k: number) => (k < LOD_DETAIL ? 'far' : k < LOD_LABELS ? 'mid' : 'near');

export function StakeholderMap(props: StakeholderMapProps) {
  const { people, links, members, personFlags, words, layoutKind, coverage, showLinks, dimmed, marks, interactive = false, linkMode = false } = props;
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const svgRef = useRef<SVGSVGElement>(null);
  const viewportRef = useRef<SVGGElement>(null);
  const nodesRef = useRef<SVGGElement>(null);
  const draftRef = useRef<SVGPathElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const zoomRef = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  const transformRef = useRef<ZoomTransform>(zoomIdentity);
  const started = useRef(props.measure ? performance.now() : 0);
  const [active, setActive] = useState<string | null>(null);
  const measuredLayout = useRef(false);

  const layout = useMemo(() => {
    const t0 = performance.now();
    const result = layoutKind === 'force' ? forceLayout(people, links) : autoTreeLayout(people);
    // Recorded once per map: the benchmark reads the first; later layouts would only pile up entries.
    if (props.measure && !measuredLayout.current) {
      measuredLayout.current = true;
      performance.measure('rapport:map:layout', { start: t0, end: performance.now() });
    }
    return result;
    // `measure` only decides whether to record; links matter only to the force layout.
  }, [people, layoutKind, layoutKind === 'force' ? links : null]);

  const byId = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const memberColour = useMemo(() => new Map(members.map((m, i) => [m.id, MEMBER_COLOURS[i % MEMBER_COLOURS.length]!])), [members]);
  const memberById = useMemo(() => new Map(members.map((m) => [m.id, m])), [members]);
  const visible = useCallback((id: string) => !dimmed?.has(id), [dimmed]);

  // The latest props and layout for D3's handlers, which are bound once.
  const current = useRef({ props, layout, visible });
  current.current = { props, layout, visible };

  const focusable = active && layout.nodes.has(active) && visible(active) ? active : (layout.order.find(visible) ?? null);

  // ---- Zoom and pan ----
  //
  // Rewriting the SVG's transform on every frame repaints all 500 nodes and 1,000 curves: about
  // 35 fps in software-rendered Chromium (measured by tests/bench/map.bench.ts). Instead the SVG
  // is a composited layer larger than the frame (a margin on every side), drawn at the last
  // "committed" transform; during a gesture only its CSS transform moves, which the compositor
  // does without repainting. When the gesture ends, or it nears the margin or has scaled the
  // bitmap too far, the transform is committed: one repaint at the new place and scale.

  const [size, setSize] = useState<{ width: number; height: number }>({ width: 0, height: 0 });
  const margin = Math.ceil(Math.max(size.width, size.height) * 0.75);
  const committed = useRef<ZoomTransform>(zoomIdentity);
  const marginRef = useRef(margin);
  marginRef.current = margin;

  const commit = useCallback(() => {
    const t = transformRef.current;
    committed.current = t;
    viewportRef.current?.setAttribute('transform', `translate(${marginRef.current},${marginRef.current}) ${t.toString()}`);
    svgRef.current?.style.removeProperty('transform');
    svgRef.current?.setAttribute('data-lod', lod(t.k));
  }, []);

  const applyTransform = useCallback(
    (transform: ZoomTransform) => {
      transformRef.current = transform;
      const base = committed.current;
      const scale = transform.k / base.k;
      const dx = transform.x - scale * base.x;
      const dy = transform.y - scale * base.y;
      const room = marginRef.current * 0.8;
      if (scale < 0.6 || scale > 1.6 || Math.abs(dx) > room || Math.abs(dy) > room) commit();
      else svgRef.current?.style.setProperty('transform', `translate(${dx}px,${dy}px) scale(${scale})`);
    },
    [commit],
  );

  // A layout effect, so the behaviour is there when the first fit (also a layout effect) runs.
  useLayoutEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const behaviour = zoom<HTMLDivElement, unknown>()
      .scaleExtent([MIN_SCALE, MAX_SCALE])
      .on('zoom', (event: { transform: ZoomTransform }) => applyTransform(event.transform))
      .on('end', commit);
    zoomRef.current = behaviour;
    const selection = select(frame);
    selection.call(behaviour).on('dblclick.zoom', null);
    selection.property('__zoom', transformRef.current);
    return () => {
      selection.on('.zoom', null);
    };
  }, [applyTransform, commit]);

  // The frame's size decides the layer's; a resize re-commits (the margin changed).
  useLayoutEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const measure = () =>
      setSize((old) => (old.width === frame.clientWidth && old.height === frame.clientHeight ? old : { width: frame.clientWidth, height: frame.clientHeight }));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(frame);
    return () => observer.disconnect();
  }, []);
  useLayoutEffect(commit, [margin, commit]);

  const setTransform = useCallback((transform: ZoomTransform) => {
    const frame = frameRef.current;
    const behaviour = zoomRef.current;
    if (frame && behaviour) select(frame).call(behaviour.transform, transform);
  }, []);

  const fit = useCallback(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const width = frame.clientWidth;
    const height = frame.clientHeight;
    const b = current.current.layout.bounds;
    if (width === 0 || height === 0) return;
    const k = Math.max(MIN_SCALE, Math.min(1.2, (Math.min(width / b.width, height / b.height) || 1) * 0.96));
    setTransform(zoomIdentity.translate(width / 2 - k * (b.x + b.width / 2), height / 2 - k * (b.y + b.height / 2)).scale(k));
  }, [setTransform]);

  const zoomBy = useCallback((factor: number) => {
    const frame = frameRef.current;
    const behaviour = zoomRef.current;
    if (frame && behaviour) select(frame).call(behaviour.scaleBy, factor);
  }, []);

  /** Brings a person into view: centred when outside the middle of the frame, nearer when tiny. */
  const reveal = useCallback(
    (id: string, centre = false) => {
      const frame = frameRef.current;
      const at = current.current.layout.nodes.get(id);
      if (!frame || !at) return;
      const width = frame.clientWidth;
      const height = frame.clientHeight;
      const t = transformRef.current;
      const [sx, sy] = t.apply([at.x, at.y]);
      const edge = 80;
      if (!centre && t.k >= LOD_LABELS && sx > edge && sx < width - edge && sy > edge && sy < height - edge) return;
      const k = Math.max(t.k, 0.9);
      setTransform(zoomIdentity.translate(width / 2 - k * at.x, height / 2 - k * at.y).scale(k));
    },
    [setTransform],
  );

  const nodeElement = (id: string) => nodesRef.current?.querySelector<SVGGElement>(`[data-node="${CSS.escape(id)}"]`) ?? null;

  const focusPerson = useCallback(
    (id: string) => {
      if (!current.current.layout.nodes.has(id)) return false;
      setActive(id);
      reveal(id, true);
      // After React moved the roving tabindex onto it.
      requestAnimationFrame(() => nodeElement(id)?.focus({ preventScroll: true }));
      return true;
    },
    [reveal],
  );

  useImperativeHandle(props.ref, () => ({ fit, zoomBy, focusPerson, svg: () => svgRef.current, bounds: () => current.current.layout.bounds }), [
    fit,
    zoomBy,
    focusPerson,
  ]);

  // Fit when the map first appears and when the layout kind changes; later edits keep the view.
  const fittedFor = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (fittedFor.current === layoutKind || size.width === 0) return;
    fittedFor.current = layoutKind;
    fit();
  }, [layoutKind, fit, size.width]);

  useEffect(() => {
    if (!props.measure) return;
    const start = started.current;
    // The second frame after the commit starts once the first one (with the map) was painted.
    requestAnimationFrame(() => requestAnimationFrame(() => performance.measure('rapport:map:first-render', { start, end: performance.now() })));
    // Once, on mount.
  }, []);

  // ---- Drag: onto another person to change reports-to, or (link mode) to draw an influence link ----
  //
  // What follows the pointer is drawn outside the big SVG: a copy of the person in a small SVG of
  // its own (a composited layer, moved by CSS transform alone), or the link's draft line in a
  // frame-sized overlay. Moving the person itself, with the curves that touch them, repainted
  // strips across the whole map on every frame (random links span it): ~36 fps in the benchmark.

  useEffect(() => {
    const layer = nodesRef.current;
    const viewport = viewportRef.current;
    const svg = svgRef.current;
    const frame = frameRef.current;
    if (!layer || !viewport || !svg || !frame || !interactive) return;

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
    let session: Session | null = null;

    const targetAt = (x: number, y: number, excluded: Set<string>): Placed | null => {
      let best: Placed | null = null;
      let bestDistance = Infinity;
      for (const node of current.current.layout.nodes.values()) {
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
    const onFrame = (x: number, y: number) => transformRef.current.apply([x, y]);

    const ghostOf = (subject: Subject): { ghost: SVGSVGElement; half: number } => {
      const k = transformRef.current.k;
      const half = 110;
      const ghost = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      ghost.setAttribute('class', 'smap smap-ghost');
      ghost.setAttribute('data-lod', svg.dataset.lod ?? 'near');
      ghost.setAttribute('viewBox', `${-half} ${-half} ${2 * half} ${2 * half}`);
      ghost.setAttribute('width', String(2 * half * k));
      ghost.setAttribute('height', String(2 * half * k));
      ghost.setAttribute('aria-hidden', 'true');
      const copy = subject.element.cloneNode(true) as SVGGElement;
      copy.removeAttribute('transform');
      copy.removeAttribute('tabindex');
      copy.removeAttribute('data-node');
      copy.classList.remove('is-dimmed', 'is-dragged');
      ghost.append(copy);
      frame.append(ghost);
      return { ghost, half: half * k };
    };

    const behaviour = drag<SVGGElement, unknown, Subject | undefined>()
      .container(viewport)
      .clickDistance(5)
      .filter((event: globalThis.MouseEvent) => !event.button && !!(event.target as Element | null)?.closest?.('[data-node]'))
      .subject((event: D3DragEvent<SVGGElement, unknown, Subject | undefined>) => {
        const source = (event.sourceEvent as globalThis.MouseEvent).target;
        const element = source instanceof Element ? source.closest<SVGGElement>('[data-node]') : null;
        const id = element?.getAttribute('data-node');
        const at = id ? current.current.layout.nodes.get(id) : undefined;
        return element && id && at ? { id, x: at.x, y: at.y, element } : undefined;
      })
      .on('start', (event: D3DragEvent<SVGGElement, unknown, Subject>) => {
        const subject = event.subject;
        const link = !!current.current.props.linkMode;
        const excluded = link ? new Set([subject.id]) : new Set([subject.id, ...descendants(current.current.layout.children, subject.id)]);
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
          session.target = target ? nodeElement(target.id) : null;
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
        if (link) current.current.props.onLink?.(subject.id, targetId);
        else current.current.props.onReparent?.(subject.id, targetId);
      });
    const selection = select(layer);
    selection.call(behaviour);
    return () => {
      selection.on('.drag', null);
    };
  }, [interactive]);

  // ---- Keyboard and clicks ----

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const id = (event.target as Element).closest?.('[data-node]')?.getAttribute('data-node') ?? null;
    const arrows: Record<string, 'up' | 'down' | 'left' | 'right'> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };
    const direction = arrows[event.key];
    if (direction && id) {
      event.preventDefault();
      const next = neighbour(layout, id, direction, visible);
      if (next) {
        setActive(next);
        reveal(next);
        nodeElement(next)?.focus({ preventScroll: true });
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
      props.onOpen(id);
      return;
    }
    if (event.key === '+' || event.key === '=') zoomBy(1.25);
    else if (event.key === '-' || event.key === '_') zoomBy(0.8);
    else if (event.key === '0') fit();
    else if (event.key === 'Escape') props.onEscape?.();
    else return;
    event.preventDefault();
  };

  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    if (linkMode) return;
    const id = (event.target as Element).closest?.('[data-node]')?.getAttribute('data-node');
    if (id) props.onOpen(id);
  };

  const onFocus = (event: FocusEvent<SVGSVGElement>) => {
    const id = (event.target as Element).closest?.('[data-node]')?.getAttribute('data-node');
    if (id && id !== active) setActive(id);
  };

  // ---- Drawing ----

  const successorLines = useMemo(
    () =>
      people
        .filter((p) => p.status !== 'active' && p.successorId && layout.nodes.has(p.successorId) && p.successorId !== p.id)
        .map((p) => {
          const from = layout.nodes.get(p.id)!;
          const to = layout.nodes.get(p.successorId!)!;
          return { id: p.id, from: p.id, to: p.successorId!, d: influencePath({ ...from, r: from.r + RING_GAP }, { ...to, r: to.r + RING_GAP }, 0) };
        }),
    [people, layout],
  );
  const linkLines = useMemo(
    () =>
      showLinks
        ? links
            .filter((l) => layout.nodes.has(l.fromId) && layout.nodes.has(l.toId) && l.fromId !== l.toId)
            .map((l) => {
              const strength = clampStrength(l.strength);
              const from = layout.nodes.get(l.fromId)!;
              const to = layout.nodes.get(l.toId)!;
              return { ...l, strength, d: influencePath({ ...from, r: from.r + RING_GAP }, { ...to, r: to.r + RING_GAP }, ARROW(strength)) };
            })
        : [],
    [links, layout, showLinks],
  );
  const isDim = (id: string) => dimmed?.has(id) ?? false;

  return (
    <div ref={frameRef} className="smap-frame">
      <svg
        ref={svgRef}
        className={`smap${linkMode ? ' is-link-mode' : ''}${coverage ? ' show-coverage' : ''}`}
        width={size.width + 2 * margin}
        height={size.height + 2 * margin}
        style={{ left: -margin, top: -margin, transformOrigin: `${margin}px ${margin}px` }}
        role="group"
        aria-label={props.label}
        data-layout={layoutKind}
        onKeyDown={onKeyDown}
        onClick={onClick}
        onFocus={onFocus}
      >
        <defs>
          {[1, 2, 3, 4, 5].map((s) => (
            <marker
              key={s}
              id={`${uid}-arrow-${s}`}
              className="smap-arrow"
              viewBox="0 0 10 10"
              refX="0"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth={ARROW(s)}
              markerHeight={ARROW(s)}
              orient="auto"
            >
              <path d="M0,0L10,5L0,10Z" />
            </marker>
          ))}
        </defs>
        <rect className="smap-bg" width="100%" height="100%" />
        <g ref={viewportRef} className="smap-viewport" transform={`translate(${margin},${margin}) ${committed.current.toString()}`}>
          <g className="smap-reports">
            {layout.edges.map((e) => (
              <path
                key={e.to}
                className={`smap-report${isDim(e.to) || isDim(e.from) ? ' is-dimmed' : ''}`}
                d={e.d}
                data-kind="report"
                data-from={e.from}
                data-to={e.to}
              />
            ))}
          </g>
          <g className="smap-successors">
            {successorLines.map((s) => (
              <path key={s.id} className="smap-successor" d={s.d} data-kind="successor" data-from={s.from} data-to={s.to} />
            ))}
          </g>
          <g className="smap-links">
            {linkLines.map((l) => (
              <path
                key={l.id}
                className={`smap-link${isDim(l.fromId) || isDim(l.toId) ? ' is-dimmed' : ''}`}
                d={l.d}
                strokeWidth={0.6 + l.strength * 0.9}
                markerEnd={`url(#${uid}-arrow-${l.strength})`}
                data-kind="link"
                data-from={l.fromId}
                data-to={l.toId}
                data-strength={l.strength}
              >
                <title>{`${byId.get(l.fromId)?.name ?? ''} → ${byId.get(l.toId)?.name ?? ''}`}</title>
              </path>
            ))}
          </g>
          <g ref={nodesRef} className="smap-nodes">
            {layout.order.map((id) => {
              const person = byId.get(id)!;
              const at = layout.nodes.get(id)!;
              return (
                <MapNode
                  key={id}
                  person={person}
                  at={at}
                  words={words}
                  flag={personFlags.get(id)}
                  owners={coverage ? person.ownerIds : null}
                  memberColour={memberColour}
                  memberById={memberById}
                  dimmed={isDim(id)}
                  focusable={id === focusable}
                  mark={marks?.get(id)}
                />
              );
            })}
          </g>
        </g>
      </svg>
      <svg className="smap-overlay" aria-hidden="true">
        <path ref={draftRef} className="smap-draft" d="" />
      </svg>
    </div>
  );
}

interface MapNodeProps {
  person: MapPerson;
  at: Placed;
  words: MapWords;
  flag: { severity: Severity; count: number } | undefined;
  /** Owners to show as chips, or null when the coverage overlay is off. */
  owners: readonly string[] | null;
  memberColour: ReadonlyMap<string, string>;
  memberById: ReadonlyMap<string, MapMember>;
  dimmed: boolean;
  focusable: boolean;
  mark: DiffMark | undefined;
}

const BADGE = 15;
const BADGE_GAP = 2;

/** One person: stance-coloured disc with its sign, strength ring, role badges, name and title, flags, coverage. */
const MapNode = memo(function MapNode({ person, at, words, flag, owners, memberColour, memberById, dimmed, focusable, mark }: MapNodeProps) {
  const stance = stanceOf(person.stance);
  const r = at.r;
  const ring = r + RING_GAP;
  const circumference = 2 * Math.PI * ring;
  const strength = clampStrength(person.strength);
  const roles = knownRoles(person.roles);
  const badgesWidth = roles.length * (BADGE + BADGE_GAP) - BADGE_GAP;
  const shownOwners = owners?.filter((id) => memberById.has(id)) ?? null;
  const className = ['smap-node', `stance-${stance}`, person.status !== 'active' ? 'is-faded' : '', dimmed ? 'is-dimmed' : '', mark ? `mark-${mark.kind}` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <g
      className={className}
      data-node={person.id}
      data-status={person.status}
      transform={`translate(${at.x},${at.y})`}
      tabIndex={focusable ? 0 : -1}
      role="button"
      aria-label={mark ? `${words.label(person)} ${words.markLabel(mark)}` : words.label(person)}
    >
      <title>{person.title ? `${person.name} · ${person.title}` : person.name}</title>
      <circle className="smap-ring-track" r={ring} />
      <circle
        className="smap-ring"
        r={ring}
        strokeDasharray={`${((circumference * strength) / 5).toFixed(1)} ${circumference.toFixed(1)}`}
        transform="rotate(-90)"
      />
      <circle className="smap-disc" r={r} />
      <text className="smap-sign" dy="0.35em">
        {STANCE_SIGN[stance]}
      </text>
      {roles.length > 0 && (
        <g className="smap-roles" transform={`translate(${-badgesWidth / 2},${-(ring + BADGE + 4)})`}>
          {roles.map((role, i) => (
            <g key={role} className="smap-role" data-role={role} transform={`translate(${i * (BADGE + BADGE_GAP)},0)`}>
              <rect width={BADGE} height={BADGE} rx="3" />
              <text x={BADGE / 2} y={BADGE / 2} dy="0.35em">
                {words.roleLetter(role)}
              </text>
            </g>
          ))}
        </g>
      )}
      <text className="smap-name" y={ring + 15}>
        {fitLabel(person.name, 22)}
      </text>
      {person.title && (
        <text className="smap-title" y={ring + 29}>
          {fitLabel(person.title, 26)}
        </text>
      )}
      {flag && (
        <g className={`smap-flag sev-${flag.severity}`} transform={`translate(${-ring - 2},${-ring + 2})`}>
          <path d="M0,-10L9,6H-9Z" />
          <text y="2" dy="0.1em">
            !
          </text>
        </g>
      )}
      {shownOwners && person.status !== 'left' && (
        <g className="smap-owners" transform={`translate(${ring + 9},${-ring + 7})`}>
          {shownOwners.length === 0 ? (
            <g className="smap-owner is-none">
              <circle r="7" />
              <text dy="0.35em">–</text>
            </g>
          ) : (
            shownOwners.slice(0, 3).map((id, i) => {
              const colour = memberColour.get(id) ?? '#777777';
              return (
                <g key={id} className="smap-owner" transform={`translate(0,${i * 16})`}>
                  <circle r="7" fill={colour} />
                  <text dy="0.35em" fill={memberTextColour(colour)}>
                    {initialsOf(memberById.get(id)?.name ?? '?')}
                  </text>
                </g>
              );
            })
          )}
        </g>
      )}
      {mark && (
        <g className="smap-mark" transform={`translate(${ring + 2},${ring - 2})`}>
          <circle r="9" />
          <text dy="0.35em">{mark.kind === 'added' ? '+' : mark.kind === 'removed' ? '−' : 'Δ'}</text>
        </g>
      )}
      {mark?.stance && (
        <text className="smap-stance-change" y={ring + (person.title ? 43 : 29)}>
          {`${words.stanceWord(mark.stance.from)} → ${words.stanceWord(mark.stance.to)}`}
        </text>
      )}
    </g>
  );
});
