/**
 * The private notes key in Settings, under "This laptop is used by" (issue 12): which keys this
 * laptop holds for the member who uses it, a transfer code to create for their other laptop, and
 * a field to enter one made there.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { Section } from '../../components/Section';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useFormat } from '../../format';
import { useRefreshData } from '../queries';
import { useMe } from './meQueries';

const KEY = ['privacy.key'] as const;

export function PersonalKeySection() {
  const { t } = useTranslation();
  const api = useApi();
  const me = useMe();
  const format = useFormat();
  const toast = useToast();
  const failed = useErrorToast();
  const queryClient = useQueryClient();
  const refreshed = useRefreshData();
  const memberId = me.data?.memberId ?? null;
  const status = useQuery({ queryKey: [...KEY, memberId], queryFn: () => api['privacy.key']({}), enabled: memberId !== null });
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const exportKey = useMutation({
    mutationFn: () => api['privacy.keyExport']({}),
    onSuccess: (made) => {
      setCode(made);
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
    onError: (error) => failed(error, 'privacy-key'),
  });
  const importKey = useMutation({
    mutationFn: (text: string) => api['privacy.keyImport']({ code: text }),
    onSuccess: () => {
      setTyped('');
      toast(t('privacy.key.imported'), { subject: 'privacy-key' });
      void queryClient.invalidateQueries({ queryKey: KEY });
      refreshed();
    },
    onError: (error) => failed(error, 'privacy-key'),
  });

  return (
    <Section title={t('privacy.key.title')} className="personal-key-section">
      <p className="settings-intro">{t('privacy.key.intro')}</p>
      {memberId === null ? (
        <p className="section-empty">{t('privacy.key.needMe')}</p>
      ) : (
        <>
          <p>{status.data && status.data.keyIds.length > 0 ? t('privacy.key.held', { ids: status.data.keyIds.join(', ') }) : t('privacy.key.none')}</p>
          <div className="field-row">
            <button type="button" className="button" disabled={exportKey.isPending} onClick={() => exportKey.mutate()}>
              {t('privacy.key.export')}
            </button>
          </div>
          {code && (
            <div className="transfer-code">
              <label className="field">
                <span className="field-label">{t('privacy.key.code')}</span>
                <textarea className="input" readOnly rows={3} value={code.code} onFocus={(event) => event.target.select()} />
              </label>
              <p className="sync-help">{t('privacy.key.exportHint', { time: format.dateTime(code.expiresAt) })}</p>
            </div>
          )}
          <form
            className="field-row"
            onSubmit={(event) => {
              event.preventDefault();
              if (typed.trim()) importKey.mutate(typed);
            }}
          >
            <label className="field-label" htmlFor={inputId}>
              {t('privacy.key.importLabel')}
            </label>
            <input id={inputId} className="input" value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" spellCheck={false} />
            <button type="submit" className="button button-primary" disabled={importKey.isPending || !typed.trim()}>
              {t('privacy.key.import')}
            </button>
          </form>
        </>
      )}
    </Section>
  );
}
