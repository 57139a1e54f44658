import type { exportsEn } from './exports.en';

/** 导出（electron/services/exports.ts 与各列表的导出菜单）的中文文案。 */
export const exportsZhCN: typeof exportsEn = {
  menu: '导出',
  menuLabel: '导出{{what}}',
  csv: 'CSV（Excel 及各种表格软件）',
  xlsx: 'Excel 工作簿（.xlsx）',
  vcard: '联系人名片（.vcf）',
  calendar: '日历（.ics）',
  working: '正在导出…',
  saved: '{{file}} 已生成（{{count}} 行）。',
  savedCards: '{{file}} 已生成（{{count}} 张名片）。',
  savedEvents: '{{file}} 已生成（{{count}} 个日历条目）。',
  failed: '导出失败：{{detail}}',
  healthScore: '健康分',
  healthReason: '主要原因',
  status: '状态',
  overdue: '已逾期',
  upcoming: '即将到期',
  names: {
    portfolio: '客户组合',
    people: '关键人物',
    touchpoints: '接触记录',
    purchases: '采购记录',
    followups: '跟进事项',
    contacts: '联系人',
    calendar: 'Rapport 日历',
  },
  events: {
    followUp: '跟进：{{task}}（{{account}}）',
    renewal: '续约：{{title}}（{{account}}）',
  },
};
