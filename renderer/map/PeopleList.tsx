/**
 * The map as tables, for keyboard and screen-reader users and for anyone who wants to read
 * rather than look: every person with manager, roles, stance, influence, strength, coverage,
 * flags and last touchpoint, in reporting order; then the influence links, each removable.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MapFlag, MapLink, MapPerson } from '../../shared/map/schemas';
import { useEnumLabel } from '../enums';
import { useFormat } from '../format';
import { forest } from './layout';
import { knownRoles } from './look';
import type { MapText } from './words';

/** People top-down along reporting lines, each with their depth. */
function chainOrder(people: readonly MapPerson[]): { person: MapPerson; depth: number }[] {
  const { roots, children } = forest(people);
  const byId = new Map(people.map((p) => [p.id, p]));
  const out: { person: MapPerson; depth: number }[] = [];
  const visit = (id: string, depth: number) => {
    const person = byId.get(id);
    if (!person) return;
    out.push({ person, depth });
    for (const child of children.get(id) ?? []) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return out;
}

export function PeopleList({
  people,
  links,
  flags,
  text,
  dimmed,
  onRemoveLink,
}: {
  people: readonly MapPerson[];
  links: readonly MapLink[];
  flags: readonly MapFlag[];
  text: MapText;
  dimmed?: ReadonlySet<string>;
  onRemoveLink?: (linkId: string) => void;
}) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const format = useFormat();
  const separator = t('common.listSeparator');
  const flagsOf = new Map<string, MapFlag[]>();
  for (const f of flags) if (f.personId) flagsOf.set(f.personId, [...(flagsOf.get(f.personId) ?? []), f]);
  const rows = chainOrder(people).filter(({ person }) => !dimmed?.has(person.id));
  const titleId = useId();
  const linksId = useId();

  return (
    <div className="section-stack">
      <section className="map-card" aria-labelledby={titleId}>
        <h2 id={titleId} className="map-card-title">
          {t('map.list.title')} <span className="section-count">{t('people.count', { count: rows.length })}</span>
        </h2>
        <div className="table-scroll">
          <table className="data-table map-list-table" aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">{t('fields.name')}</th>
                <th scope="col">{t('fields.title')}</th>
                <th scope="col">{t('map.list.manager')}</th>
                <th scope="col">{t('map.list.roles')}</th>
                <th scope="col">{t('map.list.stance')}</th>
                <th scope="col">{t('map.list.influence')}</th>
                <th scope="col">{t('map.list.strength')}</th>
                <th scope="col">{t('map.list.owners')}</th>
                <th scope="col">{t('map.list.lastTouchpoint')}</th>
                <th scope="col">{t('map.list.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ person, depth }) => {
                const owners = person.ownerIds.map((id) => text.memberName(id));
                const own = flagsOf.get(person.id) ?? [];
                return (
                  <tr key={person.id} data-status={person.status}>
                    <th scope="row" className="chain-name" data-depth={Math.min(depth, 6)}>
                      <Link to={`/people/${person.id}`}>{person.name}</Link>
                      {person.status !== 'active' && <span className="badge badge-warn">{enumLabel('personStatus', person.status)}</span>}
                    </th>
                    <td>{person.title}</td>
                    <td>{text.nameOf(person.reportsToId)}</td>
                    <td>
                      {knownRoles(person.roles)
                        .map((role) => enumLabel('role', role))
                        .join(separator)}
                    </td>
                    <td>
                      <span className="stance-badge" data-stance={person.stance}>
                        {enumLabel('stance', person.stance)}
                      </span>
                    </td>
                    <td>{person.influence}</td>
                    <td>{person.strength}</td>
                    <td>{owners.length > 0 ? owners.join(separator) : <span className="uncovered">{t('map.list.nobody')}</span>}</td>
                    <td>{person.lastTouchpointAt ? format.day(person.lastTouchpointAt) : t('map.list.never')}</td>
                    <td>
                      {own.length > 0 && (
                        <ul className="map-list-flags">
                          {own.map((f) => (
                            <li key={f.kind} data-severity={f.severity}>
                              {text.flag(f)}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section className="map-card" aria-labelledby={linksId}>
        <h2 id={linksId} className="map-card-title">
          {t('map.list.links')}
        </h2>
        {links.length === 0 ? (
          <p className="muted">{t('map.list.noLinks')}</p>
        ) : (
          <ul className="plain-list map-link-list">
            {links.map((link) => {
              const words = { from: text.nameOf(link.fromId), to: text.nameOf(link.toId) };
              return (
                <li key={link.id} className="plain-row">
                  <span>{t('map.list.linkRow', words)}</span>
                  <span className="muted">
                    {t('map.link.strength')} {link.strength}
                  </span>
                  {onRemoveLink && (
                    <button
                      type="button"
                      className="button button-small button-quiet button-danger"
                      aria-label={t('map.list.removeLink', words)}
                      onClick={() => onRemoveLink(link.id)}
                    >
                      {t('common.delete')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

/** The keyboard way to draw an influence link: who influences whom, and how strongly. */
export function AddLinkForm({ people, onAdd }: { people: readonly MapPerson[]; onAdd: (fromId: string, toId: string, strength: number) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [fromId, setFrom] = useState('');
  const [toId, setTo] = useState('');
  const [strength, setStrength] = useState(3);
  const [error, setError] = useState<string | null>(null);
  const ids = { from: useId(), to: useId(), strength: useId(), title: useId() };
  const options = people.map((p) => (
    <option key={p.id} value={p.id}>
      {p.title ? `${p.name} (${p.title})` : p.name}
    </option>
  ));
  return (
    <section className="map-card" aria-labelledby={ids.title}>
      <h2 id={ids.title} className="map-card-title">
        {t('map.link.formTitle')}
      </h2>
      <form
        className="map-link-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!fromId || !toId) {
            setError(t('validation.required'));
            return;
          }
          if (fromId === toId) {
            setError(t('map.link.same'));
            return;
          }
          setError(null);
          void onAdd(fromId, toId, strength).then((added) => {
            if (added) {
              setFrom('');
              setTo('');
            }
          });
        }}
      >
        <label htmlFor={ids.from}>{t('map.link.from')}</label>
        <select id={ids.from} className="input select" value={fromId} onChange={(e) => setFrom(e.target.value)}>
          <option value="">{t('map.link.choose')}</option>
          {options}
        </select>
        <label htmlFor={ids.to}>{t('map.link.to')}</label>
        <select id={ids.to} className="input select" value={toId} onChange={(e) => setTo(e.target.value)}>
          <option value="">{t('map.link.choose')}</option>
          {options}
        </select>
        <label htmlFor={ids.strength}>{t('map.link.strength')}</label>
        <select id={ids.strength} className="input select" value={strength} onChange={(e) => setStrength(Number(e.target.value))}>
          {[1, 2, 3, 4, 5].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-small button-primary">
          {t('map.link.add')}
        </button>
      </form>
    </section>
  );
}
