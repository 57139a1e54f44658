/**
 * The merge dialog: both records side by side for every field whose values differ, the user
 * choosing which to keep (the survivor's by default, the other's where the survivor has none),
 * what will move to the survivor, and which of the two survives (swap).
 */
import { useMemo, useState } from 'react';
import './duplicates.css';
import { useTranslation } from 'react-i18next';
import type { MergeKind } from '../../../shared/dedupe/schemas';
import { Dialog } from '../../components/Dialog';
import { LoadError } from '../../components/LoadState';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useEnumLabel, type EnumKind } from '../../enums';
import { useMembers, usePeopleOf } from '../queries';
import { useApplyMerge, useMergePreview, type MergePreview } from './duplicatesQueries';

export interface MergeSide {
  id: string;
  name: string;
}

/** Fields whose value is an enumeration code, by the word list that names it. */
const ENUM_FIELDS: Record<string, EnumKind> = {
  tier: 'tier',
  stage: 'stage',
  level: 'level',
  source: 'source',
  stance: 'stance',
  status: 'personStatus',
  preferredChannel: 'channel',
  roles: 'role',
};
const MEMBER_FIELDS = new Set(['ownerId', 'ownerIds']);
const PERSON_FIELDS = new Set(['reportsToId', 'successorId']);

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Which side each differing field keeps by default: the survivor's, unless it has none and the other has one. */
export function defaultChoices(fields: MergePreview['fields']): Record<string, 'into' | 'from'> {
  return Object.fromEntries(fields.map((f) => [f.field, isEmpty(f.into) && !isEmpty(f.from) ? 'from' : 'into']));
}

export function MergeDialog({
  kind,
  a,
  b,
  onClose,
  onMerged,
}: {
  kind: MergeKind;
  a: MergeSide;
  b: MergeSide;
  onClose: () => void;
  onMerged?: (intoId: string) => void;
}) {
  const { t } = useTranslation();
  const [into, setInto] = useState<MergeSide>(a);
  const from = into.id === a.id ? b : a;
  return (
    <Dialog
      title={t('duplicates.mergeDialog.title', { from: from.name, into: into.name })}
      description={t('duplicates.mergeDialog.intro')}
      size="large"
      onClose={onClose}
    >
      {/* Keyed by the survivor: a swap starts the choices afresh. */}
      <MergeForm key={into.id} kind={kind} from={from} into={into} onSwap={() => setInto(from)} onClose={onClose} onMerged={onMerged} />
    </Dialog>
  );
}

function MergeForm({
  kind,
  from,
  into,
  onSwap,
  onClose,
  onMerged,
}: {
  kind: MergeKind;
  from: MergeSide;
  into: MergeSide;
  onSwap: () => void;
  onClose: () => void;
  onMerged?: (intoId: string) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const failed = useErrorToast();
  const preview = useMergePreview({ kind, fromId: from.id, intoId: into.id });
  const apply = useApplyMerge();
  const [choices, setChoices] = useState<Record<string, 'into' | 'from'> | null>(null);
  const fields = useMemo(() => preview.data?.fields ?? [], [preview.data]);
  const chosen = choices ?? defaultChoices(fields);
  const show = useFieldValue(kind === 'people' ? ((preview.data?.into.accountId as string | undefined) ?? null) : null);

  if (preview.isError) return <LoadError error={preview.error} retry={() => void preview.refetch()} />;
  if (!preview.data) return <p className="section-empty">{t('app.loading')}</p>;

  const merge = async () => {
    try {
      const take = fields.filter((f) => chosen[f.field] === 'from').map((f) => f.field);
      const result = await apply.mutateAsync({ kind, fromId: from.id, intoId: into.id, take });
      toast(t('duplicates.mergeDialog.done', { name: into.name, moved: result.moved }));
      onMerged?.(result.intoId);
      onClose();
    } catch (error) {
      failed(error);
    }
  };

  return (
    <div className="merge-dialog">
      <p>
        <button type="button" className="button button-small" onClick={onSwap}>
          {t('duplicates.mergeDialog.swap')}
        </button>
      </p>
      {fields.length > 0 ? (
        <table className="data-table merge-fields">
          <thead>
            <tr>
              <th scope="col">{t('duplicates.mergeDialog.field')}</th>
              <th scope="col">{t('duplicates.mergeDialog.intoSide', { name: into.name })}</th>
              <th scope="col">{t('duplicates.mergeDialog.fromSide', { name: from.name })}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f.field}>
                <th scope="row">{t(`fields.${f.field}`, { defaultValue: f.field })}</th>
                {(['into', 'from'] as const).map((side) => (
                  <td key={side}>
                    <label className="merge-choice">
                      <input
                        type="radio"
                        name={`merge-${f.field}`}
                        value={side}
                        checked={chosen[f.field] === side}
                        onChange={() => setChoices({ ...chosen, [f.field]: side })}
                        aria-label={`${t(`fields.${f.field}`, { defaultValue: f.field })}: ${show(f.field, side === 'into' ? f.into : f.from)}`}
                      />
                      <span>{show(f.field, side === 'into' ? f.into : f.from)}</span>
                    </label>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="muted">{t('duplicates.mergeDialog.same')}</p>
      {kind === 'accounts' && <p className="muted">{t('duplicates.mergeDialog.aliasNote')}</p>}
      <h3 className="merge-heading">{t('duplicates.mergeDialog.moves', { name: into.name })}</h3>
      {preview.data.moves.length === 0 ? (
        <p className="muted">{t('duplicates.mergeDialog.noMoves')}</p>
      ) : (
        <ul className="plain-list merge-moves">
          {preview.data.moves.map((m) => (
            <li key={m.table}>{t('duplicates.mergeDialog.moveCount', { table: t(`syncUi.tables.${m.table}`, { defaultValue: m.table }), count: m.count })}</li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button-primary" disabled={apply.isPending} onClick={() => void merge()}>
          {apply.isPending ? t('duplicates.mergeDialog.merging') : t('duplicates.mergeDialog.confirm')}
        </button>
      </div>
    </div>
  );
}

/** A field's value as words: codes in the reader's language, members and a person's colleagues by name, lists joined. */
function useFieldValue(accountId: string | null): (field: string, value: unknown) => string {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const members = useMembers();
  const people = usePeopleOf(accountId);
  return (field, value) => {
    if (isEmpty(value)) return t('duplicates.mergeDialog.empty');
    if (MEMBER_FIELDS.has(field)) return members.displayNames(Array.isArray(value) ? (value as string[]) : [String(value)]);
    if (PERSON_FIELDS.has(field)) return people.displayName(String(value));
    const kind = ENUM_FIELDS[field];
    if (Array.isArray(value)) return value.map((v) => (kind ? enumLabel(kind, v as string) : String(v))).join('、');
    if (typeof value === 'boolean') return value ? t('duplicates.mergeDialog.yes') : t('duplicates.mergeDialog.no');
    if (kind) return enumLabel(kind, value as string);
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
}
