/** What each mark on the map means: the seven role badges, stance colours and signs, size, ring, lines, flags, coverage. */
import { useTranslation } from 'react-i18next';
import { BUYING_ROLES, STANCES } from '../../shared/domain';
import type { MapMember } from '../../shared/map/schemas';
import { useEnumLabel } from '../enums';
import { initialsOf, MEMBER_COLOURS, memberTextColour, STANCE_SIGN } from './look';

export function Legend({ members, coverage }: { members: readonly MapMember[]; coverage: boolean }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  return (
    <section className="map-card map-legend" aria-labelledby="map-legend-title">
      <h2 id="map-legend-title" className="map-card-title">
        {t('map.legend.title')}
      </h2>
      <h3 className="map-legend-heading">{t('map.legend.roles')}</h3>
      <ul className="map-legend-list map-legend-roles">
        {BUYING_ROLES.map((role) => (
          <li key={role}>
            <svg className="smap-swatch" width="18" height="18" aria-hidden="true">
              <g className="smap-role" data-role={role} transform="translate(1.5,1.5)">
                <rect width="15" height="15" rx="3" />
                <text x="7.5" y="7.5" dy="0.35em">
                  {t(`map.roleLetters.${role}`)}
                </text>
              </g>
            </svg>
            {enumLabel('role', role)}
          </li>
        ))}
      </ul>
      <h3 className="map-legend-heading">{t('map.legend.stance')}</h3>
      <ul className="map-legend-list">
        {STANCES.map((stance) => (
          <li key={stance}>
            <svg className={`smap-swatch smap-node stance-${stance}`} width="22" height="22" aria-hidden="true">
              <g transform="translate(11,11)">
                <circle className="smap-disc" r="9" />
                <text className="smap-sign smap-sign-small" dy="0.35em">
                  {STANCE_SIGN[stance]}
                </text>
              </g>
            </svg>
            {enumLabel('stance', stance)}
          </li>
        ))}
      </ul>
      <ul className="map-legend-list map-legend-wide">
        <li>
          <svg className="smap-swatch smap-node stance-neutral" width="64" height="30" aria-hidden="true">
            <circle className="smap-disc" cx="10" cy="15" r="6" />
            <circle className="smap-disc" cx="40" cy="15" r="13" />
          </svg>
          {t('map.legend.size')} ({t('map.legend.low')} → {t('map.legend.high')})
        </li>
        <li>
          <svg className="smap-swatch smap-node stance-neutral" width="64" height="30" aria-hidden="true">
            <g transform="translate(14,15)">
              <circle className="smap-ring-track" r="11" />
              <circle className="smap-ring" r="11" strokeDasharray="13.8 69.1" transform="rotate(-90)" />
              <circle className="smap-disc" r="7" />
            </g>
            <g transform="translate(46,15)">
              <circle className="smap-ring-track" r="11" />
              <circle className="smap-ring" r="11" strokeDasharray="69.1 69.1" transform="rotate(-90)" />
              <circle className="smap-disc" r="7" />
            </g>
          </svg>
          {t('map.legend.ring')} ({t('map.legend.low')} → {t('map.legend.high')})
        </li>
      </ul>
      <h3 className="map-legend-heading">{t('map.legend.lines')}</h3>
      <ul className="map-legend-list map-legend-wide">
        <li>
          <svg className="smap-swatch" width="40" height="14" aria-hidden="true">
            <path className="smap-report" d="M2,7H38" />
          </svg>
          {t('map.legend.reports')}
        </li>
        <li>
          <svg className="smap-swatch" width="40" height="14" aria-hidden="true">
            <path className="smap-link" d="M2,10Q20,0 30,7" strokeWidth="1.5" />
            <path className="smap-arrow-shape" d="M30,3L38,8L30,12Z" />
          </svg>
          {t('map.legend.influences')}
        </li>
        <li>
          <svg className="smap-swatch" width="40" height="14" aria-hidden="true">
            <path className="smap-successor" d="M2,7H38" />
          </svg>
          {t('map.legend.successor')}
        </li>
        <li>
          <svg className="smap-swatch smap-node stance-neutral is-faded" width="40" height="22" aria-hidden="true">
            <circle className="smap-disc" cx="20" cy="11" r="8" />
          </svg>
          {t('map.legend.faded')}
        </li>
      </ul>
      <h3 className="map-legend-heading">{t('map.legend.flags')}</h3>
      <ul className="map-legend-list">
        {(['red', 'amber'] as const).map((severity) => (
          <li key={severity}>
            <svg className="smap-swatch" width="22" height="22" aria-hidden="true">
              <g className={`smap-flag sev-${severity}`} transform="translate(11,13)">
                <path d="M0,-10L9,6H-9Z" />
                <text y="2" dy="0.1em">
                  !
                </text>
              </g>
            </svg>
            {severity === 'red' ? t('map.legend.redFlag') : t('map.legend.amberFlag')}
          </li>
        ))}
      </ul>
      {coverage && (
        <>
          <h3 className="map-legend-heading">{t('map.legend.coverage')}</h3>
          <ul className="map-legend-list">
            {members.map((member, i) => {
              const colour = MEMBER_COLOURS[i % MEMBER_COLOURS.length]!;
              return (
                <li key={member.id}>
                  <svg className="smap-swatch" width="18" height="18" aria-hidden="true">
                    <g className="smap-owner" transform="translate(9,9)">
                      <circle r="7" fill={colour} />
                      <text dy="0.35em" fill={memberTextColour(colour)}>
                        {initialsOf(member.name)}
                      </text>
                    </g>
                  </svg>
                  {member.name}
                </li>
              );
            })}
            <li>
              <svg className="smap-swatch" width="18" height="18" aria-hidden="true">
                <g className="smap-owner is-none" transform="translate(9,9)">
                  <circle r="7" />
                  <text dy="0.35em">–</text>
                </g>
              </svg>
              {t('map.legend.nobody')}
            </li>
          </ul>
        </>
      )}
    </section>
  );
}
