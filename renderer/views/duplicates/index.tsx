import type { RouteObject } from 'react-router';
import { DuplicatesView } from './DuplicatesView';

export { DuplicateWarning } from './DuplicateWarning';
export { MergeDialog } from './MergeDialog';

/** Mounted by App.tsx. */
export const duplicatesRoutes: RouteObject[] = [{ path: '/duplicates', element: <DuplicatesView /> }];
