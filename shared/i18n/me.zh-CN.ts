import type { Catalog } from './en';

/** 简体中文：`me` 命名空间（本设备的使用者）。 */
export const meZhCN: Catalog['me'] = {};
