import type { RouteObject } from 'react-router';
import { SearchView } from './SearchView';

/** Mounted by App.tsx. */
export const searchRoutes: RouteObject[] = [{ path: '/search', element: <SearchView /> }];
