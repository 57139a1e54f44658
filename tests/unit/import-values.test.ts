/** Import's pure parts (shared/import): cell values, header suggestions, header row detection. */
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../shared/import/fields';
import { findHeaderRow, mappingFromPreset, presetColumns, suggestMapping } from '../../shared/import/mapping';
import { calendarDate, coerce, enumCode, excelSerialDate } from '../../shared/import/values';

const field = (kind: Parameters<typeof fieldsOf>[0], name: string) => fieldsOf(kind).find((f) => f.field === name)!;

describe('cell values', () => {
  it('reads dates as sheets write them and refuses days that do not exist', () => {
    const date = field('requests', 'openedAt');
    for (const text of ['2026-03-05', '2026/3/5', '2026.03.05', '2026年3月5日', ' 2026-3-5 '])
      expect(coerce(date, text)).toEqual({ ok: true, value: '2026-03-05' });
    expect(coerce(date, new Date(Date.UTC(2026, 2, 5)))).toEqual({ ok: true, value: '2026-03-05' });
    expect(coerce(date, 46086)).toEqual({ ok: true, value: '2026-03-05' });
    expect(coerce(date, '2026-02-30')).toEqual({ ok: false, problem: { key: 'noSuchDate', params: { value: '2026-02-30' } } });
    expect(coerce(date, '2025-02-29')).toMatchObject({ ok: false, problem: { key: 'noSuchDate' } });
    expect(coerce(date, '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(coerce(date, 'next Tuesday')).toMatchObject({ ok: false, problem: { key: 'badDate' } });
    expect(calendarDate(2026, 13, 1)).toBeNull();
    expect(excelSerialDate(61)).toBe('1900-03-01');
  });

  it('reads months, numbers, yes/no and enumeration words in both languages', () => {
    expect(coerce(field('purchases', 'period'), '2025年10月')).toEqual({ ok: true, value: '2025-10' });
    expect(coerce(field('purchases', 'period'), '2025-13')).toMatchObject({ ok: false, problem: { key: 'noSuchDate' } });
    expect(coerce(field('purchases', 'amount'), '1,200,000.50')).toEqual({ ok: true, value: 1_200_000.5 });
    expect(coerce(field('purchases', 'amount'), '¥300')).toEqual({ ok: true, value: 300 });
    expect(coerce(field('purchases', 'amount'), 'about 3')).toMatchObject({ ok: false, problem: { key: 'badNumber' } });
    expect(coerce(field('people', 'influence'), '3.5')).toMatchObject({ ok: false, problem: { key: 'badInteger' } });
    expect(coerce(field('requests', 'complaint'), '是')).toEqual({ ok: true, value: true });
    expect(coerce(field('requests', 'complaint'), 'No')).toEqual({ ok: true, value: false });
    expect(coerce(field('people', 'roles'), '决策者、影响者; user')).toEqual({ ok: true, value: ['decider', 'influencer', 'user'] });
    expect(coerce(field('people', 'stance'), 'Skeptic')).toEqual({ ok: true, value: 'sceptic' });
    expect(coerce(field('people', 'stance'), '不好说')).toMatchObject({ ok: false, problem: { key: 'unknownChoice' } });
    // One word, two enumerations: 电话 is a call as a touchpoint's kind and the phone as its channel.
    expect(enumCode('电话', fieldsOf('touchpoints').find((f) => f.field === 'kind')!.values!)).toBe('call');
    expect(enumCode('电话', fieldsOf('touchpoints').find((f) => f.field === 'channel')!.values!)).toBe('phone');
  });
});

describe('mapping', () => {
  it('suggests fields from Chinese and English headers, each field once', () => {
    expect(suggestMapping('people', ['客户名称', '姓名', '职位', '手机', '邮箱', '部门', '备注'])).toEqual([
      'account',
      'name',
      'title',
      'phone',
      'email',
      'department',
      null,
    ]);
    expect(suggestMapping('people', ['Account Name', 'Full Name', 'Job Title', 'Mobile', 'E-mail', 'Company'])).toEqual([
      'account',
      'name',
      'title',
      'phone',
      'email',
      null,
    ]);
    expect(suggestMapping('people', ['公司', '联系人姓名', '手机号码（必填）'])).toEqual(['account', 'name', 'phone']);
  });

  it('finds the header row under title rows', () => {
    const rows = [
      ['2026年客户联系人清单', null, null],
      [null, null, null],
      ['客户名称', '姓名', '职位'],
      ['宁德时代', '曾毓群', '董事长'],
    ];
    expect(findHeaderRow('people', rows)).toBe(2);
  });

  it('applies a saved mapping by header name, whatever the column order', () => {
    const columns = presetColumns(['单位', '联系人', 'Handy'], ['account', 'name', 'phone']);
    expect(mappingFromPreset({ name: 'x', kind: 'people', columns }, ['Handy', '单位 ', '联系人', '邮箱'])).toEqual(['phone', 'account', 'name', 'email']);
  });
});
