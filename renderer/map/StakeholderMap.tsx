/**
 * The map itself: one SVG, drawn by React from the layout (layout.ts) and each person's shape
 * (nodeShape.ts), moved by D3. Pan and zoom (useMapZoom.ts) and dragging a person (useMapDrag.ts)
 * never go through React, so a gesture costs no re-render of 500 nodes (the frame budget at
 * 50 fps is 20 ms); the keyboard (useMapKeyboard.ts) re-renders only the people whose tab stop
 * moves. React draws again when the data or the options change.
 */
import { useCallback, useEffect, useId, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import type { MapLink, MapMember, MapPerson, Severity } from '../../shared/map/schemas';
import { autoTreeLayout, forceLayout, type LayoutKind } from './layout';
import { MEMBER_COLOURS } from './look';
import { arrowLength, MapEdges } from './MapEdges';
import { MapNode, type DrawnPerson } from './MapNode';
import { nodeShape } from './nodeShape';
import { useMapDrag } from './useMapDrag';
import { useMapKeyboard } from './useMapKeyboard';
import { useMapZoom } from './useMapZoom';

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
  /** Mark when the map was first painted (performance entry `rapport:map:drawn`, read by the benchmark). */
  measure?: boolean;
  ref?: Ref<MapHandle>;
}

export function StakeholderMap({
  people,
  links,
  members,
  personFlags,
  words,
  label,
  layoutKind,
  coverage,
  showLinks,
  dimmed,
  marks,
  interactive = false,
  linkMode = false,
  onOpen,
  onReparent,
  onLink,
  onEscape,
  measure = false,
  ref,
}: StakeholderMapProps) {
  const markerId = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const frameRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const viewportRef = useRef<SVGGElement>(null);
  const nodesRef = useRef<SVGGElement>(null);
  const draftRef = useRef<SVGPathElement>(null);

  // Links move people only in the force layout: the tree is not laid out again when they change.
  const forceLinks = layoutKind === 'force' ? links : null;
  const layout = useMemo(() => (forceLinks ? forceLayout(people, forceLinks) : autoTreeLayout(people)), [people, forceLinks]);

  const memberColour = useMemo(() => new Map(members.map((m, i) => [m.id, MEMBER_COLOURS[i % MEMBER_COLOURS.length]!])), [members]);
  const memberById = useMemo(() => new Map(members.map((m) => [m.id, m])), [members]);
  const visible = useCallback((id: string) => !dimmed?.has(id), [dimmed]);

  const drawn = useMemo(() => {
    const byId = new Map(people.map((p) => [p.id, p]));
    const out = new Map<string, DrawnPerson>();
    for (const id of layout.order) {
      const person = byId.get(id)!;
      const flag = personFlags.get(id);
      const mark = marks?.get(id);
      // Chips for the owners still on the team; someone who left needs no coverage.
      const owners = coverage && person.status !== 'left' ? person.ownerIds.filter((owner) => memberById.has(owner)) : null;
      const stanceChange = mark?.stance ? `${words.stanceWord(mark.stance.from)} → ${words.stanceWord(mark.stance.to)}` : null;
      const shape = nodeShape(person, layout.nodes.get(id)!, { chips: owners ? Math.max(1, owners.length) : 0, flagged: !!flag, stanceChange });
      out.set(id, { person, flag, owners, mark, shape });
    }
    return out;
  }, [people, layout, personFlags, marks, coverage, memberById, words]);

  const zoom = useMapZoom({ frame: frameRef, layer: layerRef, svg: svgRef, viewport: viewportRef }, layout.bounds, layoutKind);
  const keyboard = useMapKeyboard({ layout, visible, nodes: nodesRef, zoom, linkMode, onOpen, onEscape });
  useMapDrag(
    { frame: frameRef, svg: svgRef, viewport: viewportRef, nodes: nodesRef, draft: draftRef },
    { enabled: interactive, layout, linkMode, transform: zoom.transform, onReparent, onLink },
  );

  const { fit, zoomBy } = zoom;
  const { focusPerson } = keyboard;
  useImperativeHandle(ref, () => ({ fit, zoomBy, focusPerson, svg: () => svgRef.current }), [fit, zoomBy, focusPerson]);

  useEffect(() => {
    if (!measure) return;
    // The second frame after the commit starts once the first one (with the map) was painted.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => performance.mark('rapport:map:drawn'));
    });
    return () => cancelAnimationFrame(frame);
  }, [measure]);

  return (
    <div ref={frameRef} className="smap-frame">
      <div ref={layerRef} className="smap-layer">
        <svg
          ref={svgRef}
          className={`smap${linkMode ? ' is-link-mode' : ''}${coverage ? ' show-coverage' : ''}`}
          role="group"
          aria-label={label}
          data-layout={layoutKind}
          {...keyboard.handlers}
        >
          <defs>
            {[1, 2, 3, 4, 5].map((s) => (
              <marker
                key={s}
                id={`${markerId}-arrow-${s}`}
                className="smap-arrow"
                viewBox="0 0 10 10"
                refX="0"
                refY="5"
                markerUnits="userSpaceOnUse"
                markerWidth={arrowLength(s)}
                markerHeight={arrowLength(s)}
                orient="auto"
              >
                <path d="M0,0L10,5L0,10Z" />
              </marker>
            ))}
          </defs>
          <rect className="smap-bg" width="100%" height="100%" />
          <g ref={viewportRef} className="smap-viewport">
            <MapEdges layout={layout} people={people} links={links} drawn={drawn} showLinks={showLinks} dimmed={dimmed} markerId={markerId} />
            <g ref={nodesRef} className="smap-nodes">
              {layout.order.map((id) => (
                <MapNode
                  key={id}
                  drawn={drawn.get(id)!}
                  words={words}
                  memberColour={memberColour}
                  memberById={memberById}
                  dimmed={dimmed?.has(id) ?? false}
                  focusable={id === keyboard.focusable}
                />
              ))}
            </g>
          </g>
        </svg>
      </div>
      <svg className="smap-overlay" aria-hidden="true">
        <path ref={draftRef} className="smap-draft" d="" />
      </svg>
    </div>
  );
}
