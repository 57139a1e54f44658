/** English strings of the `privacy` namespace (issue 12): personal keys, a person's export and erase. */
export const privacyEn = {
  /** Written into the person's name by an erase, in the language of the device that erased (or scrubbed) them. */
  erasedName: 'Erased contact {{tag}}',
  key: {
    title: 'Private notes key',
    intro:
      'Your private notes are encrypted with a key only your own laptops hold: teammates, the file share and its admins cannot read them. To read them on your other laptop, create a transfer code here and enter it there.',
    none: 'No key yet: it is made when you write your first private note.',
    held: 'This laptop holds your key ({{ids}}).',
    needMe: 'Choose who uses this laptop first: the key belongs to a team member.',
    export: 'Create transfer code',
    exportHint:
      'Enter this code on your other laptop (Settings → Private notes key) before {{time}}. Anyone who has it can read your private notes: do not send it by e-mail or chat.',
    code: 'Transfer code',
    import: 'Use transfer code',
    importLabel: 'Transfer code from your other laptop',
    imported: 'Key received. Your private notes written on either laptop can now be read on both (after the next sync).',
  },
  export: {
    action: 'Export data',
    title: 'Personal data export: {{name}}',
    intro: 'Everything Rapport holds about this person, for an access request (PIPL / GDPR).',
    json: 'Download JSON',
    print: 'Print or save as PDF',
    includePrivate: 'Include my private notes',
    exportedAt: 'Exported {{when}} by {{who}}',
    nobody: 'no team member',
    fields: 'Personal and role data',
    history: 'History of tracked fields',
    notes: 'My private notes',
    notesWithheld: '{{count}} private note by other team members is not included (only its author can read it).',
    notesWithheld_other: '{{count}} private notes by other team members are not included (only their authors can read them).',
    touchpoints: 'Touchpoints naming them',
    followUps: 'Follow-ups of those touchpoints',
    links: 'Influence links',
    related: 'Other records naming them',
    none: 'None.',
    back: 'Back to the person',
  },
  erase: {
    action: 'Erase personal data',
    title: 'Erase {{name}}?',
    body: 'This removes their name, title, phone, e-mail, preferred channel, cadence, strategies, personal notes and the history of those fields on every device of the team. Touchpoints keep naming them as “{{placeholder}}”. It cannot be undone.',
    confirmLabel: 'Type the person’s name to confirm',
    confirm: 'Erase',
    done: 'Personal data erased. Every device removes it at its next sync.',
    banner: 'Personal data erased by {{who}} on {{when}}.',
    someone: 'a team member',
  },
  cli: {
    keyExported: 'Transfer code (valid until {{time}}; enter it with `rapport me key-import --code CODE` on your other laptop):',
    keyImported: 'Key received ({{count}} notes sealed again with it).',
    needId: 'Name the person: `rapport person {{verb}} PERSON_ID`.',
    needYes: 'Erasing cannot be undone: add --yes to erase {{name}}.',
    erased: 'Erased: {{name}}.',
    meUsage: 'Usage: rapport me key-export | rapport me key-import --code CODE',
    personUsage: 'Usage: rapport person export PERSON_ID --format json [--include-private] | rapport person erase PERSON_ID --yes',
  },
};

/** Messages of refused privacy calls, under `errors.privacy.`. */
export const privacyErrorsEn = {
  noMe: 'Choose who uses this laptop first (Settings → “This laptop is used by”, or --as on the command line): private notes and their key belong to a team member.',
  erased: 'This person’s personal data was erased: nothing personal can be added to them again.',
  codeMalformed: 'That is not a transfer code. Copy the whole code shown on your other laptop (it starts with RPK1.) and try again.',
  codeWrong: 'This transfer code does not open: it was mistyped or altered. Create a new code on your other laptop and enter it again.',
  codeExpired: 'This transfer code has expired. Create a new one on your other laptop and enter it within 30 minutes.',
  codeOtherMember: 'This transfer code belongs to another team member. Choose yourself as the user of this laptop, or create a code on your own laptop.',
};
