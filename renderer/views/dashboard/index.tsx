import type { RouteObject } from 'react-router';
import { DashboardView } from './DashboardView';

export { AccountHealthCharts } from './AccountHealthCharts';
export { DashboardView };

/** Mounted by App.tsx. */
export const dashboardRoutes: RouteObject[] = [{ path: '/dashboard', element: <DashboardView /> }];
