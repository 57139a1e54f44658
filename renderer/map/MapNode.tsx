/**
 * One person on the map: stance-coloured disc with its sign, strength ring, role badges, name and
 * title, flag, coverage chips and compare mark, each at the place nodeShape.ts gives it (no SVG
 * transforms: see the note there).
 */
import { memo } from 'react';
import type { MapMember, MapPerson, Severity } from '../../shared/map/schemas';
import { stanceOf } from '../../shared/map/schemas';
import { initialsOf, memberTextColour, STANCE_SIGN } from './look';
import { BADGE, CHIP, MOST_CHIPS, type NodeShape } from './nodeShape';
import type { DiffMark, MapWords } from './StakeholderMap';

/** A person as the map draws them: the record, what is drawn on them and where. */
export interface DrawnPerson {
  person: MapPerson;
  flag: { severity: Severity; count: number } | undefined;
  /** Owners to show as chips (empty: the "nobody" chip), or null when the coverage overlay is off. */
  owners: readonly string[] | null;
  mark: DiffMark | undefined;
  shape: NodeShape;
}

interface MapNodeProps {
  drawn: DrawnPerson;
  words: MapWords;
  memberColour: ReadonlyMap<string, string>;
  memberById: ReadonlyMap<string, MapMember>;
  dimmed: boolean;
  focusable: boolean;
}

/** The element of the person `id` in the map's node layer. */
export const nodeElement = (layer: Element | null, id: string) => layer?.querySelector<SVGGElement>(`[data-node="${CSS.escape(id)}"]`) ?? null;

export const MapNode = memo(function MapNode({ drawn, words, memberColour, memberById, dimmed, focusable }: MapNodeProps) {
  const { person, flag, owners, mark, shape } = drawn;
  const { x, y } = shape;
  const stance = stanceOf(person.stance);
  const className = ['smap-node', `stance-${stance}`, person.status !== 'active' ? 'is-faded' : '', dimmed ? 'is-dimmed' : '', mark ? `mark-${mark.kind}` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <g
      className={className}
      data-node={person.id}
      data-status={person.status}
      tabIndex={focusable ? 0 : -1}
      role="button"
      aria-label={mark ? `${words.label(person)} ${words.markLabel(mark)}` : words.label(person)}
    >
      <title>{person.title ? `${person.name} · ${person.title}` : person.name}</title>
      <circle className="smap-ring-track" cx={x} cy={y} r={shape.ring} />
      <path className="smap-ring" d={shape.ringArc} />
      <circle className="smap-disc" cx={x} cy={y} r={shape.r} />
      <text className="smap-sign" x={x} y={y} dy="0.35em">
        {STANCE_SIGN[stance]}
      </text>
      {shape.badges.length > 0 && (
        <g className="smap-roles">
          {shape.badges.map((badge) => (
            <g key={badge.role} className="smap-role" data-role={badge.role}>
              <rect x={badge.x} y={badge.y} width={BADGE} height={BADGE} rx="3" />
              <text x={badge.x + BADGE / 2} y={badge.y + BADGE / 2} dy="0.35em">
                {words.roleLetter(badge.role)}
              </text>
            </g>
          ))}
        </g>
      )}
      <text className="smap-name" x={x} y={shape.name.y}>
        {shape.name.text}
      </text>
      {shape.title && (
        <text className="smap-title" x={x} y={shape.title.y}>
          {shape.title.text}
        </text>
      )}
      {flag && (
        <g className={`smap-flag sev-${flag.severity}`}>
          <path d={shape.flag.path} />
          <text x={shape.flag.x} y={shape.flag.y + 2} dy="0.1em">
            !
          </text>
        </g>
      )}
      {owners && (
        <g className="smap-owners">
          {owners.length === 0 ? (
            <g className="smap-owner is-none">
              <circle cx={shape.chip.x} cy={shape.chip.y} r={CHIP} />
              <text x={shape.chip.x} y={shape.chip.y} dy="0.35em">
                –
              </text>
            </g>
          ) : (
            owners.slice(0, MOST_CHIPS).map((id, i) => {
              const colour = memberColour.get(id) ?? '#777777';
              const cy = shape.chip.y + i * shape.chip.step;
              return (
                <g key={id} className="smap-owner">
                  <circle cx={shape.chip.x} cy={cy} r={CHIP} fill={colour} />
                  <text x={shape.chip.x} y={cy} dy="0.35em" fill={memberTextColour(colour)}>
                    {initialsOf(memberById.get(id)?.name ?? '?')}
                  </text>
                </g>
              );
            })
          )}
        </g>
      )}
      {mark && (
        <g className="smap-mark">
          <circle cx={shape.mark.x} cy={shape.mark.y} r="9" />
          <text x={shape.mark.x} y={shape.mark.y} dy="0.35em">
            {mark.kind === 'added' ? '+' : mark.kind === 'removed' ? '−' : 'Δ'}
          </text>
        </g>
      )}
      {shape.stanceChange && (
        <text className="smap-stance-change" x={x} y={shape.stanceChange.y}>
          {shape.stanceChange.text}
        </text>
      )}
    </g>
  );
});
