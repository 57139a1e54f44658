import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n';
import { localizedErrorMap } from '../../shared/validation';
import { fromList, fromLocalDateTime, fromNumber, fromText } from '../../renderer/forms/schema';
import { PersonForm, personFormValues } from '../../renderer/views/people/personForm';
import { TouchpointForm, touchpointDefaults, touchpointInputs } from '../../renderer/views/touchpoints/touchpointForm';
import { Person } from '../../shared/domain';
import { z } from 'zod';

const zh = localizedErrorMap(translator('zh-CN'));

describe('form value converters', () => {
  it('reads blank text as “not set” and keeps the shared field’s rules', () => {
    expect(fromText(Person.fields.title).parse('  ')).toBeNull();
    expect(fromText(Person.fields.title).parse(' 采购总监 ')).toBe('采购总监');
    expect(fromText(Person.fields.name).safeParse('', { error: zh }).error?.issues[0]?.message).toBe('必填。');
  });

  it('reads numbers, lists in either language’s separators, and local date-times', () => {
    expect(fromNumber(Person.fields.influence).parse('4')).toBe(4);
    expect(fromNumber(Person.fields.influence).safeParse('6', { error: zh }).error?.issues[0]?.message).toBe('不能大于 5。');
    expect(fromList(z.array(z.string())).parse('采购部、财务部, 技术部；IT')).toEqual(['采购部', '财务部', '技术部', 'IT']);
    const at = fromLocalDateTime(z.iso.datetime({ offset: true })).parse('2026-11-24T09:30');
    expect(new Date(at).getTime()).toBe(new Date(2026, 10, 24, 9, 30).getTime());
    expect(fromLocalDateTime(z.iso.datetime({ offset: true })).safeParse('yesterday').success).toBe(false);
  });
});

describe('PersonForm', () => {
  it('turns a stored person into inputs and back without change', () => {
    const stored = {
      id: 'p1',
      accountId: 'a1',
      name: '欧阳明轩',
      title: '采购总监',
      department: null,
      phone: null,
      email: 'ouyang@example.com',
      reportsToId: 'p0',
      roles: ['decider', 'buyer'],
      stance: 'champion',
      influence: 5,
      strength: 2,
      ownerIds: ['m1'],
      preferredChannel: 'wechat',
      cadence: null,
      strategies: {},
      status: 'active',
      successorId: null,
      createdAt: '',
      updatedAt: '',
      deletedAt: null,
    } as Parameters<typeof personFormValues>[0];
    const values = PersonForm.parse(personFormValues(stored));
    expect(values).toMatchObject({
      name: '欧阳明轩',
      department: null,
      reportsToId: 'p0',
      roles: ['decider', 'buyer'],
      influence: 5,
      strength: 2,
      preferredChannel: 'wechat',
    });
    // What a save sends is what Person.update accepts.
    expect(Person.update.safeParse({ id: 'p1', ...values }).success).toBe(true);
  });

  it('reports each bad field under its own name, in the user’s language', () => {
    const result = PersonForm.safeParse({ ...personFormValues(), email: 'not-an-email' }, { error: zh });
    const byField = Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
    expect(byField).toEqual({ name: '必填。', email: '邮箱地址 格式不正确。' });
  });
});

describe('TouchpointForm', () => {
  it('needs only account, type and summary; the time defaults to now', () => {
    const now = new Date(2026, 10, 24, 9, 30);
    const result = TouchpointForm.safeParse(touchpointDefaults({}, now), { error: zh });
    const fields = (result.error?.issues ?? []).map((issue) => issue.path.join('.')).sort();
    expect(fields).toEqual(['accountId', 'kind', 'summary']);
    const values = TouchpointForm.parse({ ...touchpointDefaults({ accountId: 'a1' }, now), kind: 'visit', summary: '拜访采购部' });
    expect(values.at).toBe(now.toISOString());
    expect(touchpointInputs(values)).toEqual({
      touchpoint: expect.objectContaining({ accountId: 'a1', kind: 'visit', summary: '拜访采购部', departments: [], sentiment: null }),
      followUp: null,
    });
  });

  it('wants a task when a follow-up has a due date or an owner', () => {
    const base = { ...touchpointDefaults({ accountId: 'a1' }), kind: 'call', summary: '电话沟通' };
    const result = TouchpointForm.safeParse({ ...base, followUpDue: '2026-12-01' }, { error: zh });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['followUpTask', '请写明需要做什么。']]);
    const withTask = TouchpointForm.parse({ ...base, followUpTask: '发送报价', followUpDue: '2026-12-01' });
    expect(touchpointInputs(withTask).followUp).toEqual({ task: '发送报价', dueDate: '2026-12-01', ownerId: null });
  });
});
