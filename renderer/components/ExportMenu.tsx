/**
 * "Export ▾" by a list: the formats it offers (CSV, Excel, contact cards, calendar). The core
 * writes the file (exports.* calls, as a job with progress in the status bar); the window hands
 * it to the browser's download, which in the desktop app asks where to save it.
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFile } from '../../shared/exports';
import { saveFile } from './saveFile';
import { useErrorToast, useToast } from './Toasts';

export type ExportKind = 'csv' | 'xlsx' | 'vcard' | 'calendar';
export interface ExportChoice {
  kind: ExportKind;
  run: () => Promise<ExportFile>;
}

const SAVED: Record<ExportKind, 'exports.saved' | 'exports.savedCards' | 'exports.savedEvents'> = {
  csv: 'exports.saved',
  xlsx: 'exports.saved',
  vcard: 'exports.savedCards',
  calendar: 'exports.savedEvents',
};

/** Hands a file the core wrote to the browser as a download. */
export function download(file: ExportFile): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  saveFile(new Blob([bytes], { type: file.mediaType }), file.fileName);
}

export function ExportMenu({ what, choices }: { what: string; choices: readonly ExportChoice[] }) {
  const { t } = useTranslation();
  const toast = useToast();
  const errorToast = useErrorToast();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);

  const choose = async (choice: ExportChoice) => {
    setOpen(false);
    setBusy(true);
    try {
      const file = await choice.run();
      download(file);
      toast(t(SAVED[choice.kind], { file: file.fileName, count: file.count }));
    } catch (error) {
      errorToast(error);
    } finally {
      setBusy(false);
      button.current?.focus();
    }
  };

  return (
    <div
      className="menu-anchor"
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="button button-small"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={t('exports.menuLabel', { what })}
        disabled={busy}
        onClick={() => setOpen(!open)}
      >
        {busy ? t('exports.working') : `${t('exports.menu')} ▾`}
      </button>
      {open && (
        <div id={menuId} role="menu" className="menu" aria-label={t('exports.menuLabel', { what })}>
          {choices.map((choice, i) => (
            <button key={choice.kind} type="button" role="menuitem" className="menu-item" autoFocus={i === 0} onClick={() => void choose(choice)}>
              {t(`exports.${choice.kind}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
