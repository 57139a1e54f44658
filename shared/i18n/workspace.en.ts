/** English strings of the encrypted share's workspace (Settings › Workspace, `rapport workspace`, their errors). */
export const workspaceEn = {
  title: 'Workspace (encrypted share)',
  intro:
    'Everything Rapport writes to the share is encrypted with the workspace’s keys: whoever runs the file server or the cloud folder sees only file names, sizes and times. Only devices that joined the workspace read it.',
  plain:
    'This share is not encrypted yet. Create the workspace to encrypt it: what is already there is encrypted by the next sync, and other devices join with an invitation code.',
  notEnrolled: 'This share is encrypted and this device has not joined it. Ask a member for an invitation code.',
  enrolled: 'This device is a member of workspace {{workspace}}.',
  noShare: 'Choose the share folder above first.',
  create: 'Create workspace',
  creating: 'Creating…',
  recoveryTitle: 'Recovery key: write it down now',
  recoveryText:
    'This is the only time it is shown. With it, a new device can join when no member is left to invite it. Keep it somewhere safe and private (a password manager or a sealed envelope).',
  recoveryDone: 'I have written it down',
  invite: 'Create an invitation code',
  inviteText: 'Give this code to the person whose device joins (by phone or in person). It works once, for 7 days (until {{expires}}).',
  joinLabel: 'Invitation code or recovery key',
  join: 'Join',
  joined: 'This device joined the workspace. The next sync reads the share.',
  devices: 'Member devices',
  device: 'Device',
  thisDevice: '(this device)',
  removed: 'removed',
  remove: 'Remove',
  removeConfirm: 'Remove device {{device}}? It keeps what it already has, but cannot read anything written from now on.',
  removedDone: 'Device {{device}} was removed; a new key is used from now on.',
  cli: {
    usage:
      'rapport --data DIR workspace create --share P          create the workspace (prints the recovery key)\n' +
      'rapport --data DIR workspace invite --share P          print a one-time invitation code\n' +
      'rapport --data DIR workspace join --share P --code C   join with an invitation code (or --recovery KEY)\n' +
      'rapport --data DIR workspace remove-device ID --share P   remove a member device (a new key)\n' +
      'rapport --data DIR workspace status --share P          this device and the member devices',
    created:
      'Workspace {{workspace}} created. The recovery key above is shown only now: keep it somewhere safe. The share is encrypted from the next sync on (a plain share is upgraded in place).',
    invited: 'Invitation code above: it works once, until {{expires}}.',
    joined: 'This device joined workspace {{workspace}}.',
    removed: 'Device {{device}} removed: new key {{epoch}}.',
    synced: 'Synced: the share now carries this change.',
    syncFailed: 'Could not sync now ({{message}}); the next sync does it.',
  },
};

/** Errors of the workspace calls, under `errors.` (electron/services/workspace.ts). */
export const workspaceErrorsEn = {
  workspace_already_enrolled: 'This device is already a member of a workspace. To join another one, use another data folder.',
  workspace_share_encrypted: 'This share is already encrypted by a workspace. Join it with an invitation code from a member instead.',
  workspace_not_enrolled: 'This device is not a member of the share’s workspace, so it cannot do this. Join first with an invitation code.',
  workspace_invite_not_found:
    'No invitation with this code is on the share: it was used already, or has not reached this computer yet. Wait for the folder to sync, or ask for a new code.',
  workspace_invite_wrong_code: 'The invitation on the share does not open with this code. Check the code, or ask for a new one.',
  workspace_invite_expired: 'This invitation has expired. Ask a member for a new code.',
  workspace_bad_code: 'This is not a complete Rapport code. Check that every group of letters and digits was copied.',
  workspace_recovery_wrong: 'This recovery key opens no key of this share’s workspace. Check the key and the share folder.',
  workspace_unknown_device: 'No member device with this id is on the share. Run `rapport workspace status` to list them.',
  workspace_remove_self: 'A device cannot remove itself. Remove it from another member’s device.',
  workspace_share_unwritable: 'The share folder cannot be written. Check that it is mounted and that you may write to it.',
};
