import { useState } from 'react';

/**
 * The highlighted option of a combobox's list, moved by the arrow keys (wrapping around) and back
 * on the first whenever the query changes, so it never points past a new, shorter list of matches.
 * Kept with the query it belongs to, rather than reset by an effect after a render that was wrong.
 */
export function useActiveOption(query: string, count: number) {
  const [cursor, setCursor] = useState({ query, index: 0 });
  const active = cursor.query === query && cursor.index < count ? cursor.index : 0;
  return {
    active,
    setActive: (index: number) => setCursor({ query, index }),
    /** One step down (1) or up (-1). */
    move: (step: 1 | -1) => {
      if (count > 0) setCursor({ query, index: (active + step + count) % count });
    },
  };
}
