/// <reference types="vite/client" />
/**
 * The sync part of the UI, as the app shell uses it: its routes (settings, conflicts) and the
 * status bar shown at the bottom of every page. Owned by the sync views; App.tsx only mounts them.
 * Both need the router (the bar links to Settings and Conflicts) and a ToastProvider above them.
 */
import type { RouteObject } from 'react-router';
import { ConflictsView } from './ConflictsView';
import { SettingsView } from './SettingsView';
// Vite bundles it with the page's styles (the CSP allows only 'self' stylesheets, no inline <style>).
import './sync.css';

export const syncRoutes: RouteObject[] = [
  { path: '/settings', element: <SettingsView /> },
  { path: '/conflicts', element: <ConflictsView /> },
];

export { SyncStatusBar } from './SyncStatusBar';
