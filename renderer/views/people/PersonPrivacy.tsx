/**
 * A client person's data rights on their page (issue 12): the link to their data export (a print
 * view), the erase button with its confirm dialog (the user types the person's name), and, once
 * erased, who erased them and when.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CallInput } from '../../../shared/contract';
import { useApi } from '../../api/context';
import { Dialog } from '../../components/Dialog';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useFormat } from '../../format';
import { recordKeys, useDataChange, useMembers, type PersonRecord } from '../queries';

/** The record of an erase, as the person record carries it (services/privacy.ts). */
export type Erasable = PersonRecord & { erasedAt?: string | null; erasedBy?: string | null };

export function ErasedBanner({ person }: { person: Erasable }) {
  const { t } = useTranslation();
  const format = useFormat();
  const members = useMembers();
  if (!person.erasedAt) return null;
  const who = members.list.data?.find((m) => m.id === person.erasedBy)?.name ?? t('privacy.erase.someone');
  return (
    <p className="erased-banner" role="status">
      {t('privacy.erase.banner', { who, when: format.dateTime(person.erasedAt) })}
    </p>
  );
}

export function PersonPrivacyActions({ person }: { person: Erasable }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Link className="button" to={`/people/${person.id}/export`}>
        {t('privacy.export.action')}
      </Link>
      {!person.erasedAt && (
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          {t('privacy.erase.action')}
        </button>
      )}
      {confirming && <EraseDialog person={person} onClose={() => setConfirming(false)} />}
    </>
  );
}

function EraseDialog({ person, onClose }: { person: Erasable; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const toast = useToast();
  const failed = useErrorToast();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const erase = useDataChange((input: CallInput<'people.erase'>) => api['people.erase'](input));
  const matches = typed.trim() === person.name.trim();
  const placeholder = t('privacy.erasedName', { tag: '#…' });

  return (
    <Dialog title={t('privacy.erase.title', { name: person.name })} onClose={onClose} size="small">
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!matches) return;
          erase.mutate(
            { personId: person.id },
            {
              onSuccess: (erased) => {
                // The page shows the placeholder at once; the rest follows the change's refresh.
                queryClient.setQueryData(recordKeys.get('people', person.id), erased);
                void queryClient.invalidateQueries({ queryKey: ['notes'] });
                toast(t('privacy.erase.done'), { subject: person.id });
                onClose();
              },
              onError: (error) => failed(error, person.id),
            },
          );
        }}
      >
        <p className="erase-warning">{t('privacy.erase.body', { placeholder })}</p>
        <label className="field">
          <span className="field-label">{t('privacy.erase.confirmLabel')}</span>
          <input className="input" value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" data-autofocus />
        </label>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-danger" disabled={!matches || erase.isPending}>
            {t('privacy.erase.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
