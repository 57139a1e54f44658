/**
 * The same people on an influence × stance grid: who has power (rows, 5 at the top) and who
 * supports us (columns, against us on the left, for us on the right, unknown apart). A click
 * selects a person; the arrow keys then move them, as does dragging them to another cell, which
 * changes their stance, influence or both (people.update, with undo). Opening their page is a
 * deliberate act: Enter, a double-click or the link under the grid (a click used to open it,
 * against what the help said).
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { GRID_INFLUENCE, GRID_STANCES, gridCell, gridCellKey, gridStep } from '../../shared/map/grid';
import { stanceOf, type MapPerson, type Severity } from '../../shared/map/schemas';
import { useEnumLabel } from '../enums';
import { knownRoles, STANCE_SIGN } from './look';
import type { MapText } from './words';

interface Drag {
  id: string;
  pointerId: number;
  startX: number;
  startY: number;
  moved: boolean;
  over: string | null;
}

export function StanceGrid({
  people,
  text,
  personFlags,
  onPlace,
  onOpen,
}: {
  people: readonly MapPerson[];
  text: MapText;
  personFlags: ReadonlyMap<string, { severity: Severity; count: number }>;
  onPlace: (personId: string, stance: string, influence: number) => Promise<boolean>;
  onOpen: (personId: string) => void;
}) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const [drag, setDrag] = useState<Drag | null>(null);
  const [ghost, setGhost] = useState<{ x: number; y: number } | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const refocus = useRef<string | null>(null);
  const present = people.filter((p) => p.status !== 'left');
  const cells = new Map<string, MapPerson[]>();
  for (const person of present) {
    const key = gridCellKey(gridCell(person));
    cells.set(key, [...(cells.get(key) ?? []), person]);
  }
  const selected = present.find((p) => p.id === selectedId);

  // After a keyboard move the chip is drawn anew in its new cell: keep focus on it.
  useEffect(() => {
    const id = refocus.current;
    if (!id) return;
    const chip = document.querySelector<HTMLElement>(`[data-grid-person="${CSS.escape(id)}"]`);
    if (chip) {
      chip.focus();
      refocus.current = null;
    }
  });

  const cellAt = (x: number, y: number) => {
    const element = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-cell]');
    return element?.dataset.cell ?? null;
  };

  // The gesture is tracked in a ref (events can arrive before React renders); state only draws it.
  const gesture = useRef<Drag | null>(null);
  const show = (next: Drag | null) => {
    gesture.current = next;
    setDrag(next);
  };

  const onPointerDown = (event: PointerEvent<HTMLButtonElement>, id: string) => {
    if (event.button !== 0) return;
    // Captured from the start: the moves that follow must reach this chip wherever the pointer goes.
    event.currentTarget.setPointerCapture(event.pointerId);
    show({ id, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, moved: false, over: null });
  };
  const onPointerMove = (event: PointerEvent<HTMLButtonElement>) => {
    const current = gesture.current;
    if (!current || event.pointerId !== current.pointerId) return;
    const moved = current.moved || Math.hypot(event.clientX - current.startX, event.clientY - current.startY) > 5;
    if (!moved) return;
    const over = cellAt(event.clientX, event.clientY);
    setGhost({ x: event.clientX, y: event.clientY });
    if (!current.moved || over !== current.over) show({ ...current, moved: true, over });
  };
  const onPointerUp = (event: PointerEvent<HTMLButtonElement>) => {
    const current = gesture.current;
    if (!current || event.pointerId !== current.pointerId) return;
    const { id, moved } = current;
    const over = moved ? cellAt(event.clientX, event.clientY) : null;
    show(null);
    setGhost(null);
    // A press without a move is a click: the click event selects.
    if (!moved || !over) return;
    const [stance, influence] = over.split(':');
    void onPlace(id, stance!, Number(influence));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, person: MapPerson) => {
    if (event.key === 'Enter') {
      // Not the button's click (which selects): Enter opens the person's page.
      event.preventDefault();
      onOpen(person.id);
      return;
    }
    const keys: Record<string, 'left' | 'right' | 'up' | 'down'> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
    const key = keys[event.key];
    if (!key) return;
    event.preventDefault();
    const next = gridStep(person, key);
    setSelectedId(person.id);
    refocus.current = person.id;
    void onPlace(person.id, next.stance, next.influence);
  };

  const dragged = drag?.moved ? present.find((p) => p.id === drag.id) : undefined;

  return (
    <section className="map-grid-wrap" aria-labelledby="map-grid-title">
      <div className="map-grid-head">
        <h2 id="map-grid-title" className="map-card-title">
          {t('map.grid.title')}
        </h2>
        <p className="muted">{t('map.grid.description')}</p>
        {people.some((p) => p.status === 'left') && <p className="muted">{t('map.grid.left')}</p>}
      </div>
      <div className="map-grid" role="grid" aria-labelledby="map-grid-title" aria-rowcount={GRID_INFLUENCE.length + 1} aria-colcount={GRID_STANCES.length + 1}>
        <div className="map-grid-row map-grid-header" role="row">
          <div className="map-grid-corner" role="columnheader">
            <span>{t('map.grid.influence')}</span>
            <span aria-hidden="true"> ↓ / </span>
            <span>{t('map.grid.stance')}</span>
            <span aria-hidden="true"> →</span>
          </div>
          {GRID_STANCES.map((stance) => (
            <div key={stance} className={`map-grid-colhead stance-${stance}`} role="columnheader">
              <span className="map-grid-sign" aria-hidden="true">
                {STANCE_SIGN[stance]}
              </span>
              {enumLabel('stance', stance)}
            </div>
          ))}
        </div>
        {GRID_INFLUENCE.map((influence) => (
          <div key={influence} className="map-grid-row" role="row">
            <div className="map-grid-rowhead" role="rowheader">
              {t('map.grid.influence')} {influence}
            </div>
            {GRID_STANCES.map((stance) => {
              const key = gridCellKey({ stance, influence });
              const here = cells.get(key) ?? [];
              return (
                <div
                  key={stance}
                  className={`map-grid-cell stance-${stance}${drag?.moved && drag.over === key ? ' is-drop-target' : ''}`}
                  role="gridcell"
                  data-cell={key}
                  data-influence={influence}
                  data-stance={stance}
                  aria-label={t('map.grid.cell', { stance: enumLabel('stance', stance), influence, count: here.length })}
                >
                  {here.map((person) => (
                    <button
                      key={person.id}
                      type="button"
                      className={`map-grid-person stance-${stance}${person.status !== 'active' ? ' is-faded' : ''}${drag?.moved && drag.id === person.id ? ' is-dragged' : ''}${person.id === selectedId ? ' is-selected' : ''}`}
                      data-grid-person={person.id}
                      aria-label={t('map.grid.person', { name: person.name, stance: enumLabel('stance', stance), influence })}
                      title={person.title ? `${person.name} · ${person.title}` : person.name}
                      onPointerDown={(event) => onPointerDown(event, person.id)}
                      onPointerMove={onPointerMove}
                      onPointerUp={onPointerUp}
                      onPointerCancel={() => {
                        show(null);
                        setGhost(null);
                      }}
                      onKeyDown={(event) => onKeyDown(event, person)}
                      onClick={() => setSelectedId(person.id)}
                      onDoubleClick={() => onOpen(person.id)}
                    >
                      {personFlags.has(person.id) && (
                        <span className="map-grid-flag" data-severity={personFlags.get(person.id)!.severity} aria-hidden="true">
                          !
                        </span>
                      )}
                      <span className="map-grid-name">{person.name}</span>
                      {knownRoles(person.roles).length > 0 && (
                        <span className="map-grid-roles" aria-hidden="true">
                          {knownRoles(person.roles)
                            .map((role) => text.roleLetter(role))
                            .join('')}
                        </span>
                      )}
                    </button>
                  ))}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <p className="map-grid-selection" role="status">
        {selected && (
          <>
            {t('map.grid.selected', { name: selected.name })} <Link to={`/people/${selected.id}`}>{t('map.grid.open', { name: selected.name })}</Link>
          </>
        )}
      </p>
      {dragged && ghost && (
        <div
          className={`map-grid-ghost stance-${stanceOf(dragged.stance)}`}
          aria-hidden="true"
          style={{ transform: `translate(${ghost.x + 8}px, ${ghost.y + 8}px)` }}
        >
          {dragged.name}
        </div>
      )}
    </section>
  );
}
