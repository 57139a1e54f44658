import { z } from 'zod';

export const Id = z.string().trim().min(1).max(64);
/** ISO-8601 instant in UTC, e.g. `2026-11-24T03:45:00.000Z`. */
export const Instant = z.string();

export const ACCOUNT_NAME_MAX = 200;

export const AccountName = z.string().trim().min(1).max(ACCOUNT_NAME_MAX);

export const Account = z.object({
  id: Id,
  name: z.string(),
  createdAt: Instant,
  updatedAt: Instant,
  /** Set when the account is in the bin; restoring clears it. */
  deletedAt: Instant.nullable(),
});
export type Account = z.infer<typeof Account>;

export const AccountListInput = z
  .object({
    /** `active` (default) hides deleted accounts; `deleted` shows only the bin; `all` shows both. */
    state: z.enum(['active', 'deleted', 'all']).default('active'),
  })
  .strict();

export const AccountCreateInput = z.object({ name: AccountName }).strict();
export type AccountCreateInput = z.input<typeof AccountCreateInput>;

export const AccountRenameInput = z.object({ id: Id, name: AccountName }).strict();
export type AccountRenameInput = z.input<typeof AccountRenameInput>;

export const ById = z.object({ id: Id }).strict();
