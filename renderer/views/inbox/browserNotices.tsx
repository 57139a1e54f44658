/**
 * Browser mode's notifications: the app's `notice` events shown with the browser's Notification
 * API once the user allowed it (the desktop app shows them from its main process instead, so the
 * page never does there). The button asks for permission, which browsers grant only on a click.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { noticeText } from '../../../shared/notices';
import { useAppEvents } from '../../api/context';
import { useTranslate } from '../../i18n';

const inBrowserMode = () => document.querySelector<HTMLMetaElement>('meta[name="rapport-host"]')?.content === 'browser';
const canNotify = () => typeof window !== 'undefined' && 'Notification' in window;

/** Shows each notice as a browser notification when allowed; mounted once by the app's shell. */
export function useBrowserNotices(): void {
  const t = useTranslate();
  useAppEvents((event) => {
    if (event.type !== 'notice' || !inBrowserMode() || !canNotify() || Notification.permission !== 'granted') return;
    const { title, body } = noticeText(event.notice, t);
    new Notification(title, { body, tag: event.notice.kind === 'summary' ? 'rapport-summary' : `rapport-${event.notice.id}` });
  });
}

/** "Notify me in this browser": only in browser mode, only while the browser has not been asked. */
export function EnableBrowserNotices() {
  const { t } = useTranslation();
  const [permission, setPermission] = useState(() => (canNotify() ? Notification.permission : 'denied'));
  if (!inBrowserMode() || !canNotify()) return null;
  if (permission === 'granted') return <p className="muted">{t('notices.enabled')}</p>;
  if (permission === 'denied') return <p className="muted">{t('notices.denied')}</p>;
  return (
    <button type="button" className="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
      {t('notices.enable')}
    </button>
  );
}
