import { z } from 'zod';

/**
 * The encrypted share's workspace (issue 12; docs/security.md): who holds its keys, and the calls
 * that create it, invite a device, join and remove a member. Codes are shown once and never stored.
 */

/** The share folder the call is about; the configured one when left out. */
const ShareDirInput = z.object({ shareDir: z.string().min(1).optional() }).strict();

export const WorkspaceDevice = z.object({ device: z.string(), me: z.boolean(), removed: z.boolean() });
export type WorkspaceDevice = z.infer<typeof WorkspaceDevice>;

export const WorkspaceStatus = z.object({
  shareDir: z.string().nullable(),
  /** The share is encrypted (format 2): only enrolled devices read or write it. */
  shareEncrypted: z.boolean(),
  /** No other device has written to the share (this one's first round may have): the app creates the workspace when such a folder is chosen. */
  shareNew: z.boolean(),
  /** This device holds the workspace's keys. */
  enrolled: z.boolean(),
  workspace: z.string().nullable(),
  /** The key epoch new files are sealed with. */
  epoch: z.string().nullable(),
  /** Member devices whose keys this device can read on the share. */
  devices: z.array(WorkspaceDevice),
});
export type WorkspaceStatus = z.infer<typeof WorkspaceStatus>;

export const WorkspaceStatusInput = ShareDirInput;
export const WorkspaceCreateInput = ShareDirInput;
export const WorkspaceCreated = z.object({
  /** Shown once: it can enrol a device when no member is left to invite it. Kept nowhere by Rapport. */
  recoveryKey: z.string(),
  status: WorkspaceStatus,
});
export const WorkspaceInviteInput = ShareDirInput;
export const WorkspaceInvite = z.object({ code: z.string(), expires: z.string() });
/** Joins with a one-time invitation code, or with the recovery key. */
export const WorkspaceJoinInput = z
  .object({
    shareDir: z.string().min(1).optional(),
    code: z.string().trim().min(1).max(200).optional(),
    recoveryKey: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((v) => (v.code === undefined) !== (v.recoveryKey === undefined), { message: 'give an invitation code or the recovery key', path: ['code'] });
export const WorkspaceRemoveInput = z.object({ shareDir: z.string().min(1).optional(), device: z.string().regex(/^[0-9a-z-]{4,64}$/i) }).strict();
