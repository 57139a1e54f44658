import { describe, expect, it } from 'vitest';
import { filterFromParams, isFiltered, nextSort, paramsFromFilter } from '../../renderer/views/portfolio/portfolioFilter';
import { daysUntil, formatters, todayIso } from '../../renderer/format';

describe('the portfolio filter in the address', () => {
  it('reads defaults from an empty address and writes them back as nothing', () => {
    const filter = filterFromParams(new URLSearchParams());
    expect(filter).toEqual({ text: '', tier: null, stage: null, level: null, ownerId: null, colour: null, sort: 'name', descending: false });
    expect(isFiltered(filter)).toBe(false);
    expect(paramsFromFilter(filter).toString()).toBe('');
  });

  it('round-trips a filter and ignores codes it does not know', () => {
    const filter = { text: '华为', tier: 'key', stage: null, level: 'strategic', ownerId: 'm1', colour: 'red', sort: 'owner', descending: true } as const;
    const params = paramsFromFilter(filter, new URLSearchParams('show=bin'));
    expect(params.get('show')).toBe('bin');
    expect(filterFromParams(params)).toEqual(filter);
    expect(filterFromParams(new URLSearchParams('tier=platinum&sort=height')).tier).toBeNull();
    expect(filterFromParams(new URLSearchParams('sort=height')).sort).toBe('name');
  });

  it('flips the direction on the same column; a new column starts ascending, the last touchpoint newest first', () => {
    const filter = filterFromParams(new URLSearchParams());
    expect(nextSort(filter, 'name')).toEqual({ sort: 'name', descending: true });
    expect(nextSort(filter, 'tier')).toEqual({ sort: 'tier', descending: false });
    expect(nextSort(filter, 'lastTouchpoint')).toEqual({ sort: 'lastTouchpoint', descending: true });
  });
});

describe('amounts in a stored currency', () => {
  it('formats an ISO code, and a code the runtime refuses as the number and the code, never throwing', () => {
    expect(formatters('en').number(1200, { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 })).toBe('CN¥1,200');
    expect(formatters('zh-CN').number(1200, { style: 'currency', currency: '元', maximumFractionDigits: 0 })).toBe('1,200 元');
  });
});

describe('dates in the reader’s language', () => {
  it('shows a calendar date as that local day, whatever the time zone', () => {
    expect(formatters('zh-CN').date('2026-11-24')).toBe('2026年11月24日');
    expect(formatters('en').date('2026-11-24')).toBe('Nov 24, 2026');
    expect(formatters('en').date(null)).toBe('');
  });

  it('counts days to a date', () => {
    expect(daysUntil('2026-12-01', '2026-11-24')).toBe(7);
    expect(daysUntil('2026-11-20', '2026-11-24')).toBe(-4);
    expect(todayIso(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});
