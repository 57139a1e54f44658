/**
 * Short confirmations at the bottom of the window ("moved to the bin", with Undo). They live in
 * one polite live region that is always in the DOM, so screen readers announce each new one.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTranslate } from '../i18n';
import { callErrorText } from '../views/formErrors';

export interface ToastAction {
  label: string;
  run: () => void;
}

interface ToastOptions {
  action?: ToastAction;
  /** `error` for a change that did not go through. */
  tone?: 'info' | 'error';
  /** What the toast is about (e.g. one account): a newer toast on it replaces the older, whose Undo is stale. */
  subject?: string;
}

interface Toast extends ToastOptions {
  id: number;
  message: string;
}

type ShowToast = (message: string, options?: ToastOptions) => void;

const ToastContext = createContext<ShowToast | null>(null);

/** Long enough to reach Undo after reading the message; a toast with an action stays longer. */
const PLAIN_MS = 5_000;
const WITH_ACTION_MS = 10_000;
const MAX_VISIBLE = 3;

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const show = useCallback<ShowToast>((message, options = {}) => {
    const id = nextId.current++;
    setToasts((current) =>
      [...current.filter((toast) => options.subject === undefined || toast.subject !== options.subject), { id, message, ...options }].slice(-MAX_VISIBLE),
    );
  }, []);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <section className="toasts" role="status" aria-live="polite" aria-label={t('app.notifications')}>
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} dismissLabel={t('app.dismiss')} />
        ))}
      </section>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss, dismissLabel }: { toast: Toast; onDismiss: (id: number) => void; dismissLabel: string }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = window.setTimeout(() => onDismiss(toast.id), toast.action ? WITH_ACTION_MS : PLAIN_MS);
    return () => window.clearTimeout(timer);
  }, [paused, toast, onDismiss]);

  return (
    <div
      className="toast"
      data-tone={toast.tone ?? 'info'}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <span className="toast-message">{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="button button-link"
          onClick={() => {
            toast.action?.run();
            onDismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="button button-icon" aria-label={dismissLabel} title={dismissLabel} onClick={() => onDismiss(toast.id)}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast() needs a <ToastProvider> above it');
  return show;
}

/** Shows a call that failed as an error toast: the service's words, or the internal-error line. */
export function useErrorToast(): (error: unknown, subject?: string) => void {
  const toast = useToast();
  const translate = useTranslate();
  return useCallback((error, subject) => toast(callErrorText(error, translate), { tone: 'error', subject }), [toast, translate]);
}
