/**
 * A person's tracked fields keep a dated history (electron/services/domain.ts): what a field held
 * at creation is the record itself until the field first changes; that change writes it down (one
 * id on every laptop), then the new value. people.history and the map's "as of" read the same
 * either way. Real store, real share folder for the two-laptop case.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, cleanup, closeTest, countRows, openTest, scratchDir, type Rec } from '../helpers/domain-fixtures';

afterAll(cleanup);

type Change = { id: string; personId: string; field: string; value: unknown; at: string };

describe('person history', () => {
  it('writes no history rows for a person added, and shows the values held since creation', async () => {
    const rt = openTest();
    const account = await call(rt, 'accounts.create', { name: '比亚迪' });
    const person = await call(rt, 'people.create', { accountId: account.id, name: '王传福', title: '董事长', roles: ['decider'], stance: 'supporter' });
    expect(countRows(rt, 'person_changes')).toBe(0);
    const shown = await call<Change[]>(rt, 'people.history', { personId: person.id });
    expect(Object.fromEntries(shown.map((c) => [c.field, c.value]))).toMatchObject({ title: '董事长', roles: ['decider'], stance: 'supporter' });
    expect(shown.every((c) => c.at === person.createdAt)).toBe(true);

    // The first change of a field writes what it held at creation, with the id people.history showed, then the new value.
    await call(rt, 'people.update', { id: person.id, title: '名誉董事长' });
    expect(countRows(rt, 'person_changes')).toBe(2);
    const after = await call<Change[]>(rt, 'people.history', { personId: person.id });
    expect(after.slice(0, shown.length)).toEqual(shown);
    expect(after.slice(shown.length).map((c) => [c.field, c.value])).toEqual([['title', '名誉董事长']]);
    // A second change writes only the new value.
    await call(rt, 'people.update', { id: person.id, title: '创始人' });
    expect(countRows(rt, 'person_changes')).toBe(3);
    closeTest(rt);
  });

  it('two laptops changing one field offline write its value at creation once, and read the same history', async () => {
    const share = join(scratchDir(), 'share');
    mkdirSync(share);
    const a = openTest();
    const b = openTest();
    await call(a, 'sync.configure', { shareDir: share });
    await call(b, 'sync.configure', { shareDir: share });
    const both = async () => {
      for (let i = 0; i < 2; i++) {
        await call(a, 'sync.run', {});
        await call(b, 'sync.run', {});
      }
    };
    const account = await call(a, 'accounts.create', { name: '宁德时代' });
    const person = await call(a, 'people.create', { accountId: account.id, name: '曾毓群', stance: 'neutral', department: '总经办' });
    await both();
    const before = await call<Change[]>(b, 'people.history', { personId: person.id });
    expect(before).toEqual(await call<Change[]>(a, 'people.history', { personId: person.id }));

    // Offline, both turn the stance, each its own way.
    await call(a, 'people.update', { id: person.id, stance: 'supporter' });
    await call(b, 'people.update', { id: person.id, stance: 'champion' });
    await both();

    const histories = await Promise.all([a, b].map((rt) => call<Change[]>(rt, 'people.history', { personId: person.id })));
    expect(histories[0]).toEqual(histories[1]);
    const stances = histories[0]!.filter((c) => c.field === 'stance');
    expect(stances.map((c) => c.value).sort()).toEqual(['champion', 'neutral', 'supporter']);
    expect(stances.find((c) => c.value === 'neutral')!.at).toBe(person.createdAt);
    for (const rt of [a, b]) {
      // One row for the value at creation, one per laptop's change.
      expect(countRows(rt, 'person_changes', `WHERE person_id = '${person.id}' AND field = 'stance'`)).toBe(3);
      // The person's stance itself is a conflict to settle; the history rows are not.
      const conflicts = await call<{ table: string; field: string }[]>(rt, 'conflicts.list', {});
      expect(conflicts.map((c) => `${c.table}.${c.field}`)).toEqual(['people.stance']);
    }
    const untouched = histories[0]!.find((c) => c.field === 'department');
    expect(untouched).toMatchObject({ value: '总经办', at: person.createdAt });
    expect((await call<Rec>(a, 'people.get', { id: person.id })).department).toBe('总经办');
    closeTest(a);
    closeTest(b);
  });
});
