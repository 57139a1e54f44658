import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n';
import { fieldLabel, formatDuration, formatValue, relativeTime, tableLabel } from '../../renderer/views/sync/format';

const en = translator('en');
const zh = translator('zh-CN');
const now = Date.parse('2026-03-10T12:00:00Z');

describe('sync formatting', () => {
  it('labels a conflict’s column from the fields catalog (snake_case columns, camelCase keys)', () => {
    expect(fieldLabel('name', en)).toBe('Name');
    expect(fieldLabel('share_of_wallet', en)).toBe('Share of wallet %');
    expect(fieldLabel('reports_to_id', zh)).toBe(zh('fields.reportsToId'));
    expect(fieldLabel('deleted_at', en)).toBe('In the bin');
    expect(fieldLabel('some_new_column', en)).toBe('some_new_column');
    expect(tableLabel('follow_ups', zh)).toBe('跟进事项');
    expect(tableLabel('future_table', en)).toBe('future_table');
  });

  it('shows stored values readably: empty, lists kept as JSON text, numbers, dates, the bin', () => {
    expect(formatValue(null, 'industry', 'en', en)).toBe('(empty)');
    expect(formatValue('', 'industry', 'zh-CN', zh)).toBe('（空）');
    expect(formatValue('["华为","Huawei"]', 'aliases', 'en', en)).toBe('华为, Huawei');
    expect(formatValue('[]', 'aliases', 'en', en)).toBe('(empty)');
    expect(formatValue('[not json', 'notes', 'en', en)).toBe('[not json');
    expect(formatValue(12500.5, 'value', 'en', en)).toBe('12,500.5');
    expect(formatValue(null, 'deleted_at', 'en', en)).toBe('Not deleted');
    expect(formatValue('2026-03-01T09:30:00.000Z', 'deleted_at', 'en', en)).toMatch(/^Deleted Mar 1, 2026/);
    expect(formatValue('Line one\nLine two', 'notes', 'en', en)).toBe('Line one\nLine two');
  });

  it('says how long ago in the reader’s language', () => {
    expect(relativeTime(new Date(now - 10_000).toISOString(), now, 'en', en)).toBe('just now');
    expect(relativeTime(new Date(now - 5 * 60_000).toISOString(), now, 'en', en)).toBe('5 minutes ago');
    expect(relativeTime(new Date(now - 3 * 3_600_000).toISOString(), now, 'zh-CN', zh)).toBe('3小时前');
    expect(relativeTime(new Date(now - 26 * 3_600_000).toISOString(), now, 'en', en)).toBe('yesterday');
  });

  it('words a clock skew in the largest unit that fits', () => {
    expect(formatDuration(7 * 60_000, 'en')).toBe('7 minutes');
    expect(formatDuration(-3 * 3_600_000, 'en')).toBe('3 hours');
    expect(formatDuration(2 * 86_400_000, 'zh-CN')).toBe('2天');
  });
});
