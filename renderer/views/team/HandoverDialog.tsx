/**
 * Removing a team member asks first: this dialog hands their accounts, covered people, open
 * follow-ups and alerts over to one or several members (accounts shared out in turn, any row
 * changed by hand), shows what moves before anything does, and applies it all in one call.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HANDOVER_GROUPS } from '../../../shared/handover';
import { Dialog } from '../../components/Dialog';
import { LoadError } from '../../components/LoadState';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useMembers, useMoveToBin, type Member } from '../queries';
import { useApplyHandover, useHandoverPreview } from './handoverQueries';
import './handover.css';

export function HandoverDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const failed = useErrorToast();
  const members = useMembers();
  const others = useMemo(() => members.active.filter((m) => m.id !== member.id), [members.active, member.id]);
  const [to, setTo] = useState<string[] | null>(null);
  const takers = to ?? (others[0] ? [others[0].id] : []);
  const [assign, setAssign] = useState<Record<string, string>>({});
  // Rows changed by hand that still name a chosen member; the others follow the turn again.
  const input = takers.length > 0 ? { memberId: member.id, to: takers, assign } : null;
  const preview = useHandoverPreview(input);
  const apply = useApplyHandover();
  const moveToBin = useMoveToBin();
  const nothing = preview.data && preview.data.items.length === 0;

  const confirm = async () => {
    if (!input) {
      // No one else to take over, and nothing is previewed: a plain removal (to the bin, with Undo).
      if (await moveToBin('members', member, member.name)) onClose();
      return;
    }
    try {
      const result = await apply.mutateAsync({ ...input, remove: true });
      toast(t('handover.dialog.done', { name: member.name, moved: result.moved }));
      onClose();
    } catch (error) {
      failed(error);
    }
  };

  return (
    <Dialog
      title={t('handover.dialog.title', { name: member.name })}
      description={t('handover.dialog.intro', { name: member.name })}
      size="large"
      onClose={onClose}
    >
      {others.length === 0 ? (
        <p role="alert">{t('handover.dialog.noOthers')}</p>
      ) : (
        <fieldset className="checkbox-group">
          <legend className="field-label">{t('handover.dialog.to')}</legend>
          <p className="field-hint">{t('handover.dialog.toHint')}</p>
          <div className="checkbox-list">
            {others.map((m) => (
              <label key={m.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={takers.includes(m.id)}
                  onChange={(event) => {
                    setTo(event.target.checked ? [...takers, m.id] : takers.filter((id) => id !== m.id));
                    setAssign({});
                  }}
                />
                <span>{m.name}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {others.length > 0 && takers.length === 0 && <p className="field-error">{t('handover.dialog.pickSomeone')}</p>}
      {preview.isError && <LoadError error={preview.error} retry={() => void preview.refetch()} />}
      {input && !preview.data && !preview.isError && <p className="section-empty">{t('app.loading')}</p>}
      {nothing && <p>{t('handover.dialog.nothing', { name: member.name })}</p>}
      {preview.data && preview.data.items.length > 0 && (
        <>
          <h3 className="handover-heading">{t('handover.dialog.preview')}</h3>
          <table className="data-table handover-preview">
            <thead>
              <tr>
                <th scope="col">{t('handover.dialog.account')}</th>
                {HANDOVER_GROUPS.map((g) => (
                  <th key={g} scope="col" className="numeric">
                    {t(`handover.dialog.counts.${g}`)}
                  </th>
                ))}
                <th scope="col">{t('handover.dialog.takes')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.data.items.map((item) => (
                <tr key={item.accountId}>
                  <th scope="row">{item.accountName}</th>
                  {HANDOVER_GROUPS.map((g) => (
                    <td key={g} className="numeric">
                      {item.counts[g]}
                    </td>
                  ))}
                  <td>
                    <select
                      className="input"
                      aria-label={`${t('handover.dialog.takes')}: ${item.accountName}`}
                      value={item.to}
                      onChange={(event) => setAssign({ ...assign, [item.accountId]: event.target.value })}
                    >
                      {others.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.name}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('handover.dialog.totals', preview.data.totals)}</p>
        </>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={apply.isPending || (others.length > 0 && (takers.length === 0 || !preview.data))}
          onClick={() => void confirm()}
        >
          {apply.isPending ? t('handover.dialog.working') : t('handover.dialog.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
