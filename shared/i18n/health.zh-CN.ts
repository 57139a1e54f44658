import type { Catalog } from './en';

/** 简体中文：`health` 命名空间。 */
export const healthZhCN: Catalog['health'] = {};
