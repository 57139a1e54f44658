/**
 * The influence × stance grid: its columns and rows, the cell a person sits in and where the
 * arrow keys move them. Pure; tested in tests/unit/map.test.ts.
 */
import type { Stance } from '../domain';
import { scoreOf, stanceOf } from './schemas';

/** The grid's columns, from against us to for us; `unknown` stands apart at the end. */
export const GRID_STANCES: readonly Stance[] = ['opponent', 'sceptic', 'neutral', 'supporter', 'champion', 'unknown'];
/** Rows from most to least influential. */
export const GRID_INFLUENCE: readonly number[] = [5, 4, 3, 2, 1];

export interface GridCell {
  stance: Stance;
  influence: number;
}

/** The cell a person is drawn in: an unknown stance code in `unknown`, influence rounded onto the rows. */
export function gridCell(person: { stance: string; influence: number }): GridCell {
  return { stance: stanceOf(person.stance), influence: scoreOf(person.influence) };
}

/** The cell's key, as `data-cell` carries it: `<stance>:<influence>`. */
export const gridCellKey = (cell: GridCell) => `${cell.stance}:${cell.influence}`;

/**
 * The cell a person moves to when a key moves them on the grid: left/right to the next column as
 * drawn (so from `champion` right is `unknown`), up/down one step of influence, never off the grid.
 */
export function gridStep(person: { stance: string; influence: number }, key: 'left' | 'right' | 'up' | 'down'): GridCell {
  const { stance, influence } = gridCell(person);
  if (key === 'up' || key === 'down') return { stance, influence: scoreOf(influence + (key === 'up' ? 1 : -1)) };
  const index = GRID_STANCES.indexOf(stance) + (key === 'right' ? 1 : -1);
  return { stance: GRID_STANCES[Math.min(GRID_STANCES.length - 1, Math.max(0, index))]!, influence };
}
