/**
 * How the map shows what it shows, apart from colours (map.css holds those, per theme): the sign
 * each stance carries so colour is never the only cue, the roles' badge order, member initials
 * and labels shortened to fit a node.
 */
import { BUYING_ROLES, type BuyingRole, type Stance } from '../../shared/domain';

/** A stance's sign inside the node: readable without colour, in print and for colour-blind readers. */
export const STANCE_SIGN: Record<Stance, string> = {
  champion: '++',
  supporter: '+',
  neutral: '=',
  sceptic: '−',
  opponent: '−−',
  unknown: '?',
};

/** The roles a person holds that this version knows, in the domain's order. */
export function knownRoles(roles: readonly string[]): BuyingRole[] {
  return BUYING_ROLES.filter((role) => roles.includes(role));
}

/** Coverage colours (Paul Tol's "muted" scheme, told apart by colour-blind readers); each chip also shows initials. */
export const MEMBER_COLOURS = ['#332288', '#117733', '#882255', '#44AA99', '#999933', '#CC6677', '#AA4499', '#88CCEE', '#DDCC77'] as const;
/** Chips that need dark text on them. */
const LIGHT_MEMBER_COLOURS = new Set(['#88CCEE', '#DDCC77', '#44AA99', '#999933', '#CC6677']);
export const memberTextColour = (colour: string) => (LIGHT_MEMBER_COLOURS.has(colour) ? '#111111' : '#ffffff');

/** One or two letters for a member chip: the surname character for Chinese names, initials otherwise. */
export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  if (/^[\u3400-\u9fff]/.test(trimmed)) return trimmed.slice(0, 1);
  const words = trimmed.split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => [...w][0]!.toUpperCase())
    .join('');
}

/** Display width in "narrow character" units: CJK and other wide characters count two. */
function unitsOf(char: string): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 2 : 1;
}

/** A label's display width in narrow-character units (what `fitLabel` counts). */
export function labelUnits(text: string): number {
  let units = 0;
  for (const char of text) units += unitsOf(char);
  return units;
}

/** `text` cut to about `units` narrow characters, with an ellipsis when cut. */
export function fitLabel(text: string, units: number): string {
  let used = 0;
  let out = '';
  for (const char of text) {
    const width = unitsOf(char);
    if (used + width > units) return `${out.trimEnd()}…`;
    used += width;
    out += char;
  }
  return out;
}
