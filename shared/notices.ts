/** A notice's title and body in the user's language: the same words in the desktop app and the browser. */
import type { Notice } from './events';
import type { Translate } from './i18n';
import { wordReason } from './health/words';

export function noticeText(notice: Notice, t: Translate): { title: string; body: string } {
  switch (notice.kind) {
    case 'alert':
      return { title: t(`notices.alert.${notice.colour}`, { account: notice.accountName }), body: wordReason(notice.reason, t) };
    case 'followup':
      return { title: t('notices.followup', { account: notice.accountName }), body: t('notices.followupBody', { task: notice.task, date: notice.dueDate }) };
    case 'summary':
      return { title: t('notices.summary', { count: notice.count }), body: t('notices.summaryBody') };
  }
}
