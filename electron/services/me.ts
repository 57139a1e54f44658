/**
 * "Who am I": the team member who uses this device, kept in the store's local_meta (never
 * synced). "My follow-ups", "my alerts" and the owner of new records follow it.
 */
import type { z } from 'zod';
import type { MeInput, MeView } from '../../shared/domain';
import { setMe } from '../store/meta';
import { columnOfRecord, liveRecord } from '../store/records';
import { CallFailure, type ServiceContext } from './context';
import { privacyUpkeep } from './privacy';

type Me = z.output<typeof MeView>;

/** The device's member, or who the call acts as; `member` is null when that member is gone. */
export function whoAmI(ctx: ServiceContext): Me {
  const memberId = ctx.me;
  if (!memberId) return { memberId: null, member: null };
  const name = liveRecord(ctx.store.sqlite, 'members', memberId) ? columnOfRecord(ctx.store.sqlite, 'members', 'name', memberId) : undefined;
  return { memberId, member: name === undefined ? null : { id: memberId, name: String(name) } };
}

export function chooseMe(ctx: ServiceContext, input: z.output<typeof MeInput>): Me {
  if (input.memberId !== null && !liveRecord(ctx.store.sqlite, 'members', input.memberId)) {
    throw new CallFailure('validation', { member: input.memberId }, 'unknown_member');
  }
  setMe(ctx.store.sqlite, input.memberId);
  // The notes this device wrote in clear before private notes were sealed are now sealed to whoever uses it.
  privacyUpkeep({ sqlite: ctx.store.sqlite, changes: ctx.changes, t: ctx.t, me: input.memberId });
  return whoAmI({ ...ctx, me: input.memberId });
}
