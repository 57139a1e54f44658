/** English strings of the `backup` namespace: backups of this device's store (Settings, the CLI) and their errors. */
export const backupEn = {
  title: 'Backups of this laptop’s data',
  intro:
    'Rapport keeps a verified copy of this laptop’s data every day it runs (7 daily and 4 weekly are kept) and before every update of its data format. Copies stay on this laptop, in the data folder.',
  create: 'Back up now',
  creating: 'Backing up… {{done}} of {{total}} pages',
  created: 'Backed up: {{when}}.',
  none: 'No backups yet.',
  columns: { when: 'Taken', reason: 'Why', size: 'Size', action: '' },
  reason: { daily: 'Daily', manual: 'On demand', 'pre-migration': 'Before an update', 'pre-restore': 'Before a restore' },
  restore: 'Restore…',
  confirmTitle: 'Restore the backup of {{when}}?',
  confirmText:
    'This laptop’s data goes back to how it was then. A copy of the data as it is now is kept first (“Before a restore”). Everything this laptop and your team shared through the share folder since comes back at the next sync; changes not yet shared are published first.',
  confirm: 'Restore',
  cancel: 'Cancel',
  restored: 'Restored the backup of {{when}}. Syncing brings back everything shared since.',
  // The CLI (`rapport backup …`).
  cli: {
    usage: 'Usage: rapport [--data DIR] backup list | create | restore ID [--force]',
    listLine: '{{id}}  {{reason}}  {{size}}',
    listEmpty: 'No backups yet. `rapport backup create` takes one.',
    created: 'Backed up and verified: {{id}} ({{size}}).',
    restored: 'Restored {{id}}; the data as it was is kept as {{before}}. Run `rapport sync` to bring back what the share holds.',
    newDevice: 'This device now writes to the share as {{deviceId}} (it had published after this backup as {{left}}).',
    noStore: 'There is no store in {{dir}} to back up or restore. Check --data.',
  },
  errors: {
    badId: '“{{id}}” is not a backup id. Run `rapport backup list` to see the backups.',
    notFound: 'There is no backup “{{id}}” in this data folder. Run `rapport backup list` or reload the list.',
    damaged: 'The backup “{{id}}” is damaged ({{detail}}) and was not restored; nothing was changed. Choose another backup.',
    unsynced:
      '{{count}} changes made on this laptop have not reached the share folder yet, so restoring would lose them for your team. Sync first (the share folder must be reachable), or restore anyway with --force: they are kept in the “Before a restore” backup.',
    failed: 'The backup could not be written or did not verify ({{detail}}); no copy was kept. Check the free space of the data folder’s disk and try again.',
  },
};
