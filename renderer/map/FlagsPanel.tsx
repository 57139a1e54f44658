/** The map's colour with its reasons, and every red flag as a sentence (a person's flag shows them on the map). */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapFlag, MapStatus } from '../../shared/map/schemas';
import type { MapText } from './words';

export function StatusBadge({ status, id }: { status: MapStatus; id?: string }) {
  const { t } = useTranslation();
  return (
    <span
      id={id}
      className="map-status-badge"
      data-colour={status.colour}
      role="status"
      aria-label={t('map.status.heading', { colour: t(`map.status.${status.colour}`) })}
    >
      <span className="map-status-dot" aria-hidden="true" />
      {t(`map.status.${status.colour}`)}
    </span>
  );
}

export function StatusCard({ status, text, asOf }: { status: MapStatus; text: MapText; asOf?: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section className="map-card map-status" data-colour={status.colour} aria-labelledby={titleId}>
      <h2 id={titleId} className="map-card-title">
        {t('map.status.heading', { colour: t(`map.status.${status.colour}`) })}
      </h2>
      {asOf && <p className="muted">{asOf}</p>}
      <p className="map-status-meaning">{t(`map.status.meaning.${status.colour}`)}</p>
      <ul className="map-reasons">
        {status.reasons.map((reason) => (
          <li key={reason.key + reason.severity} data-severity={reason.severity}>
            {text.reason(reason)}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function FlagsList({
  flags,
  text,
  onShow,
  windowDays,
  onWindowDays,
}: {
  flags: readonly MapFlag[];
  text: MapText;
  onShow?: (personId: string) => void;
  windowDays?: number;
  onWindowDays?: (days: number) => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const windowId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const sorted = [...flags].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'red' ? -1 : 1));
  return (
    <section className="map-card map-flags" aria-labelledby={titleId}>
      <h2 id={titleId} className="map-card-title">
        {t('map.flags.title')} <span className="section-count">{t('map.flags.count', { count: flags.length })}</span>
      </h2>
      {sorted.length === 0 ? (
        <p className="muted">{t('map.flags.none')}</p>
      ) : (
        <ul className="map-flag-list">
          {sorted.map((flag, i) => (
            <li
              key={`${flag.kind}-${flag.personId ?? flag.role ?? flag.memberId ?? i}`}
              className="map-flag-item"
              data-severity={flag.severity}
              data-kind={flag.kind}
            >
              <span className="map-flag-mark" aria-hidden="true">
                !
              </span>
              <span className="visually-hidden">{t(`map.flags.severity.${flag.severity}`)}: </span>
              {flag.personId && onShow ? (
                <button
                  type="button"
                  className="map-flag-text map-flag-show"
                  title={t('map.flags.show')}
                  aria-label={`${text.flag(flag)} ${t('map.flags.show')}`}
                  onClick={() => onShow(flag.personId!)}
                >
                  {text.flag(flag)}
                </button>
              ) : (
                <span className="map-flag-text">{text.flag(flag)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {windowDays !== undefined && onWindowDays && (
        <div className="map-window">
          <label htmlFor={windowId}>{t('map.flags.window')}</label>
          <input
            id={windowId}
            className="input input-compact map-window-input"
            type="number"
            min={1}
            max={3650}
            step={1}
            value={draft ?? String(windowDays)}
            onChange={(event) => setDraft(event.target.value)}
            onBlur={() => {
              if (draft !== null) onWindowDays(Number(draft));
              setDraft(null);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && draft !== null) {
                onWindowDays(Number(draft));
                setDraft(null);
              }
            }}
          />
        </div>
      )}
    </section>
  );
}
