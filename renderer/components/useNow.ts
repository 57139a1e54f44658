import { useEffect, useState } from 'react';
import { todayIso } from '../format';

/** A minute: what the clock-dependent text shows (“restorable until 14:05”, “overdue”) is no finer. */
const TICK_MS = 60_000;

/**
 * The current time for what a render shows, as a clock that ticks: reading `Date.now()` during
 * render would make the render impure (two renders of the same data could disagree), and a
 * screen left open would never notice that a bin record expired or a follow-up fell due.
 * Call it once per list and hand the value down, rather than once per row.
 */
export function useNow(everyMs = TICK_MS): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Today as `YYYY-MM-DD` in the local calendar, moving on at midnight. */
export function useToday(): string {
  return todayIso(new Date(useNow()));
}
