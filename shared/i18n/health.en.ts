/** English strings of the `health` namespace (kept apart from en.ts so its owner edits one file). */
export const healthEn = {} as const;
