import type { RouteObject } from 'react-router';
import { HandoverPackView } from './HandoverPackView';

/** Mounted by App.tsx: an account's printable handover pack (ranked above `/accounts/:accountId/:layer`). */
export const handoverRoutes: RouteObject[] = [{ path: '/accounts/:accountId/handover', element: <HandoverPackView /> }];
