/**
 * The import wizard (#/import): pick a file → map its columns (suggested from the headers, or a
 * saved mapping) → check every row's problems → import as one batch with progress and Stop →
 * the result, with Undo and the problems saved as CSV. The file travels in chunks (upload.ts);
 * everything else is the core's (`import.*` calls, electron/services/import).
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { IMPORT_KINDS, KEY_FIELDS, fieldsOf, type ImportKind } from '../../../shared/import/fields';
import { problemsCsv } from '../../../shared/import/rows';
import type { ImportPreview, ImportRequest, ImportResult, ImportUndoResult, RowProblem } from '../../../shared/import/schemas';
import { useApi } from '../../api/context';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useNow } from '../../components/useNow';
import { useFormat } from '../../format';
import { useTranslate } from '../../i18n';
import { useCancelJob, useJobs } from '../sync/syncQueries';
import { uploadFile } from './upload';

type Step = 'file' | 'mapping' | 'preview' | 'running' | 'result';
const STEPS: Step[] = ['file', 'mapping', 'preview', 'result'];

/** At most this many problems are listed on the page (all are in the saved CSV). */
const SHOWN_PROBLEMS = 200;

export function ImportView() {
  const { t } = useTranslation();
  const tr = useTranslate();
  const api = useApi();
  const toast = useToast();
  const failed = useErrorToast();
  const format = useFormat();
  const [params] = useSearchParams();
  const initialKind = IMPORT_KINDS.find((k) => k === params.get('kind')) ?? 'people';
  const [kind, setKind] = useState<ImportKind>(initialKind);
  const [step, setStep] = useState<Step>('file');
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<(string | null)[]>([]);
  const [sheet, setSheet] = useState<string | undefined>(undefined);
  const [keyField, setKeyField] = useState<string>('');
  const [presetName, setPresetName] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [undone, setUndone] = useState<ImportUndoResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const presets = usePresets(kind);
  const ids = { kind: useId(), file: useId(), sheet: useId(), preset: useId(), key: useId(), name: useId() };

  const request = (extra: Partial<ImportRequest> = {}): ImportRequest => ({
    uploadId: uploadId ?? undefined,
    kind,
    ...(sheet ? { sheet } : {}),
    ...(keyField ? { keyField } : {}),
    ...extra,
  });

  const loadPreview = async (extra: Partial<ImportRequest>, next: Step) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api['import.preview'](request(extra));
      setPreview(answer);
      setMapping(answer.mapping);
      setKeyField(answer.keyField ?? '');
      setStep(next);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const chooseFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setUploading(0);
    try {
      const id = await uploadFile(api, file, setUploading);
      setUploadId(id);
      setUploading(null);
      setBusy(true);
      const answer = await api['import.preview']({ uploadId: id, kind });
      setPreview(answer);
      setMapping(answer.mapping);
      setSheet(answer.sheet ?? undefined);
      setKeyField(answer.keyField ?? '');
      setStep('mapping');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setUploading(null);
      setBusy(false);
    }
  };

  const run = async () => {
    setStep('running');
    setError(null);
    try {
      const answer = await api['import.run'](request({ mapping }));
      setResult(answer);
      setStep('result');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setStep('preview');
    }
  };

  const undo = async () => {
    if (!result) return;
    setBusy(true);
    try {
      setUndone(await api['import.undo']({ batchId: result.batchId }));
    } catch (e) {
      failed(e, 'import');
    } finally {
      setBusy(false);
    }
  };

  const savePreset = async () => {
    if (!preview || !presetName.trim()) return;
    try {
      const saved = await api['import.savePreset']({ name: presetName.trim(), kind, headers: preview.headers, mapping, keyField: keyField || null });
      toast(t('import.wizard.presetSaved', { name: saved.name }), { subject: 'import' });
      void presets.reload();
    } catch (e) {
      failed(e, 'import');
    }
  };

  const restart = () => {
    setStep('file');
    setUploadId(null);
    setPreview(null);
    setResult(null);
    setUndone(null);
    setError(null);
    setSheet(undefined);
  };

  return (
    <main className="page import-page" aria-labelledby="import-title">
      <div className="page-heading">
        <h1 id="import-title">{t('import.title')}</h1>
      </div>
      <ol className="import-steps">
        {STEPS.map((s) => (
          <li key={s} aria-current={s === step || (s === 'preview' && step === 'running') ? 'step' : undefined}>
            {tr(`import.wizard.steps.${s}`)}
          </li>
        ))}
      </ol>
      {error && (
        <div className="card import-error" role="alert">
          {error}
        </div>
      )}

      {step === 'file' && (
        <section className="card import-card">
          <div className="field">
            <label className="field-label" htmlFor={ids.kind}>
              {t('import.wizard.kind')}
            </label>
            <select id={ids.kind} className="input select" value={kind} onChange={(e) => setKind(e.target.value as ImportKind)}>
              {IMPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`import.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={ids.file}>
              {t('import.wizard.file')}
            </label>
            <input
              id={ids.file}
              type="file"
              className="input"
              accept=".xlsx,.csv,.txt,.tsv,.vcf,.vcard"
              disabled={uploading !== null || busy}
              onChange={(e) => void chooseFile(e.target.files?.[0])}
            />
          </div>
          {uploading !== null && <p role="status">{t('import.wizard.uploading', { percent: Math.round(uploading * 100) })}</p>}
        </section>
      )}
      {step === 'file' && <EarlierImports />}

      {step === 'mapping' && preview && (
        <section className="card import-card" aria-label={t('import.wizard.steps.mapping')}>
          <p className="import-file">
            {preview.fileName}
            {preview.format !== 'vcard' && <> · {t('import.wizard.headerRow', { row: preview.headerRow })}</>}
          </p>
          <div className="import-options">
            {preview.sheets.length > 1 && (
              <div className="field">
                <label className="field-label" htmlFor={ids.sheet}>
                  {t('import.wizard.sheet')}
                </label>
                <select
                  id={ids.sheet}
                  className="input select"
                  value={sheet ?? preview.sheet ?? ''}
                  onChange={(e) => {
                    setSheet(e.target.value);
                    void loadPreview({ sheet: e.target.value, mapping: undefined }, 'mapping');
                  }}
                >
                  {preview.sheets.map((name) => (
                    <option key={name}>{name}</option>
                  ))}
                </select>
              </div>
            )}
            <div className="field">
              <label className="field-label" htmlFor={ids.preset}>
                {t('import.wizard.preset')}
              </label>
              <select
                id={ids.preset}
                className="input select"
                defaultValue=""
                onChange={(e) => e.target.value && void loadPreview({ preset: e.target.value }, 'mapping')}
              >
                <option value="">{t('import.wizard.presetNone')}</option>
                {presets.list.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
            {KEY_FIELDS[kind].length > 0 && (
              <div className="field">
                <label className="field-label" htmlFor={ids.key}>
                  {t('import.wizard.keyField')}
                </label>
                <select id={ids.key} className="input select" value={keyField} onChange={(e) => setKeyField(e.target.value)}>
                  <option value="">{t('import.wizard.keyDefault')}</option>
                  {KEY_FIELDS[kind]
                    .filter((f) => mapping.includes(f))
                    .map((f) => (
                      <option key={f} value={f}>
                        {tr(`import.fields.${f}`)}
                      </option>
                    ))}
                </select>
              </div>
            )}
          </div>
          <div className="table-scroll">
            <table className="data-table import-mapping">
              <thead>
                <tr>
                  <th scope="col">{t('import.wizard.column')}</th>
                  <th scope="col">{t('import.wizard.field')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.headers.map((header, i) => (
                  <tr key={i}>
                    <th scope="row">{header || `#${i + 1}`}</th>
                    <td>
                      <select
                        className="input select"
                        aria-label={t('import.wizard.field') + ': ' + (header || `#${i + 1}`)}
                        value={mapping[i] ?? ''}
                        onChange={(e) => setMapping((m) => m.map((f, j) => (j === i ? e.target.value || null : f)))}
                      >
                        <option value="">{t('import.wizard.skip')}</option>
                        {fieldsOf(kind).map((f) => (
                          <option key={f.field} value={f.field}>
                            {tr(`import.fields.${f.field}`)}
                            {preview.suggested[i] === f.field ? ` (${t('import.wizard.suggested')})` : ''}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="field-row import-preset-save">
            <label className="field-label" htmlFor={ids.name}>
              {t('import.wizard.presetName')}
            </label>
            <input id={ids.name} className="input" value={presetName} onChange={(e) => setPresetName(e.target.value)} />
            <button type="button" className="button" disabled={!presetName.trim()} onClick={() => void savePreset()}>
              {t('import.wizard.presetSave')}
            </button>
          </div>
          <div className="import-actions">
            <button type="button" className="button" onClick={restart}>
              {t('import.wizard.back')}
            </button>
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void loadPreview({ mapping }, 'preview')}>
              {t('import.wizard.next')}
            </button>
          </div>
        </section>
      )}

      {(step === 'preview' || step === 'running') && preview && (
        <section className="card import-card" aria-label={t('import.wizard.steps.preview')}>
          <p className="import-summary">
            {t('import.wizard.rows', {
              rows: format.number(preview.rows),
              creates: format.number(preview.creates),
              updates: format.number(preview.updates),
              failing: format.number(preview.failing),
            })}
          </p>
          {preview.newAccounts.length > 0 && <p>{t('import.wizard.newAccounts', { names: preview.newAccounts.join('、') })}</p>}
          <Problems problems={preview.problems} />
          <h2 className="import-subtitle">{t('import.wizard.sample')}</h2>
          <Sample preview={preview} kind={kind} />
          {step === 'running' ? (
            <Progress />
          ) : (
            <div className="import-actions">
              <button type="button" className="button" onClick={() => setStep('mapping')}>
                {t('import.wizard.back')}
              </button>
              <button
                type="button"
                className="button button-primary"
                disabled={busy || preview.rows - preview.failing === 0 || preview.problems.some((p) => p.row === 0)}
                onClick={() => void run()}
              >
                {t('import.wizard.run', { count: preview.rows - preview.failing })}
              </button>
            </div>
          )}
        </section>
      )}

      {step === 'result' && result && (
        <section className="card import-card" aria-label={t('import.wizard.steps.result')}>
          <p className="import-summary" role="status">
            {t('import.wizard.result', {
              created: format.number(result.created),
              updated: format.number(result.updated),
              unchanged: format.number(result.unchanged),
              failed: format.number(result.failed),
              accounts: format.number(result.accountsCreated),
              rate: format.number(result.rowsPerSecond),
            })}
          </p>
          <Problems problems={result.problems} />
          {undone && (
            <p className="import-summary" role="status">
              {t(undone.exact ? 'import.wizard.undone' : 'import.wizard.undoneSynced', {
                removed: undone.removed,
                restored: undone.restored,
                kept: undone.kept,
              })}
            </p>
          )}
          <div className="import-actions">
            {result.problems.length > 0 && (
              <button type="button" className="button" onClick={() => download(`${result.fileName}.problems.csv`, problemsCsv(result.problems, tr))}>
                {t('import.wizard.saveErrors')}
              </button>
            )}
            {!undone && (
              <button type="button" className="button button-danger" disabled={busy} onClick={() => void undo()}>
                {t('import.wizard.undo')}
              </button>
            )}
            <button type="button" className="button" onClick={restart}>
              {t('import.wizard.again')}
            </button>
            <Link className="button button-link" to="/">
              {t('portfolio.title')}
            </Link>
          </div>
        </section>
      )}
    </main>
  );
}

/** The batches imported on this device, each with Undo while it stands. */
function EarlierImports() {
  const { t } = useTranslation();
  const tr = useTranslate();
  const api = useApi();
  const format = useFormat();
  const failed = useErrorToast();
  const toast = useToast();
  const batches = useQuery({ queryKey: ['import', 'batches'], queryFn: () => api['import.batches']({}) });
  const [busy, setBusy] = useState<string | null>(null);
  if (!batches.data || batches.data.length === 0) return null;
  const undo = async (id: string) => {
    setBusy(id);
    try {
      const undone = await api['import.undo']({ batchId: id });
      toast(
        t(undone.exact ? 'import.wizard.undone' : 'import.wizard.undoneSynced', { removed: undone.removed, restored: undone.restored, kept: undone.kept }),
        {
          subject: 'import',
        },
      );
      await batches.refetch();
    } catch (e) {
      failed(e, 'import');
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card import-card" aria-label={t('import.wizard.batches')}>
      <h2 className="import-subtitle">{t('import.wizard.batches')}</h2>
      <table className="data-table">
        <tbody>
          {batches.data.map((b) => (
            <tr key={b.id} data-state={b.state}>
              <td>{format.dateTime(b.at)}</td>
              <td>{b.fileName}</td>
              <td>{tr(`import.kinds.${b.kind}`)}</td>
              <td>{t('import.wizard.batchCounts', { created: b.created, updated: b.updated })}</td>
              <td className="cell-actions">
                {b.state === 'undone' ? (
                  t('import.wizard.batchUndone')
                ) : (
                  <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void undo(b.id)}>
                    {t('import.wizard.undo')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** This device's saved mappings for the kind. */
function usePresets(kind: ImportKind) {
  const api = useApi();
  const query = useQuery({ queryKey: ['import', 'presets'], queryFn: () => api['import.presets']({}) });
  return { list: (query.data ?? []).filter((p) => p.kind === kind), reload: () => query.refetch() };
}

function Problems({ problems }: { problems: readonly RowProblem[] }) {
  const { t } = useTranslation();
  const shown = useMemo(() => problems.slice(0, SHOWN_PROBLEMS), [problems]);
  return (
    <>
      <h2 className="import-subtitle">{t('import.wizard.problems')}</h2>
      {problems.length === 0 ? (
        <p className="section-empty">{t('import.wizard.noProblems')}</p>
      ) : (
        <div className="table-scroll import-problems">
          <table className="data-table" aria-label={t('import.wizard.problems')}>
            <thead>
              <tr>
                <th scope="col">{t('import.report.row')}</th>
                <th scope="col">{t('import.report.column')}</th>
                <th scope="col">{t('import.report.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p, i) => (
                <tr key={i}>
                  <td>{p.row === 0 ? '' : p.row}</td>
                  <td>{p.column ?? ''}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Sample({ preview, kind }: { preview: ImportPreview; kind: ImportKind }) {
  const { t } = useTranslation();
  const tr = useTranslate();
  const fields = fieldsOf(kind)
    .map((f) => f.field)
    .filter((f) => preview.mapping.includes(f));
  return (
    <div className="table-scroll">
      <table className="data-table import-sample" aria-label={t('import.wizard.sample')}>
        <thead>
          <tr>
            <th scope="col">{t('import.report.row')}</th>
            <th scope="col">{t('import.wizard.field')}</th>
            {fields.map((f) => (
              <th key={f} scope="col">
                {tr(`import.fields.${f}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.sample.map((row) => (
            <tr key={row.row} data-action={row.action}>
              <td>{row.row}</td>
              <td>{t(`import.wizard.action.${row.action}`)}</td>
              {fields.map((f) => (
                <td key={f}>{row.values[f] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The import job's progress (from the job events) with rows per second and Stop. */
function Progress() {
  const { t } = useTranslation();
  const format = useFormat();
  const jobs = useJobs();
  const cancel = useCancelJob();
  const [started] = useState(() => Date.now());
  const now = useNow(500);
  const job = (jobs.data ?? []).find((j) => j.kind === 'import');
  const done = job?.done ?? 0;
  const rate = Math.round(done / Math.max(0.5, (now - started) / 1000));
  return (
    <div className="import-progress" role="status">
      <progress max={job?.total || undefined} value={job?.total ? done : undefined} aria-label={t('import.job')} />
      <span>{t('import.wizard.running', { done: format.number(done), total: format.number(job?.total ?? 0), rate: format.number(rate) })}</span>
      <button type="button" className="button" disabled={!job} onClick={() => job && cancel.mutate(job.id)}>
        {t('import.wizard.cancel')}
      </button>
    </div>
  );
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
