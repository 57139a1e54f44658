/**
 * The stakeholder map (issue 5) as the app shell mounts it: its routes. Owned by renderer/map/.
 */
import type { RouteObject } from 'react-router';

export const mapRoutes: RouteObject[] = [];
