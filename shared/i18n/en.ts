/** English strings. The shape of this object is the catalog type: zh-CN must match it key for key. */
export const en = {
  app: {
    name: 'Rapport',
    tagline: 'Account relationships, kept by the company',
    language: 'Language',
    mode: { desktop: 'Desktop', browser: 'Browser mode', cli: 'Command line' },
    loading: 'Loading…',
    retry: 'Try again',
  },
  nav: { accounts: 'Accounts' },
  accounts: {
    title: 'Accounts',
    empty: 'No accounts yet. Add the first client account above.',
    emptyBin: 'The bin is empty.',
    newName: 'New account name',
    add: 'Add account',
    rename: 'Rename',
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
  },
  fields: { name: 'Name', id: 'Id', state: 'Show' },
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
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalog = Widen<typeof en>;
