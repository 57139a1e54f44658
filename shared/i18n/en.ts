/** English strings. The shape of this object is the catalog type: zh-CN must match it key for key. */
export const en = {
  app: {
    name: 'Rapport',
    tagline: 'Account relationships, kept by the company',
    language: 'Language',
    mode: { desktop: 'Desktop', browser: 'Browser mode', cli: 'Command line' },
    loading: 'Loading…',
    retry: 'Try again',
    /** Each language's own name, so a reader of either finds theirs. */
    localeNames: { 'zh-CN': '中文', en: 'English' },
    version: 'Version {{version}}',
    notifications: 'Notifications',
    dismiss: 'Dismiss',
  },
  desktop: {
    cannotStart: 'Rapport could not start',
    cannotOpenData: 'Rapport could not open its data',
    notBuilt: 'The user interface is not built ({{dir}} has no index.html). Run `npm run build` first.',
    dataFolder: 'Data folder: {{dir}}',
  },
  nav: { label: 'Main', accounts: 'Accounts' },
  accounts: {
    title: 'Accounts',
    empty: 'No accounts yet. Add the first client account above.',
    emptyBin: 'The bin is empty.',
    newName: 'New account name',
    add: 'Add account',
    rename: 'Rename',
    renameLabel: 'New name for “{{name}}”',
    inBin: 'In the bin',
    save: 'Save',
    cancel: 'Cancel',
    delete: 'Delete',
    restore: 'Restore',
    show: { active: 'Active', deleted: 'Bin', all: 'All' },
    count: '{{count}} account',
    count_other: '{{count}} accounts',
    created: 'Account “{{name}}” added.',
    renamed: 'Renamed to “{{name}}”.',
    deleted: '“{{name}}” moved to the bin.',
    restored: '“{{name}}” restored.',
    undo: 'Undo',
    deletedOn: 'Deleted {{date}}',
    updatedOn: 'Updated {{date}}',
  },
  cli: {
    help: `Rapport: the offline-first account-relationship manager, from the command line.

Usage: rapport [--data DIR] <command>

Commands:
  serve [--port N]         Browser mode: serve the app on 127.0.0.1 and print its address (with its access token).
  api <method> ['<json>']  Call one method of the contract and print its JSON result.
  sync --share PATH [--json] [--snapshot]
                           One sync round through the share folder; prints what it did.
  check --share PATH       Verify the share (checksums, gaps, unknown files) and say what was found.
  export --format json [--include-private]
                           Print all synced data and open conflicts, canonically ordered.
  demo                     Load sample data: 30 accounts, 400 people, 3,000 touchpoints.
  help                     Show this help.

Options:
  --data DIR               The data folder (default: RAPPORT_DATA_DIR, else the desktop app's own folder).
  -v, --version            Print the version.

Methods:
    {{methods}}`,
    seeHelp: 'Run `rapport --help` for the commands.',
    badPort: '“{{port}}” is not a port number. Use a number from 0 to 65535 (0 picks a free port).',
    apiUsage: "Name the method to call, e.g. rapport api accounts.list '{}'. Methods: {{methods}}",
    badJson: "The input is not valid JSON ({{detail}}). Quote it for the shell, e.g. '{\"name\":\"ACME\"}'.",
    unknownCommand: 'Unknown command “{{command}}”. Run `rapport --help` for the commands.',
    needShare: 'Name the share folder: --share PATH.',
    demoLoaded: 'Sample data loaded: {{accounts}} accounts, {{people}} people, {{touchpoints}} touchpoints, {{followUps}} follow-ups, {{initiatives}} initiatives.',
    badFormat: 'Unknown export format “{{format}}”. Use --format json.',
    syncProgress: 'Sync: {{phase}} {{done}}/{{total}}',
    syncSummary: 'Synced as device {{deviceId}}: published {{published}} changes, applied {{applied}} from {{segmentsApplied}} segments, {{conflicts}} new conflicts, {{quarantined}} files quarantined, {{waiting}} segments waiting.',
  },
  sync: {
    phase: { publish: 'publishing', scan: 'reading the share', apply: 'applying', done: 'done' },
  },
  check: {
    level: { info: '✓', warning: '!', error: '✗' },
    format_ok: 'Format file: share format {{version}}; apps from {{minAppVersion}} may write.',
    format_missing: 'No format file ({{file}}): this is not a Rapport share yet, or it was not delivered. The first sync creates it.',
    format_unknown: 'The share uses format {{version}}, newer than this app reads. Update Rapport.',
    device_ok: 'Device {{device}}: segments {{first}}–{{last}} verified.',
    segment_bad: '{{path}} cannot be read ({{reason}}): it is skipped and retried; if it stays, the writing device should sync again.',
    segment_gap: 'Device {{device}}: segments {{from}}–{{to}} are missing (not delivered yet, or collected after a snapshot).',
    segment_chain: 'Device {{device}}: segment {{seq}} does not follow the previous one (a restored backup or a clone of that device).',
    segment_fork: 'Device {{device}}: {{count}} different segments numbered {{seq}} (two machines share one device id; they will rotate it).',
    segment_copy: '{{path}} is a folder tool’s copy of {{of}}: identical copies are removed on the next sync, differing ones applied.',
    unknown_file: '{{path}} is not a Rapport file; it is ignored.',
    temp_file: '{{path}} is a temporary file; it is ignored.',
    ack_bad: 'Device {{device}}: its acknowledgement file is unreadable ({{reason}}).',
    snapshot_ok: 'Snapshot {{name}}: {{rows}} records, verified.',
    snapshot_bad: 'Snapshot {{name}} cannot be read ({{reason}}); the next device that syncs writes a new one.',
    summary: '{{devices}} devices, {{segments}} segments, {{snapshots}} snapshots: {{errors}} errors, {{warnings}} warnings.',
  },
  fields: {
    name: 'Name', id: 'Id', state: 'Show', email: 'Email', role: 'Role', active: 'Active',
    aliases: 'Aliases', industry: 'Industry', region: 'Region', tier: 'Tier', stage: 'Lifecycle stage', level: 'Relationship level',
    parentId: 'Parent account', ownerId: 'Owner', source: 'Source', referralAccountId: 'Referred by (account)', referralPersonId: 'Referred by (person)',
    shareOfWallet: 'Share of wallet %', notes: 'Notes', accountId: 'Account', since: 'Since', note: 'Note', memberId: 'Team member',
    kind: 'Type', title: 'Title', status: 'Status', startDate: 'Start', endDate: 'End', ourParticipants: 'Our participants', theirParticipants: 'Their participants',
    personId: 'Person', renewalDate: 'Renewal date', value: 'Value', currency: 'Currency', department: 'Department', phone: 'Phone',
    reportsToId: 'Reports to', roles: 'Buying-centre roles', stance: 'Stance', influence: 'Influence', strength: 'Relationship strength',
    ownerIds: 'Our owners', preferredChannel: 'Preferred channel', cadence: 'Cadence', strategies: 'Communication strategy', successorId: 'Successor',
    body: 'Note', fromId: 'From', toId: 'To', at: 'Date and time', departments: 'Departments', channel: 'Channel', summary: 'Summary',
    sentiment: 'Sentiment', needs: 'Needs learned', touchpointId: 'Touchpoint', task: 'Task', dueDate: 'Due', done: 'Done', text: 'Search', shareDir: 'Share folder', strategy: 'Strategy',
  },
  kinds: { account: 'account', member: 'team member', person: 'person', touchpoint: 'touchpoint' },
  strategyDefaults: {
    initiator: 'Understand the problem they want solved; bring evidence and quick wins they can show upward.',
    user: 'Listen to daily pain points; offer training and fast support; turn them into references.',
    influencer: 'Share technical depth and third-party proof; invite them to exchanges and labs.',
    decider: 'Talk business outcomes and risk; executive-to-executive contact; keep it short and regular.',
    approver: 'Make approval easy: clear budget, compliance and return; no surprises.',
    buyer: 'Be precise on price, terms and delivery; respect the process; document everything.',
    gatekeeper: 'Respect their role; keep them informed; ask them how to reach the right people.',
  },
  validation: {
    required: 'Required.',
    tooShort: 'Use at least {{minimum}} characters.',
    tooLong: 'Use at most {{maximum}} characters.',
    tooLow: 'Must be at least {{minimum}}.',
    tooHigh: 'Must be at most {{maximum}}.',
    tooFew: 'Choose at least {{minimum}}.',
    tooMany: 'Choose at most {{maximum}}.',
    wrongType: 'Expected {{expected}}.',
    oneOf: 'Choose one of: {{values}}.',
    format: 'Not a valid {{format}}.',
    unknownKeys: 'Unknown field(s): {{keys}}.',
    invalid: 'Not valid.',
    labelled: '{{label}}: {{message}}',
  },
  errors: {
    validation: '{{details}} Correct the input and try again; nothing was saved.',
    not_found: 'That record does not exist (it may have been removed on another device). Reload the list.',
    unknown_method: 'Unknown call “{{method}}”. Run `rapport --help` to list the calls.',
    unauthorized: 'Missing or wrong access token. Open the address printed by `rapport serve`.',
    forbidden: 'This request is not allowed.',
    conflict: 'The record changed meanwhile. Reload it and try again.',
    internal: 'Something went wrong inside Rapport ({{detail}}). Nothing was changed; try again, and report it if it keeps happening.',
    network: 'Rapport’s background service did not answer. Check that it is still running, then try again.',
    unavailable: 'Not available right now. Try again later.',
    share_relative: '“{{path}}” is not a full folder path. Choose the share folder with its full path (e.g. /mnt/share/rapport or \\\\server\\share\\rapport).',
    share_inaccessible: 'The folder “{{path}}” does not exist or cannot be written. Check that the share is mounted and that you may write there, then try again.',
    share_unreachable: 'The share “{{path}}” cannot be reached. Your work is saved on this laptop and will sync when the share is back.',
    sync_off: 'Sync is not set up. Choose the share folder in Settings first.',
    sync_busy: 'A sync is already running. Wait for it to finish.',
    ref_missing: 'No such {{what}} (it may be in the bin or removed on another device). Choose another.',
    cycle_group: 'This would make the group hierarchy go in a circle. Choose a parent that is not below this account.',
    cycle_reports: 'This would make a reporting cycle. Choose a manager who does not report to this person.',
    self_ref: 'A record cannot point to itself. Choose someone else.',
    other_account: 'That person belongs to another account. Choose someone from this account.',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalog = Widen<typeof en>;
