/**
 * The import wizard's route (#/import, `?kind=people` preselects what the file holds). Owned by the
 * import views; App.tsx only mounts the routes.
 */
import type { RouteObject } from 'react-router';
import { ImportView } from './ImportView';
// Vite bundles it with the page's styles (the CSP allows only 'self' stylesheets).
import './import.css';

export const importRoutes: RouteObject[] = [{ path: '/import', element: <ImportView /> }];
