/** English strings of the `signals` namespace (kept apart from en.ts so its owner edits one file). */
export const signalsEn = {} as const;
