/**
 * "Save as PDF" on a printable page (the account plan, a handover pack, a person's export): the
 * desktop app prints this very page to a PDF with Chromium (`print.pdf`, answered by its main
 * process) and offers it as a download; a browser prints it, where Save as PDF is the browser's own.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { todayIso } from '../format';
import { download } from './ExportMenu';
import { useErrorToast } from './Toasts';

export function SavePdfButton({ title, className = 'button button-primary' }: { title: string; className?: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorToast = useErrorToast();
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => api['app.info']({}), staleTime: Infinity });
  const [saving, setSaving] = useState(false);
  const desktop = info.data?.mode === 'desktop';

  const save = async () => {
    if (!desktop) {
      window.print();
      return;
    }
    setSaving(true);
    try {
      download(await api['print.pdf']({ fileName: `${title}-${todayIso()}.pdf` }));
    } catch (error) {
      errorToast(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <button type="button" className={className} disabled={saving} onClick={() => void save()}>
      {desktop ? t('app.savePdf') : t('app.print')}
    </button>
  );
}
