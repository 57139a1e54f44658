/**
 * Where each part of a person's node is drawn, in the map's own coordinates, and the area the
 * node takes up (lines stop at its edge). Pure; MapNode.tsx draws from it and MapEdges.tsx clips
 * lines with it. Tested in tests/unit/map-layout.test.ts.
 *
 * Every part gets absolute coordinates instead of sitting in a `<g transform>`: in Chromium each
 * SVG element with a transform is a paint chunk of its own, and every frame that moves the map's
 * layer re-layerizes all of them. With ~6 transformed parts per person that was ~5 ms a frame for
 * 500 people, the main cause of slow panning (measured with tests/bench/map.bench.ts).
 */
import type { BuyingRole } from '../../shared/domain';
import { scoreOf } from '../../shared/map/schemas';
import type { Box, Footprint, Placed } from './layout';
import { fitLabel, knownRoles, labelUnits } from './look';

/** Between the disc and the strength ring. */
export const RING_GAP = 5;
export const BADGE = 15;
const BADGE_GAP = 2;
/** How far lines keep from the ring. */
const LINE_GAP = 6;
/** Owner chips: radius, and the step between stacked chips. */
export const CHIP = 7;
const CHIP_STEP = 16;
/** At most this many owner chips are drawn. */
export const MOST_CHIPS = 3;

/**
 * The label lines as map.css draws them (`.smap-name` 12 px bold, `.smap-title` and
 * `.smap-stance-change` 10.5 px): baseline below the ring, font size, and the most narrow
 * characters shown. Label widths are estimated from the characters (a narrow one about 0.6 em,
 * a CJK one two of those), never measured: measuring 500 labels would force a layout.
 */
const NAME = { below: 15, size: 12, units: 22 };
const TITLE = { below: 29, size: 10.5, units: 26 };
const EXTRA_LINE = 14;
const UNIT_EM = 0.62;
/** Room around the label box: half the labels' outline (the 3 px halo that keeps them readable over lines) and a little. */
const LABEL_ROOM = 2;

export interface NodeParts {
  /** Owner chips drawn beside the node (0 when the coverage overlay is off). */
  chips?: number;
  /** Whether a flag is drawn at the top left. */
  flagged?: boolean;
  /** The stance change a compare prints under the labels. */
  stanceChange?: string | null;
}

export interface NodeShape {
  x: number;
  y: number;
  /** Disc radius (influence as size). */
  r: number;
  /** Strength ring radius. */
  ring: number;
  /** The strength ring's arc: from twelve o'clock, clockwise, a fifth per point of strength. */
  ringArc: string;
  name: { text: string; y: number };
  title: { text: string; y: number } | null;
  stanceChange: { text: string; y: number } | null;
  /** Each role badge's top-left corner, in the domain's order. */
  badges: { role: BuyingRole; x: number; y: number }[];
  /** The flag's triangle. */
  flag: { x: number; y: number; path: string };
  /** The first owner chip's centre; the others stack below it. */
  chip: { x: number; y: number; step: number };
  /** The compare mark's centre. */
  mark: { x: number; y: number };
  /** What lines stay out of. */
  footprint: Footprint;
}

export function nodeShape(
  person: { name: string; title: string | null; roles: readonly string[]; strength: number },
  at: Placed,
  parts: NodeParts = {},
): NodeShape {
  const { x, y, r } = at;
  const ring = r + RING_GAP;
  const roles = knownRoles(person.roles);
  const badgesWidth = roles.length * (BADGE + BADGE_GAP) - BADGE_GAP;
  const badgesTop = y - (ring + BADGE + 4);
  const name = fitLabel(person.name, NAME.units);
  const title = person.title ? fitLabel(person.title, TITLE.units) : null;
  const stanceChange = parts.stanceChange ?? null;
  const lastBaseline = ring + (title ? TITLE.below : NAME.below) + (stanceChange ? EXTRA_LINE : 0);

  const boxes: Box[] = [];
  const labelWidth = Math.max(
    labelUnits(name) * NAME.size,
    title ? labelUnits(title) * TITLE.size : 0,
    stanceChange ? labelUnits(stanceChange) * TITLE.size : 0,
  );
  const labelTop = y + ring + NAME.below - NAME.size - LABEL_ROOM;
  const labelBottom = y + lastBaseline + TITLE.size * 0.3 + LABEL_ROOM;
  boxes.push(centred(x, labelTop, labelWidth * UNIT_EM + 2 * LABEL_ROOM, labelBottom - labelTop));
  if (roles.length > 0) boxes.push({ x: x - badgesWidth / 2, y: badgesTop, width: badgesWidth, height: BADGE });
  const chip = { x: x + ring + 9, y: y - ring + 7, step: CHIP_STEP };
  const chips = Math.min(MOST_CHIPS, parts.chips ?? 0);
  if (chips > 0) boxes.push({ x: chip.x - CHIP, y: chip.y - CHIP, width: 2 * CHIP, height: 2 * CHIP + (chips - 1) * CHIP_STEP });
  const fx = x - ring - 2;
  const fy = y - ring + 2;
  if (parts.flagged) boxes.push({ x: fx - 9, y: fy - 10, width: 18, height: 16 });

  return {
    x,
    y,
    r,
    ring,
    ringArc: ringArc(x, y, ring, scoreOf(person.strength) / 5),
    name: { text: name, y: y + ring + NAME.below },
    title: title ? { text: title, y: y + ring + TITLE.below } : null,
    stanceChange: stanceChange ? { text: stanceChange, y: y + lastBaseline } : null,
    badges: roles.map((role, i) => ({ role, x: x - badgesWidth / 2 + i * (BADGE + BADGE_GAP), y: badgesTop })),
    flag: { x: fx, y: fy, path: `M${fx},${fy - 10}L${fx + 9},${fy + 6}H${fx - 9}Z` },
    chip,
    mark: { x: x + ring + 2, y: y + ring - 2 },
    footprint: { x, y, r: ring + LINE_GAP, boxes },
  };
}

const centred = (x: number, top: number, width: number, height: number): Box => ({ x: x - width / 2, y: top, width, height });

/**
 * An arc of a circle from twelve o'clock, clockwise, covering `fraction` of it (a whole circle
 * at 1, drawn as two halves: one arc cannot start and end at the same point).
 */
export function ringArc(x: number, y: number, radius: number, fraction: number): string {
  const top = `M${r2(x)},${r2(y - radius)}`;
  if (fraction >= 1) return `${top}A${radius},${radius} 0 1 1 ${r2(x)},${r2(y + radius)}A${radius},${radius} 0 1 1 ${r2(x)},${r2(y - radius)}`;
  const angle = 2 * Math.PI * Math.max(0, fraction) - Math.PI / 2;
  return `${top}A${radius},${radius} 0 ${fraction > 0.5 ? 1 : 0} 1 ${r2(x + radius * Math.cos(angle))},${r2(y + radius * Math.sin(angle))}`;
}

const r2 = (n: number) => Math.round(n * 100) / 100;
