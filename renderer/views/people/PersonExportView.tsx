/**
 * A client person's data export as a readable, printable page (issue 12: an access request under
 * PIPL / GDPR): everything `people.export` returns, in sections, with the JSON to download and
 * "Print or save as PDF": the desktop app saves this very page as a PDF (`print.pdf`, Chromium's
 * printToPDF in its main process, as the account plan does); a browser prints it (Save as PDF).
 * The page sets its language so Chromium picks CJK glyphs for Chinese text in print.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CallOutput } from '../../../shared/contract';
import { useApi } from '../../api/context';
import { useFormat } from '../../format';
import { SavePdfButton } from '../../components/SavePdfButton';
import { saveFile } from '../../components/saveFile';
import { useTranslate } from '../../i18n';
import { useMembers } from '../queries';
import './privacy.css';

type PersonExport = CallOutput<'people.export'>;
type Rows = PersonExport['history'];

/** Fields shown first and worded by the catalog; the rest follow by their own names. */
const HIDDEN = new Set(['id', 'accountId', 'personId', 'createdAt', 'updatedAt']);

/** A value as the page shows it: ids of people, members and accounts by their names. */
function value(v: unknown, names: Record<string, string>): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return names[v] ?? v;
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map((x) => (typeof x === 'string' ? (names[x] ?? x) : JSON.stringify(x))).join('、');
  return JSON.stringify(v);
}

function RecordTable({ rows, label, names }: { rows: Rows; label: string; names: Record<string, string> }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { i18n } = useTranslation();
  // A field's name as the forms word it, else the export's own word, else its JSON name (as in the download).
  const fieldLabel = (key: string) =>
    i18n.exists(`fields.${key}`) ? translate(`fields.${key}`) : i18n.exists(`privacy.export.field.${key}`) ? translate(`privacy.export.field.${key}`) : key;
  if (rows.length === 0) return <p className="export-none">{t('privacy.export.none')}</p>;
  return (
    <>
      {rows.map((row, i) => (
        <dl className="export-record" key={String(row.id ?? i)} aria-label={label}>
          {Object.entries(row)
            .filter(([k]) => !HIDDEN.has(k))
            .map(([k, v]) => (
              <div className="export-field" key={k}>
                <dt>{fieldLabel(k)}</dt>
                <dd>{value(v, names)}</dd>
              </div>
            ))}
        </dl>
      ))}
    </>
  );
}

export function PersonExportView() {
  const { personId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const api = useApi();
  const translate = useTranslate();
  const format = useFormat();
  const members = useMembers();
  const [includePrivate, setIncludePrivate] = useState(false);
  const exported = useQuery({
    queryKey: ['people', 'export', personId, includePrivate],
    queryFn: () => api['people.export']({ personId, includePrivate }),
  });
  const data = exported.data;
  if (exported.isError) return <main className="page">{String((exported.error as Error).message)}</main>;
  if (!data) return <main className="page" aria-busy="true" />;
  const name = String(data.person.name ?? '');
  const tableLabel = (table: string) => (i18n.exists(`privacy.export.table.${table}`) ? translate(`privacy.export.table.${table}`) : table);
  const who = data.exportedBy ? (members.nameOf(data.exportedBy) ?? data.exportedBy) : t('privacy.export.nobody');

  const downloadJson = () => saveFile(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), `person-${personId}.json`);

  const sections: [string, Rows][] = [
    [t('privacy.export.history'), data.history],
    [t('privacy.export.touchpoints'), data.touchpoints],
    [t('privacy.export.followUps'), data.followUps],
    [t('privacy.export.links'), data.influenceLinks],
  ];

  return (
    <main className="page person-export" lang={i18n.language} aria-labelledby="export-title">
      <div className="export-toolbar no-print">
        <Link to={`/people/${personId}`}>{t('privacy.export.back')}</Link>
        <label className="checkbox">
          <input type="checkbox" checked={includePrivate} onChange={(event) => setIncludePrivate(event.target.checked)} />
          {t('privacy.export.includePrivate')}
        </label>
        <button type="button" className="button" onClick={downloadJson}>
          {t('privacy.export.json')}
        </button>
        <SavePdfButton title={t('privacy.export.title', { name })} />
      </div>
      <h1 id="export-title">{t('privacy.export.title', { name })}</h1>
      <p>{t('privacy.export.intro')}</p>
      <p className="export-meta">{t('privacy.export.exportedAt', { when: format.dateTime(data.exportedAt), who })}</p>
      {data.account && <p className="export-meta">{data.account.name}</p>}

      <section aria-labelledby="export-fields">
        <h2 id="export-fields">{t('privacy.export.fields')}</h2>
        <RecordTable rows={[data.person as Rows[number]]} label={t('privacy.export.fields')} names={data.names} />
      </section>
      {sections.map(([title, rows]) => (
        <section key={title} aria-label={title}>
          <h2>{title}</h2>
          <RecordTable rows={rows} label={title} names={data.names} />
        </section>
      ))}
      <section aria-label={t('privacy.export.notes')}>
        <h2>{t('privacy.export.notes')}</h2>
        {includePrivate && <RecordTable rows={data.notes} label={t('privacy.export.notes')} names={data.names} />}
        {data.notesWithheld > 0 && <p className="export-none">{t('privacy.export.notesWithheld', { count: data.notesWithheld })}</p>}
      </section>
      {Object.entries(data.related).map(([table, rows]) => (
        <section key={table} aria-label={`${t('privacy.export.related')}: ${tableLabel(table)}`}>
          <h2>
            {t('privacy.export.related')}: {tableLabel(table)}
          </h2>
          <RecordTable rows={rows} label={table} names={data.names} />
        </section>
      ))}
    </main>
  );
}
