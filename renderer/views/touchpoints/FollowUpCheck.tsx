import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useFormat } from '../../format';
import { useRecordChanges, type FollowUpRecord } from '../queries';

/** A follow-up task as a checkbox: ticking it marks the task done (and unticking reopens it). */
export function FollowUpCheck({ followUp, ownerName, overdue }: { followUp: FollowUpRecord; ownerName?: string; overdue?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const toast = useToast();
  const failed = useErrorToast();
  const { update } = useRecordChanges('followups');
  // The box follows the click at once and keeps showing the change until the record it is given
  // has it (the answer and the list's refetch arrive apart), or until the change failed.
  const [wanted, setWanted] = useState<boolean | null>(null);
  // Once the record has the change, the record leads again (a later change from another laptop shows).
  if (wanted !== null && followUp.done === wanted) setWanted(null);
  const checked = wanted ?? followUp.done;
  const toggle = async (done: boolean): Promise<void> => {
    setWanted(done);
    try {
      await update.mutateAsync({ id: followUp.id, done });
      // Done tasks leave the due list, so the confirmation offers the way back.
      toast(done ? t('followups.markedDone', { task: followUp.task }) : t('followups.reopened', { task: followUp.task }), {
        subject: followUp.id,
        action: done ? { label: t('common.undo'), run: () => void toggle(false) } : undefined,
      });
    } catch (error) {
      setWanted(null);
      failed(error, followUp.id);
    }
  };
  return (
    <label className="followup" data-done={checked || undefined} data-overdue={overdue || undefined}>
      <input type="checkbox" checked={checked} disabled={update.isPending} onChange={(event) => void toggle(event.target.checked)} />
      <span className="followup-task">{followUp.task}</span>
      {(followUp.dueDate || ownerName) && (
        <span className="followup-meta">
          {followUp.dueDate && <time dateTime={followUp.dueDate}>{t('followups.due', { date: format.date(followUp.dueDate) })}</time>}
          {ownerName && <span> · {ownerName}</span>}
        </span>
      )}
    </label>
  );
}
