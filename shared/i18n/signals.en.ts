/** English strings of the `signals` namespace (kept apart from en.ts so its owner edits one file). */
export const signalsEn = {
  /** The account page's tab. */
  tab: 'Health signals',
  purchases: {
    title: 'Purchases',
    add: 'Add purchase',
    edit: 'Edit purchase',
    empty: 'No purchases recorded.',
    saved: 'Purchase of {{month}} saved.',
    /** A purchase as the row's buttons and the bin's toast name it. */
    label: '{{month}} · {{amount}}',
    currencyHint: 'Three-letter ISO 4217 code, e.g. CNY, USD, EUR.',
    summaryLabel: 'Purchase totals',
    last12: 'Last 12 months',
    /** After the last 12 months' total: how it compares with the 12 months before. */
    change: '{{change}} on the 12 months before ({{amount}})',
    noPrevious: 'nothing in the 12 months before',
    noRecent: 'No purchases in the last 12 months.',
  },
  requests: {
    title: 'Service requests',
    add: 'Add service request',
    edit: 'Edit service request',
    empty: 'No service requests recorded.',
    saved: 'Service request “{{name}}” saved.',
    stillOpen: 'Open',
    hours: '{{hours}} h',
  },
  surveys: {
    title: 'Satisfaction',
    add: 'Add satisfaction answer',
    edit: 'Edit satisfaction answer',
    empty: 'No satisfaction answers recorded.',
    saved: 'Satisfaction answer of {{date}} saved.',
    label: 'Satisfaction answer of {{date}}',
    wholeAccount: 'The account as a whole',
    scoresHint: 'Enter at least one of the three scores.',
  },
  competitors: {
    title: 'Competitor activity',
    add: 'Add competitor activity',
    edit: 'Edit competitor activity',
    empty: 'No competitor activity recorded.',
    saved: 'Activity of {{name}} saved.',
    label: '{{competitor}}, {{date}}',
  },
  values: {
    title: 'Account value',
    add: 'Add value estimate',
    edit: 'Edit value estimate',
    empty: 'No value estimates recorded.',
    saved: 'Value estimate as of {{date}} saved.',
    label: 'Account value as of {{date}}',
  },
} as const;
