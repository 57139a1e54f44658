/**
 * The quick log's form: a touchpoint (shared Touchpoint fields) and, optionally, one follow-up
 * task (shared FollowUp fields). Three things are required — account, type, summary — so a rep
 * can log a meeting in the lift; everything else can wait.
 */
import { z } from 'zod';
import { FollowUp, Touchpoint } from '../../../shared/domain';
import { fromList, fromLocalDateTime, fromNumber, fromText, listText, textOf } from '../../forms/schema';
import { toLocalInput } from '../../format';
import type { TouchpointRecord } from '../queries';

const T = Touchpoint.fields;
const F = FollowUp.fields;

export const TouchpointForm = z
  .object({
    accountId: fromText(T.accountId),
    kind: fromText(T.kind),
    summary: fromText(T.summary),
    at: fromLocalDateTime(T.at),
    theirParticipants: T.theirParticipants,
    ourParticipants: T.ourParticipants,
    departments: fromList(T.departments),
    channel: fromText(T.channel),
    sentiment: fromNumber(T.sentiment),
    needs: fromText(T.needs),
    followUpTask: fromText(F.task.nullable()),
    followUpDue: fromText(F.dueDate),
    followUpOwnerId: fromText(F.ownerId),
  })
  .superRefine((values, ctx) => {
    // A due date or an owner without a task would be a follow-up nobody can read.
    if (!values.followUpTask && (values.followUpDue || values.followUpOwnerId)) {
      ctx.addIssue({ code: 'custom', path: ['followUpTask'], params: { key: 'quickLog.followUpNeedsTask' } });
    }
  });

export type TouchpointFormInput = z.input<typeof TouchpointForm>;
export type TouchpointFormOutput = z.output<typeof TouchpointForm>;

export function touchpointDefaults(preset: { accountId?: string; personIds?: string[] } = {}, now = new Date()): TouchpointFormInput {
  return {
    accountId: preset.accountId ?? '',
    kind: '',
    summary: '',
    at: toLocalInput(now),
    theirParticipants: preset.personIds ?? [],
    ourParticipants: [],
    departments: '',
    channel: '',
    sentiment: '',
    needs: '',
    followUpTask: '',
    followUpDue: '',
    followUpOwnerId: '',
  };
}

/** A logged touchpoint as the form shows it, to edit it (the follow-up part starts blank: it adds one). */
export function touchpointFormValues(touchpoint: TouchpointRecord): TouchpointFormInput {
  return {
    ...touchpointDefaults(),
    accountId: touchpoint.accountId,
    kind: touchpoint.kind,
    summary: touchpoint.summary,
    at: toLocalInput(touchpoint.at),
    theirParticipants: touchpoint.theirParticipants,
    ourParticipants: touchpoint.ourParticipants,
    departments: listText(touchpoint.departments),
    channel: textOf(touchpoint.channel),
    sentiment: textOf(touchpoint.sentiment),
    needs: textOf(touchpoint.needs),
  };
}

/** The calls a saved quick log makes: the touchpoint, then its follow-up when one was given. */
export function touchpointInputs(values: TouchpointFormOutput) {
  const { followUpTask, followUpDue, followUpOwnerId, ...touchpoint } = values;
  return {
    touchpoint,
    followUp: followUpTask ? { task: followUpTask, dueDate: followUpDue ?? null, ownerId: followUpOwnerId ?? null } : null,
  };
}
