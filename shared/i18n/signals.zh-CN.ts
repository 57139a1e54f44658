import type { Catalog } from './en';

/** 简体中文：`signals` 命名空间。 */
export const signalsZhCN: Catalog['signals'] = {};
