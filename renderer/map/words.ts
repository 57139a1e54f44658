/**
 * The map in words: each node's accessible name, each flag as a sentence, the status's reasons
 * (catalog key + parameters from shared/map/flags.ts) worded in the reader's language.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { wordReason } from '../../shared/health/words';
import type { MapFlag, MapPerson, MapReason, MapView } from '../../shared/map/schemas';
import { useEnumLabel } from '../enums';
import { useFormat } from '../format';
import { knownRoles } from './look';
import type { DiffMark, MapWords } from './StakeholderMap';

export interface MapText extends MapWords {
  flag: (flag: MapFlag) => string;
  reason: (reason: MapReason) => string;
  nameOf: (personId: string | null | undefined) => string;
  memberName: (memberId: string) => string;
  fieldName: (field: string) => string;
}

export function useMapText(view: Pick<MapView, 'people' | 'members' | 'flags'> | undefined): MapText {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const format = useFormat();

  return useMemo(() => {
    const tx = (key: string, params?: Record<string, unknown>) => String(t(key as never, params as never));
    const people = new Map((view?.people ?? []).map((p) => [p.id, p]));
    const members = new Map((view?.members ?? []).map((m) => [m.id, m.name]));
    const separator = tx('common.listSeparator');
    const nameOf = (id: string | null | undefined) => (id ? (people.get(id)?.name ?? '') : '');
    const memberName = (id: string) => members.get(id) ?? tx('common.unknown');
    const stanceWord = (stance: string) => enumLabel('stance', stance);
    const roleWord = (role: string | null) => enumLabel('role', role);

    const flag = (f: MapFlag): string => {
      const name = nameOf(f.personId);
      switch (f.kind) {
        case 'role_vacant':
          return tx('map.flags.role_vacant', { role: roleWord(f.role) });
        case 'decider_stance':
          return tx('map.flags.decider_stance', { name, role: roleWord(f.role), stance: stanceWord(f.stance ?? 'unknown') });
        case 'key_uncovered':
          return tx('map.flags.key_uncovered', { name });
        case 'decider_stale':
          return f.lastAt ? tx('map.flags.decider_stale', { name, days: f.days ?? 0, last: format.day(f.lastAt) }) : tx('map.flags.decider_never', { name });
        case 'single_threaded':
          return tx('map.flags.single_threaded', { member: memberName(f.memberId ?? '') });
        case 'left_no_successor':
          return tx('map.flags.left_no_successor', { name });
        default:
          return String(f.kind);
      }
    };
    const flagsOf = new Map<string, MapFlag[]>();
    for (const f of view?.flags ?? []) {
      if (!f.personId) continue;
      flagsOf.set(f.personId, [...(flagsOf.get(f.personId) ?? []), f]);
    }

    // One way to word a reason, the map's and the health model's alike (lists the reader's way, roles by name).
    const reason = (r: MapReason): string => wordReason(r, tx);

    const label = (p: MapPerson): string => {
      const roles = knownRoles(p.roles).map((role) => roleWord(role));
      const owners = p.ownerIds.filter((id) => members.has(id)).map(memberName);
      const parts = [
        tx('map.node.label', {
          name: p.name,
          title: p.title || tx('map.node.noTitle'),
          roles: roles.length > 0 ? tx('map.node.roles', { roles: roles.join(separator) }) : tx('map.node.noRoles'),
          stance: tx('map.node.stance', { stance: stanceWord(p.stance) }),
          influence: p.influence,
          strength: p.strength,
          coverage: owners.length > 0 ? tx('map.node.coveredBy', { owners: owners.join(separator) }) : tx('map.node.uncovered'),
        }),
      ];
      if (p.status !== 'active') parts.push(tx('map.node.status', { status: enumLabel('personStatus', p.status) }));
      if (p.successorId && people.has(p.successorId)) parts.push(tx('map.node.successor', { name: nameOf(p.successorId) }));
      const own = flagsOf.get(p.id);
      if (own) parts.push(tx('map.node.flags', { flags: own.map(flag).join(' ') }));
      return parts.join(' ');
    };

    const markLabel = (mark: DiffMark): string => {
      if (mark.kind === 'added') return tx('map.node.added');
      if (mark.kind === 'removed') return tx('map.node.removed');
      const parts = [tx('map.node.changed', { fields: (mark.fields ?? []).map((f) => tx(`fields.${f}`)).join(separator) })];
      if (mark.stance) parts.push(tx('map.node.stanceChange', { from: stanceWord(mark.stance.from), to: stanceWord(mark.stance.to) }));
      return parts.join(' ');
    };

    return {
      markLabel,
      roleLetter: (role: string) => tx(`map.roleLetters.${role}`),
      stanceWord,
      label,
      flag,
      reason,
      nameOf,
      memberName,
      fieldName: (field: string) => tx(`fields.${field}`),
    };
  }, [t, enumLabel, format, view]);
}
