/**
 * The map's lines, under the people: reporting lines (from the layout), "succeeded by" lines and
 * influence links. Influence and successor lines are clipped to the people's footprints
 * (nodeShape.ts), so they end at the node's edge and never run through its labels.
 */
import { memo, useMemo } from 'react';
import { scoreOf, type MapLink, type MapPerson } from '../../shared/map/schemas';
import { influencePath, type MapLayout } from './layout';
import type { DrawnPerson } from './MapNode';

/** The arrowhead's length (and width) for a link of strength 1–5. */
export const arrowLength = (strength: number) => 7 + strength * 1.4;
/** A link's line width for strength 1–5. */
const lineWidth = (strength: number) => 0.6 + strength * 0.9;
/** What a line keeps from the people it joins beyond half its own width: room for the labels' outline. */
const CLEAR = 2;
/** The "succeeded by" line's width (map.css). */
const SUCCESSOR_WIDTH = 1.6;

interface MapEdgesProps {
  layout: MapLayout;
  people: readonly MapPerson[];
  links: readonly MapLink[];
  drawn: ReadonlyMap<string, DrawnPerson>;
  showLinks: boolean;
  dimmed: ReadonlySet<string> | undefined;
  /** Prefix of the arrowhead markers' ids (one set per map on the page). */
  markerId: string;
}

export const MapEdges = memo(function MapEdges({ layout, people, links, drawn, showLinks, dimmed, markerId }: MapEdgesProps) {
  const successorLines = useMemo(
    () =>
      people.flatMap((p) => {
        const from = drawn.get(p.id)?.shape.footprint;
        const to = p.successorId && p.successorId !== p.id ? drawn.get(p.successorId)?.shape.footprint : undefined;
        return p.status !== 'active' && from && to
          ? [{ id: p.id, from: p.id, to: p.successorId!, d: influencePath(from, to, 0, SUCCESSOR_WIDTH / 2 + CLEAR) }]
          : [];
      }),
    [people, drawn],
  );
  const linkLines = useMemo(
    () =>
      showLinks
        ? links.flatMap((l) => {
            const from = drawn.get(l.fromId);
            const to = drawn.get(l.toId);
            if (!from || !to || l.fromId === l.toId) return [];
            const strength = scoreOf(l.strength);
            const head = arrowLength(strength);
            // The head is as wide as it is long: half of that keeps its corners off the labels too.
            const d = influencePath(from.shape.footprint, to.shape.footprint, head, head / 2 + CLEAR);
            return [{ ...l, strength, d, title: `${from.person.name} → ${to.person.name}` }];
          })
        : [],
    [links, drawn, showLinks],
  );
  const isDim = (id: string) => dimmed?.has(id) ?? false;

  return (
    <>
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
            strokeWidth={lineWidth(l.strength)}
            markerEnd={`url(#${markerId}-arrow-${l.strength})`}
            data-kind="link"
            data-from={l.fromId}
            data-to={l.toId}
            data-strength={l.strength}
          >
            <title>{l.title}</title>
          </path>
        ))}
      </g>
    </>
  );
});
