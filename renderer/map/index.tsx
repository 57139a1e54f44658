/**
 * The stakeholder map (issue 5) as the app shell mounts it: its routes. Owned by renderer/map/.
 * `#/accounts/<id>/map` is the map; `/grid`, `/list` and `/compare` after it are its other views.
 */
import type { RouteObject } from 'react-router';
import { MapPage } from './MapPage';
// Vite bundles it with the page's styles (the CSP allows only 'self' stylesheets, no inline <style>).
import './map.css';

export const mapRoutes: RouteObject[] = [
  { path: '/accounts/:accountId/map', element: <MapPage /> },
  { path: '/accounts/:accountId/map/:view', element: <MapPage /> },
];
