/**
 * The sync part of the UI, as the app shell uses it: its routes (settings, conflicts) and the
 * status bar shown at the bottom of every page. Owned by the sync views; App.tsx only mounts them.
 */
import type { RouteObject } from 'react-router';

export const syncRoutes: RouteObject[] = [];

export function SyncStatusBar() {
  return null;
}
