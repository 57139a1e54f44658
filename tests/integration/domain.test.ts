/**
 * The three-layer domain model through the contract (`rt.dispatch`): the six record calls of
 * every kind, input validation worded in en and zh-CN that writes nothing, the domain rules
 * (references, reporting lines, group hierarchy, influence links), history rows, a person's
 * touchpoints, private notes in the export, and the CLI.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../electron/host/paths';
import { exportCanonical } from '../../electron/sync/export';
import { methods } from '../../shared/contract';
import * as D from '../../shared/domain';
import {
  call,
  cleanup,
  closeTest,
  expectValidation,
  NOTHING_SAVED,
  omit,
  openTest,
  rawRow,
  refuse,
  scratchDir,
  seedWorld,
  tableCounts,
  type Locale,
  type Rec,
  type Runtime,
  type World,
} from '../helpers/domain-fixtures';

import { en } from '../../shared/i18n/en';
import { zhCN } from '../../shared/i18n/zh-CN';

afterAll(cleanup);

type Input = Record<string, unknown>;
/** An expected issue message: [en, zh-CN]. */
type Msg = readonly [string | RegExp, string | RegExp];

const M = {
  required: ['Required.', '必填。'],
  tooLong: (n: number): Msg => [`Use at most ${n} characters.`, `最多 ${n} 个字符。`],
  tooHigh: (n: number): Msg => [`Must be at most ${n}.`, `不能大于 ${n}。`],
  tooLow: (n: number): Msg => [`Must be at least ${n}.`, `不能小于 ${n}。`],
  tooMany: (n: number): Msg => [`Choose at most ${n}.`, `最多选择 ${n} 项。`],
  tooFew: (n: number): Msg => [`Choose at least ${n}.`, `至少选择 ${n} 项。`],
  oneOf: (codes: readonly string[]): Msg => [`Choose one of: ${codes.join(', ')}.`, `请从以下选项中选择：${codes.join(', ')}。`],
  format: (format: keyof typeof en.validation.formats): Msg => [
    `Not a valid ${en.validation.formats[format]}.`,
    `${zhCN.validation.formats[format]} 格式不正确。`,
  ],
  wrongType: (type: keyof typeof en.validation.types): Msg => [`Expected ${en.validation.types[type]}.`, `应为 ${zhCN.validation.types[type]}。`],
  unknown: (keys: string): Msg => [`Unknown field(s): ${keys}.`, `未知字段：${keys}。`],
  currency: [en.validation.currency, zhCN.validation.currency],
  future: [en.validation.future, zhCN.validation.future],
  month: [en.validation.month, zhCN.validation.month],
  closedBeforeOpened: [en.errors.closed_before_opened, zhCN.errors.closed_before_opened],
  noScore: [en.errors.no_score, zhCN.errors.no_score],
  otherAccount: [en.errors.other_account, zhCN.errors.other_account],
} satisfies Record<string, Msg | ((...args: never[]) => Msg)>;

interface InvalidCase {
  name: string;
  /** An update of the kind's existing record (its id is passed) instead of a create. */
  update?: boolean;
  input: (w: World, id: string) => Input;
  issues: Record<string, Msg>;
}

interface KindCase {
  area: string;
  table: string;
  entity: { fields: Record<string, unknown> };
  list: (w: World) => Input;
  minimal: (w: World) => Input;
  /** What the create fills in that the minimal input did not give. */
  defaults: Input;
  /** A first update: non-default values for defaulted fields. */
  change: (w: World) => Input;
  /** A second update of other fields: everything else must stay as the first update left it. */
  touch: (w: World) => Input;
  invalid: InvalidCase[];
}

const x = (n: number) => 'x'.repeat(n);
const AT = '2026-11-20T09:30:00.000Z';

const KINDS: KindCase[] = [
  {
    area: 'members',
    table: 'members',
    entity: D.Member,
    list: () => ({}),
    minimal: () => ({ name: '赵静' }),
    defaults: { role: 'rep', active: true, email: null },
    change: () => ({ role: 'kam', active: false }),
    touch: () => ({ name: '赵静静', email: 'zhao.jing@example.com' }),
    invalid: [
      { name: 'missing name', input: () => ({}), issues: { name: M.required } },
      { name: 'blank name', input: () => ({ name: '   ' }), issues: { name: M.required } },
      { name: 'wrong role', input: () => ({ name: 'a', role: 'boss' }), issues: { role: M.oneOf(D.MEMBER_ROLES) } },
      { name: 'name too long', input: () => ({ name: x(101) }), issues: { name: M.tooLong(100) } },
      { name: 'malformed email', input: () => ({ name: 'a', email: 'not-an-email' }), issues: { email: M.format('email') } },
      { name: 'unknown field', input: () => ({ name: 'a', salary: 1 }), issues: { '': M.unknown('salary') } },
      { name: 'update: active not a boolean', update: true, input: (_, id) => ({ id, active: 'yes' }), issues: { active: M.wrongType('boolean') } },
    ],
  },
  {
    area: 'accounts',
    table: 'accounts',
    entity: D.AccountFields,
    list: () => ({}),
    minimal: () => ({ name: '比亚迪汽车' }),
    defaults: {
      aliases: [],
      industry: null,
      region: null,
      tier: 'standard',
      stage: 'prospect',
      level: 'transactional',
      parentId: null,
      ownerId: null,
      source: null,
      referralAccountId: null,
      referralPersonId: null,
      shareOfWallet: null,
      notes: null,
    },
    change: (w) => ({
      tier: 'strategic',
      stage: 'growth',
      level: 'preferred',
      aliases: ['BYD'],
      ownerId: w.member,
      shareOfWallet: 45,
      source: 'referral',
      referralAccountId: w.accountA,
    }),
    touch: () => ({ region: '华南', industry: 'automotive' }),
    invalid: [
      { name: 'missing name', input: () => ({ tier: 'key' }), issues: { name: M.required } },
      { name: 'wrong tier', input: () => ({ name: 'a', tier: 'gold' }), issues: { tier: M.oneOf(D.TIERS) } },
      {
        name: 'wrong stage and source',
        input: () => ({ name: 'a', stage: 'mature', source: 'cold_call' }),
        issues: { stage: M.oneOf(D.STAGES), source: M.oneOf(D.SOURCES) },
      },
      { name: 'shareOfWallet 101', input: () => ({ name: 'a', shareOfWallet: 101 }), issues: { shareOfWallet: M.tooHigh(100) } },
      { name: 'shareOfWallet -1', input: () => ({ name: 'a', shareOfWallet: -1 }), issues: { shareOfWallet: M.tooLow(0) } },
      { name: 'blank alias', input: () => ({ name: 'a', aliases: ['ok', ' '] }), issues: { 'aliases.1': M.required } },
      { name: 'too many aliases', input: () => ({ name: 'a', aliases: Array.from({ length: 21 }, (_, i) => `a${i}`) }), issues: { aliases: M.tooMany(20) } },
      { name: 'notes too long', input: () => ({ name: 'a', notes: x(10_001) }), issues: { notes: M.tooLong(10_000) } },
      { name: 'unknown field', input: () => ({ name: 'a', revenue: 5 }), issues: { '': M.unknown('revenue') } },
      { name: 'update: wrong level', update: true, input: (_, id) => ({ id, level: 'partner' }), issues: { level: M.oneOf(D.LEVELS) } },
      { name: 'update: shareOfWallet 101', update: true, input: (_, id) => ({ id, shareOfWallet: 101 }), issues: { shareOfWallet: M.tooHigh(100) } },
      { name: 'update: blank name', update: true, input: (_, id) => ({ id, name: '' }), issues: { name: M.required } },
    ],
  },
  {
    area: 'levels',
    table: 'account_levels',
    entity: D.AccountLevel,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, level: 'preferred', since: '2025-03-01' }),
    defaults: { note: null },
    change: () => ({ level: 'solution', since: '2025-09-15' }),
    touch: () => ({ note: '联合方案中标' }),
    invalid: [
      { name: 'missing since', input: (w) => ({ accountId: w.accountA, level: 'preferred' }), issues: { since: M.required } },
      { name: 'missing everything', input: () => ({}), issues: { accountId: M.required, level: M.required, since: M.required } },
      { name: 'month 13', input: (w) => ({ accountId: w.accountA, level: 'preferred', since: '2026-13-01' }), issues: { since: M.format('date') } },
      { name: 'February 30', input: (w) => ({ accountId: w.accountA, level: 'preferred', since: '2026-02-30' }), issues: { since: M.format('date') } },
      { name: 'a datetime for a date', input: (w) => ({ accountId: w.accountA, level: 'preferred', since: AT }), issues: { since: M.format('date') } },
      { name: 'wrong level', input: (w) => ({ accountId: w.accountA, level: 'partner', since: '2026-01-01' }), issues: { level: M.oneOf(D.LEVELS) } },
      {
        name: 'note too long',
        input: (w) => ({ accountId: w.accountA, level: 'preferred', since: '2026-01-01', note: x(1001) }),
        issues: { note: M.tooLong(1000) },
      },
    ],
  },
  {
    area: 'team',
    table: 'account_team',
    entity: D.AccountTeamMember,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, memberId: w.member }),
    defaults: { role: null },
    change: () => ({ role: 'KAM' }),
    touch: (w) => ({ memberId: w.member2 }),
    invalid: [
      { name: 'missing member', input: (w) => ({ accountId: w.accountA }), issues: { memberId: M.required } },
      { name: 'role too long', input: (w) => ({ accountId: w.accountA, memberId: w.member, role: x(101) }), issues: { role: M.tooLong(100) } },
      { name: 'id too long', input: (w) => ({ accountId: x(65), memberId: w.member }), issues: { accountId: M.tooLong(64) } },
      { name: 'unknown field', input: (w) => ({ accountId: w.accountA, memberId: w.member, since: '2026-01-01' }), issues: { '': M.unknown('since') } },
    ],
  },
  {
    area: 'initiatives',
    table: 'initiatives',
    entity: D.Initiative,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, kind: 'joint_lab', title: '联合实验室' }),
    defaults: { status: 'planned', startDate: null, endDate: null, ourParticipants: [], theirParticipants: [], notes: null },
    change: (w) => ({ status: 'active', startDate: '2026-01-10', ourParticipants: [w.member], theirParticipants: [w.personA1, w.personA2] }),
    touch: () => ({ endDate: '2027-06-30', notes: '每季度评审' }),
    invalid: [
      // A missing enumeration says which values it takes.
      { name: 'missing kind and title', input: (w) => ({ accountId: w.accountA }), issues: { kind: M.required, title: M.required } },
      { name: 'wrong kind', input: (w) => ({ accountId: w.accountA, kind: 'party', title: 't' }), issues: { kind: M.oneOf(D.INITIATIVE_KINDS) } },
      {
        name: 'wrong status',
        input: (w) => ({ accountId: w.accountA, kind: 'forum', title: 't', status: 'paused' }),
        issues: { status: M.oneOf(D.INITIATIVE_STATUSES) },
      },
      {
        name: 'malformed date',
        input: (w) => ({ accountId: w.accountA, kind: 'forum', title: 't', startDate: '01/02/2026' }),
        issues: { startDate: M.format('date') },
      },
      {
        name: '201 participants',
        input: (w) => ({ accountId: w.accountA, kind: 'forum', title: 't', theirParticipants: Array(201).fill(w.personA1) }),
        issues: { theirParticipants: M.tooMany(200) },
      },
      { name: 'title too long', input: (w) => ({ accountId: w.accountA, kind: 'forum', title: x(201) }), issues: { title: M.tooLong(200) } },
    ],
  },
  {
    area: 'sponsors',
    table: 'sponsor_pairs',
    entity: D.SponsorPair,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, memberId: w.member, personId: w.personA1 }),
    defaults: { note: null },
    change: () => ({ note: '高层对高层' }),
    touch: (w) => ({ personId: w.personA2 }),
    invalid: [
      { name: 'missing person', input: (w) => ({ accountId: w.accountA, memberId: w.member }), issues: { personId: M.required } },
      {
        name: 'note too long',
        input: (w) => ({ accountId: w.accountA, memberId: w.member, personId: w.personA1, note: x(1001) }),
        issues: { note: M.tooLong(1000) },
      },
      {
        name: 'id of the wrong type',
        input: (w) => ({ accountId: w.accountA, memberId: 7, personId: w.personA1 }),
        issues: { memberId: M.wrongType('string') },
      },
    ],
  },
  {
    area: 'agreements',
    table: 'agreements',
    entity: D.Agreement,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, title: '年度框架协议' }),
    defaults: { kind: 'framework', startDate: null, renewalDate: null, value: null, currency: null },
    change: () => ({ kind: 'service', value: 1_200_000, currency: 'CNY' }),
    touch: () => ({ renewalDate: '2027-01-31' }),
    invalid: [
      { name: 'missing title', input: (w) => ({ accountId: w.accountA }), issues: { title: M.required } },
      { name: 'negative value', input: (w) => ({ accountId: w.accountA, title: 't', value: -5 }), issues: { value: M.tooLow(0) } },
      {
        name: 'malformed renewal date',
        input: (w) => ({ accountId: w.accountA, title: 't', renewalDate: '2026-1-5' }),
        issues: { renewalDate: M.format('date') },
      },
      { name: 'wrong kind', input: (w) => ({ accountId: w.accountA, title: 't', kind: 'handshake' }), issues: { kind: M.oneOf(D.AGREEMENT_KINDS) } },
      // A symbol saved as a currency once broke every page that formatted it (issue 12).
      { name: 'currency not ISO 4217', input: (w) => ({ accountId: w.accountA, title: 't', currency: '元' }), issues: { currency: M.currency } },
    ],
  },
  {
    area: 'people',
    table: 'people',
    entity: D.Person,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, name: '王芳' }),
    defaults: {
      // Set only by a per-person erase (services/privacy.ts).
      erasedAt: null,
      erasedBy: null,
      title: null,
      department: null,
      phone: null,
      email: null,
      reportsToId: null,
      roles: [],
      stance: 'unknown',
      influence: 3,
      strength: 1,
      ownerIds: [],
      preferredChannel: null,
      cadence: null,
      strategies: {},
      status: 'active',
      successorId: null,
    },
    change: (w) => ({
      stance: 'champion',
      influence: 5,
      strength: 4,
      roles: ['decider', 'approver'],
      ownerIds: [w.member],
      strategies: { decider: '季度高层会面' },
      status: 'changed_role',
      reportsToId: w.personA1,
    }),
    touch: () => ({ title: '采购总监', department: '采购部', preferredChannel: 'wechat' }),
    invalid: [
      { name: 'missing name', input: (w) => ({ accountId: w.accountA }), issues: { name: M.required } },
      { name: 'missing account and name', input: () => ({ stance: 'champion' }), issues: { accountId: M.required, name: M.required } },
      { name: 'influence 6', input: (w) => ({ accountId: w.accountA, name: 'a', influence: 6 }), issues: { influence: M.tooHigh(5) } },
      { name: 'influence 0', input: (w) => ({ accountId: w.accountA, name: 'a', influence: 0 }), issues: { influence: M.tooLow(1) } },
      { name: 'strength not an integer', input: (w) => ({ accountId: w.accountA, name: 'a', strength: 2.5 }), issues: { strength: M.wrongType('int') } },
      { name: 'wrong stance', input: (w) => ({ accountId: w.accountA, name: 'a', stance: 'friend' }), issues: { stance: M.oneOf(D.STANCES) } },
      {
        name: 'wrong role in the list',
        input: (w) => ({ accountId: w.accountA, name: 'a', roles: ['decider', 'boss'] }),
        issues: { 'roles.1': M.oneOf(D.BUYING_ROLES) },
      },
      { name: 'wrong status', input: (w) => ({ accountId: w.accountA, name: 'a', status: 'retired' }), issues: { status: M.oneOf(D.PERSON_STATUSES) } },
      { name: 'name too long', input: (w) => ({ accountId: w.accountA, name: x(101) }), issues: { name: M.tooLong(100) } },
      { name: 'malformed email', input: (w) => ({ accountId: w.accountA, name: 'a', email: 'zhang@' }), issues: { email: M.format('email') } },
      {
        name: 'strategy for an unknown role',
        input: (w) => ({ accountId: w.accountA, name: 'a', strategies: { chairman: 'golf' } }),
        issues: { strategies: M.unknown('chairman') },
      },
      { name: 'unknown field', input: (w) => ({ accountId: w.accountA, name: 'a', age: 40 }), issues: { '': M.unknown('age') } },
      { name: 'update: influence 0', update: true, input: (_, id) => ({ id, influence: 0 }), issues: { influence: M.tooLow(1) } },
      {
        name: 'update: influence 6 and wrong stance',
        update: true,
        input: (_, id) => ({ id, influence: 6, stance: 'ally' }),
        issues: { influence: M.tooHigh(5), stance: M.oneOf(D.STANCES) },
      },
      { name: 'update: unknown field', update: true, input: (_, id) => ({ id, nickname: '老张' }), issues: { '': M.unknown('nickname') } },
      { name: 'update: missing id', update: true, input: () => ({ stance: 'champion' }), issues: { id: M.required } },
    ],
  },
  {
    area: 'notes',
    table: 'person_notes',
    entity: D.PersonNote,
    list: (w) => ({ personId: w.personA1 }),
    minimal: (w) => ({ personId: w.personA1, body: '喜欢打高尔夫，孩子明年高考' }),
    defaults: {},
    change: () => ({ body: '喜欢打高尔夫；孩子今年高考' }),
    touch: () => ({ body: '周末常去深圳湾' }),
    invalid: [
      { name: 'blank body', input: (w) => ({ personId: w.personA1, body: '  ' }), issues: { body: M.required } },
      { name: 'body too long', input: (w) => ({ personId: w.personA1, body: x(20_001) }), issues: { body: M.tooLong(20_000) } },
      { name: 'missing person', input: () => ({ body: 'b' }), issues: { personId: M.required } },
    ],
  },
  {
    area: 'links',
    table: 'influence_links',
    entity: D.InfluenceLink,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, fromId: w.personA1, toId: w.personA2 }),
    defaults: { strength: 3, note: null },
    change: () => ({ strength: 5 }),
    touch: () => ({ note: '大学同学' }),
    invalid: [
      { name: 'missing to', input: (w) => ({ accountId: w.accountA, fromId: w.personA1 }), issues: { toId: M.required } },
      { name: 'strength 6', input: (w) => ({ accountId: w.accountA, fromId: w.personA1, toId: w.personA2, strength: 6 }), issues: { strength: M.tooHigh(5) } },
      { name: 'strength 0', input: (w) => ({ accountId: w.accountA, fromId: w.personA1, toId: w.personA2, strength: 0 }), issues: { strength: M.tooLow(1) } },
    ],
  },
  {
    area: 'touchpoints',
    table: 'touchpoints',
    entity: D.Touchpoint,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, at: '2026-11-21T14:00:00+08:00', kind: 'meeting', summary: '技术交流会，介绍新一代解决方案' }),
    // `at` comes back in UTC: text order is then time order in every query.
    defaults: { at: '2026-11-21T06:00:00.000Z', departments: [], theirParticipants: [], ourParticipants: [], channel: null, sentiment: null, needs: null },
    change: (w) => ({ departments: ['技术部'], theirParticipants: [w.personA1], ourParticipants: [w.member], channel: 'in_person', sentiment: 1 }),
    touch: () => ({ needs: '希望缩短交付周期' }),
    invalid: [
      { name: 'missing summary', input: (w) => ({ accountId: w.accountA, at: AT, kind: 'visit' }), issues: { summary: M.required } },
      {
        name: 'a date for a datetime',
        input: (w) => ({ accountId: w.accountA, at: '2026-11-20', kind: 'visit', summary: 's' }),
        issues: { at: M.format('datetime') },
      },
      {
        name: 'a datetime without zone',
        input: (w) => ({ accountId: w.accountA, at: '2026-11-20T09:30:00', kind: 'visit', summary: 's' }),
        issues: { at: M.format('datetime') },
      },
      {
        name: 'sentiment 3',
        input: (w) => ({ accountId: w.accountA, at: AT, kind: 'visit', summary: 's', sentiment: 3 }),
        issues: { sentiment: M.tooHigh(2) },
      },
      {
        name: 'sentiment -3',
        input: (w) => ({ accountId: w.accountA, at: AT, kind: 'visit', summary: 's', sentiment: -3 }),
        issues: { sentiment: M.tooLow(-2) },
      },
      {
        name: 'wrong kind and channel',
        input: (w) => ({ accountId: w.accountA, at: AT, kind: 'lunch', summary: 's', channel: 'fax' }),
        issues: { kind: M.oneOf(D.TOUCHPOINT_KINDS), channel: M.oneOf(D.CHANNELS) },
      },
      {
        name: 'blank department',
        input: (w) => ({ accountId: w.accountA, at: AT, kind: 'visit', summary: 's', departments: [''] }),
        issues: { 'departments.0': M.required },
      },
      { name: 'update: sentiment 3', update: true, input: (_, id) => ({ id, sentiment: 3 }), issues: { sentiment: M.tooHigh(2) } },
      { name: 'update: malformed datetime', update: true, input: (_, id) => ({ id, at: 'yesterday' }), issues: { at: M.format('datetime') } },
    ],
  },
  {
    area: 'followups',
    table: 'follow_ups',
    entity: D.FollowUp,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, task: '发送报价' }),
    defaults: { touchpointId: null, alertId: null, ownerId: null, dueDate: null, done: false },
    change: (w) => ({ done: true, ownerId: w.member, touchpointId: w.touchpointA }),
    touch: () => ({ dueDate: '2026-12-01' }),
    invalid: [
      { name: 'missing task', input: (w) => ({ accountId: w.accountA }), issues: { task: M.required } },
      { name: 'February 30', input: (w) => ({ accountId: w.accountA, task: 't', dueDate: '2026-02-30' }), issues: { dueDate: M.format('date') } },
      { name: 'done not a boolean', input: (w) => ({ accountId: w.accountA, task: 't', done: 'yes' }), issues: { done: M.wrongType('boolean') } },
      { name: 'task too long', input: (w) => ({ accountId: w.accountA, task: x(501) }), issues: { task: M.tooLong(500) } },
    ],
  },
  {
    area: 'purchases',
    table: 'purchases',
    entity: D.Purchase,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, period: '2026-09', amount: 1_250_000, currency: 'CNY' }),
    defaults: { productLine: null, volume: null, note: null },
    change: () => ({ amount: 980_000, productLine: '动力电池' }),
    touch: () => ({ volume: 120 }),
    invalid: [
      { name: 'negative amount', input: (w) => ({ accountId: w.accountA, period: '2026-09', amount: -1, currency: 'CNY' }), issues: { amount: M.tooLow(0) } },
      { name: 'currency symbol', input: (w) => ({ accountId: w.accountA, period: '2026-09', amount: 1, currency: '¥' }), issues: { currency: M.currency } },
      { name: 'month as a date', input: (w) => ({ accountId: w.accountA, period: '2026-09-01', amount: 1, currency: 'CNY' }), issues: { period: M.month } },
      { name: 'a future month', input: (w) => ({ accountId: w.accountA, period: '2099-01', amount: 1, currency: 'CNY' }), issues: { period: M.future } },
    ],
  },
  {
    area: 'requests',
    table: 'service_requests',
    entity: D.ServiceRequest,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, openedAt: '2026-10-02', summary: '电池管理系统报警' }),
    defaults: { personId: null, closedAt: null, severity: 'medium', channel: null, firstResponseHours: null, complaint: false },
    change: (w) => ({ closedAt: '2026-10-05', severity: 'high', complaint: true, personId: w.personA1 }),
    touch: () => ({ firstResponseHours: 4 }),
    invalid: [
      { name: 'missing summary', input: (w) => ({ accountId: w.accountA, openedAt: '2026-10-02' }), issues: { summary: M.required } },
      { name: 'opened in the future', input: (w) => ({ accountId: w.accountA, openedAt: '2099-01-01', summary: 's' }), issues: { openedAt: M.future } },
      {
        name: 'closed before opened',
        input: (w) => ({ accountId: w.accountA, openedAt: '2026-10-02', closedAt: '2026-10-01', summary: 's' }),
        issues: { closedAt: M.closedBeforeOpened },
      },
      {
        name: 'negative response time',
        input: (w) => ({ accountId: w.accountA, openedAt: '2026-10-02', summary: 's', firstResponseHours: -1 }),
        issues: { firstResponseHours: M.tooLow(0) },
      },
      {
        name: 'person of another account',
        input: (w) => ({ accountId: w.accountA, openedAt: '2026-10-02', summary: 's', personId: w.personB1 }),
        issues: { personId: M.otherAccount },
      },
    ],
  },
  {
    area: 'surveys',
    table: 'satisfaction_responses',
    entity: D.SatisfactionResponse,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, answeredOn: '2026-06-30', nps: 9 }),
    defaults: { personId: null, csat: null, ces: null, comment: null },
    change: () => ({ nps: 6, csat: 3, comment: '交付周期太长' }),
    touch: () => ({ ces: 5 }),
    invalid: [
      { name: 'NPS 11', input: (w) => ({ accountId: w.accountA, answeredOn: '2026-06-30', nps: 11 }), issues: { nps: M.tooHigh(10) } },
      { name: 'CSAT 0', input: (w) => ({ accountId: w.accountA, answeredOn: '2026-06-30', csat: 0 }), issues: { csat: M.tooLow(1) } },
      { name: 'no score at all', input: (w) => ({ accountId: w.accountA, answeredOn: '2026-06-30' }), issues: { nps: M.noScore } },
      { name: 'answered in the future', input: (w) => ({ accountId: w.accountA, answeredOn: '2099-06-30', nps: 9 }), issues: { answeredOn: M.future } },
    ],
  },
  {
    area: 'competitors',
    table: 'competitor_activities',
    entity: D.CompetitorActivity,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, competitor: '比亚迪', activity: '报价低 8%', seenOn: '2026-11-20' }),
    defaults: {},
    change: () => ({ activity: '邀请采购部参观工厂' }),
    touch: () => ({ seenOn: '2026-11-21' }),
    invalid: [
      { name: 'missing competitor', input: (w) => ({ accountId: w.accountA, activity: 'a', seenOn: '2026-11-20' }), issues: { competitor: M.required } },
      {
        name: 'seen in the future',
        input: (w) => ({ accountId: w.accountA, competitor: 'c', activity: 'a', seenOn: '2099-11-20' }),
        issues: { seenOn: M.future },
      },
    ],
  },
  {
    area: 'values',
    table: 'account_values',
    entity: D.AccountValue,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({ accountId: w.accountA, asOf: '2026-07-01' }),
    defaults: { lifetimeValue: null, potential: null, shareOfWallet: null, currency: null },
    change: () => ({ lifetimeValue: 50_000_000, currency: 'CNY' }),
    touch: () => ({ shareOfWallet: 35 }),
    invalid: [
      { name: 'share above 100', input: (w) => ({ accountId: w.accountA, asOf: '2026-07-01', shareOfWallet: 120 }), issues: { shareOfWallet: M.tooHigh(100) } },
      { name: 'negative potential', input: (w) => ({ accountId: w.accountA, asOf: '2026-07-01', potential: -1 }), issues: { potential: M.tooLow(0) } },
    ],
  },
  {
    area: 'alerts',
    table: 'alerts',
    entity: D.Alert,
    list: (w) => ({ accountId: w.accountA }),
    minimal: (w) => ({
      accountId: w.accountA,
      rule: 'purchases_down',
      colour: 'red',
      evidence: '采购量连续三个月下降',
      evidenceKey: 'purchases_down:2026-08..2026-10',
      raisedAt: '2026-11-01T08:00:00.000Z',
    }),
    defaults: { ownerId: null, state: 'open', stateReason: null, planKind: null, ourExecutiveId: null, theirExecutiveId: null, interveneBy: null },
    change: (w) => ({ state: 'in_progress', planKind: 'intervention', ourExecutiveId: w.member, theirExecutiveId: w.personA1, interveneBy: '2026-12-15' }),
    touch: () => ({ state: 'acknowledged' }),
    invalid: [
      {
        name: 'unknown colour',
        input: (w) => ({ accountId: w.accountA, rule: 'r', colour: 'green', evidence: 'e', evidenceKey: 'k', raisedAt: '2026-11-01T08:00:00.000Z' }),
        issues: { colour: M.oneOf(D.ALERT_COLOURS) },
      },
    ],
  },
  {
    area: 'templates',
    table: 'plan_templates',
    entity: D.PlanTemplate,
    list: () => ({}),
    minimal: () => ({ name: '关键人变动维护计划', planKind: 'maintenance', tasks: [{ task: '拜访新任决策者', dueInDays: 7 }] }),
    defaults: {},
    change: () => ({ planKind: 'intervention' }),
    touch: () => ({ name: '高层介入' }),
    invalid: [{ name: 'no tasks', input: () => ({ name: 'n', planKind: 'maintenance', tasks: [] }), issues: { tasks: M.tooFew(1) } }],
  },
];

const metaKeys = ['id', 'createdAt', 'updatedAt', 'deletedAt'];
const ids = (records: Rec[]) => records.map((r) => r.id);

describe('every record kind through the contract', () => {
  it('covers every record area of the contract', async () => {
    const areas = new Set(methods.filter((m) => m.endsWith('.restore')).map((m) => m.split('.')[0]));
    expect(new Set(KINDS.map((k) => k.area))).toEqual(areas);
  });

  it.each(KINDS)('$area: create fills defaults; get; update keeps other fields; bin; restore; survives a restart', async (k) => {
    let rt = openTest();
    const w = await seedWorld(rt);

    // A private note is sealed to its author: someone must use this device.
    if (k.area === 'notes') await call(rt, 'me.set', { memberId: w.member });
    const created = await call(rt, `${k.area}.create`, k.minimal(w));
    expect(Object.keys(created).sort()).toEqual([...new Set([...Object.keys(k.entity.fields), ...Object.keys(k.defaults), ...metaKeys])].sort());
    expect(created).toEqual({ ...k.minimal(w), ...k.defaults, id: created.id, createdAt: created.createdAt, updatedAt: created.updatedAt, deletedAt: null });
    expect(await call(rt, `${k.area}.get`, { id: created.id })).toEqual(created);
    expect(ids(await call<Rec[]>(rt, `${k.area}.list`, k.list(w)))).toContain(created.id);

    const changed = await call(rt, `${k.area}.update`, { id: created.id, ...k.change(w) });
    expect(changed).toMatchObject(k.change(w));
    const changedKeys = [...Object.keys(k.change(w)), 'updatedAt'];
    expect(omit(changed, changedKeys)).toEqual(omit(created, changedKeys));

    // A second update of other fields: the first update's non-default values stay (defaults are not re-applied).
    const touched = await call(rt, `${k.area}.update`, { id: created.id, ...k.touch(w) });
    expect(touched).toMatchObject(k.touch(w));
    const touchedKeys = [...Object.keys(k.touch(w)), 'updatedAt'];
    expect(omit(touched, touchedKeys)).toEqual(omit(changed, touchedKeys));
    expect(touched.updatedAt >= changed.updatedAt).toBe(true);
    expect(touched.createdAt).toBe(created.createdAt);
    expect(await call(rt, `${k.area}.get`, { id: created.id })).toEqual(touched);

    const deleted = await call(rt, `${k.area}.delete`, { id: created.id });
    expect(deleted.deletedAt).toEqual(expect.any(String));
    expect(omit(deleted, ['deletedAt', 'updatedAt'])).toEqual(omit(touched, ['deletedAt', 'updatedAt']));
    expect(ids(await call<Rec[]>(rt, `${k.area}.list`, k.list(w)))).not.toContain(created.id);
    expect(ids(await call<Rec[]>(rt, `${k.area}.list`, { ...k.list(w), state: 'deleted' }))).toEqual([created.id]);
    expect(ids(await call<Rec[]>(rt, `${k.area}.list`, { ...k.list(w), state: 'all' }))).toContain(created.id);
    expect((await call(rt, `${k.area}.get`, { id: created.id })).deletedAt).toBe(deleted.deletedAt);
    // Deleting again keeps the first deletion time.
    expect((await call(rt, `${k.area}.delete`, { id: created.id })).deletedAt).toBe(deleted.deletedAt);

    const restored = await call(rt, `${k.area}.restore`, { id: created.id });
    expect(restored.deletedAt).toBeNull();
    expect(omit(restored, ['deletedAt', 'updatedAt'])).toEqual(omit(touched, ['deletedAt', 'updatedAt']));
    expect(ids(await call<Rec[]>(rt, `${k.area}.list`, k.list(w)))).toContain(created.id);
    expect(await call<Rec[]>(rt, `${k.area}.list`, { ...k.list(w), state: 'deleted' })).toEqual([]);

    const dir = rt.dir;
    closeTest(rt);
    rt = openTest(dir);
    expect(await call(rt, `${k.area}.get`, { id: created.id })).toEqual(restored);
    expect(ids(await call<Rec[]>(rt, `${k.area}.list`, k.list(w)))).toContain(created.id);
    closeTest(rt);
  });

  it.each(KINDS)('$area: get, update, delete and restore of an unknown id answer not_found', async (k) => {
    const rt = openTest();
    for (const verb of ['get', 'delete', 'restore']) expect((await refuse(rt, `${k.area}.${verb}`, { id: 'no-such-id' })).code).toBe('not_found');
    const before = tableCounts(rt);
    expect((await refuse(rt, `${k.area}.update`, { id: 'no-such-id' })).code).toBe('not_found');
    expect(tableCounts(rt)).toEqual(before);
    closeTest(rt);
  });
});

describe('invalid input is refused with a clear message and writes nothing', () => {
  let rt: Runtime;
  let w: World;
  const existing: Record<string, string> = {};

  beforeAll(async () => {
    rt = openTest();
    w = await seedWorld(rt);
    // Private notes need an author (services/privacy.ts).
    await call(rt, 'me.set', { memberId: w.member });
    for (const k of KINDS) existing[k.area] = (await call(rt, `${k.area}.create`, k.minimal(w))).id;
  });

  const cases = KINDS.flatMap((k) =>
    k.invalid.map((c) => ({ ...c, area: k.area, table: k.table, label: `${k.area}.${c.update ? 'update' : 'create'}: ${c.name}` })),
  );

  it.each(cases)('$label', async (c) => {
    const id = existing[c.area]!;
    const input = c.input(w, id);
    const row = rawRow(rt, c.table, id);
    for (const [index, locale] of (['en', 'zh-CN'] as Locale[]).entries()) {
      const before = tableCounts(rt);
      const error = await refuse(rt, `${c.area}.${c.update ? 'update' : 'create'}`, input, locale);
      expectValidation(error, locale, Object.fromEntries(Object.entries(c.issues).map(([path, msg]) => [path, msg[index]!])));
      expect(tableCounts(rt)).toEqual(before);
      expect(rawRow(rt, c.table, id)).toEqual(row);
    }
  });

  it.each([
    ['en', { accountId: 'x', name: 'a', influence: 6 }, 'Influence: Must be at most 5. Correct the input and try again; nothing was saved.'],
    ['zh-CN', { accountId: 'x', name: 'a', influence: 6 }, '影响力：不能大于 5。 请修改后重试；没有保存任何内容。'],
    ['en', { accountId: 'x', name: 'a', influence: 0 }, 'Influence: Must be at least 1. Correct the input and try again; nothing was saved.'],
    ['zh-CN', { accountId: 'x', name: '' }, '名称：必填。 请修改后重试；没有保存任何内容。'],
    [
      'en',
      { accountId: 'x', name: 'a', stance: 'friend' },
      'Stance: Choose one of: champion, supporter, neutral, sceptic, opponent, unknown. Correct the input and try again; nothing was saved.',
    ],
    ['zh-CN', { accountId: 'x', name: 'a', nickname: '老张' }, '未知字段：nickname。 请修改后重试；没有保存任何内容。'],
  ] as const)('people.create words the whole sentence (%s) for %j', async (locale, input, message) => {
    const error = await refuse(rt, 'people.create', input, locale);
    expect(error.message).toBe(message);
  });

  it.each([
    [
      'en',
      { accountId: 'x', at: AT, kind: 'visit', summary: 's', sentiment: 3 },
      'Sentiment: Must be at most 2. Correct the input and try again; nothing was saved.',
    ],
    ['zh-CN', { accountId: 'x', at: AT, kind: 'visit', summary: 's', sentiment: 3 }, '情绪：不能大于 2。 请修改后重试；没有保存任何内容。'],
    [
      'en',
      { accountId: 'x', at: '2026-11-20', kind: 'visit', summary: 's' },
      'Date and time: Not a valid date and time. Correct the input and try again; nothing was saved.',
    ],
  ] as const)('touchpoints.create words the whole sentence (%s) for %j', async (locale, input, message) => {
    expect((await refuse(rt, 'touchpoints.create', input, locale)).message).toBe(message);
  });

  it('accounts.create words shareOfWallet 101 in both languages', async () => {
    expect((await refuse(rt, 'accounts.create', { name: 'a', shareOfWallet: 101 }, 'en')).message).toBe(
      'Share of wallet %: Must be at most 100. Correct the input and try again; nothing was saved.',
    );
    expect((await refuse(rt, 'accounts.create', { name: 'a', shareOfWallet: 101 }, 'zh-CN')).message).toBe(
      '采购份额 %：不能大于 100。 请修改后重试；没有保存任何内容。',
    );
  });

  it('accepts the boundary values (influence 1 and 5, sentiment ±2, shareOfWallet 0 and 100, 100-character name)', async () => {
    for (const influence of [1, 5]) expect((await call(rt, 'people.create', { accountId: w.accountA, name: x(100), influence })).influence).toBe(influence);
    for (const sentiment of [-2, 2])
      expect((await call(rt, 'touchpoints.create', { accountId: w.accountA, at: AT, kind: 'call', summary: 's', sentiment })).sentiment).toBe(sentiment);
    for (const shareOfWallet of [0, 100])
      expect((await call(rt, 'accounts.create', { name: `SoW ${shareOfWallet}`, shareOfWallet })).shareOfWallet).toBe(shareOfWallet);
  });
});

// ---- Domain rules ----

const ref = (what: 'account' | 'member' | 'person' | 'touchpoint') => {
  const zh = { account: '客户', member: '团队成员', person: '人员', touchpoint: '接触记录' }[what];
  const en = { account: 'account', member: 'team member', person: 'person', touchpoint: 'touchpoint' }[what];
  return [
    `No such ${en} (it may be in the bin or removed on another device). Choose another.`,
    `没有这个${zh}（可能已在回收站，或已在其他设备上删除）。请另选。`,
  ] as const;
};
const RULE = {
  selfRef: ['A record cannot point to itself. Choose someone else.', '记录不能指向自己。请另选。'],
  otherAccount: ['That person belongs to another account. Choose someone from this account.', '此人属于其他客户。请选择本客户的人员。'],
  cycleReports: ['This would make a reporting cycle. Choose a manager who does not report to this person.', '这样会形成汇报循环。请选择不向此人汇报的上级。'],
  cycleGroup: [
    'This would make the group hierarchy go in a circle. Choose a parent that is not below this account.',
    '这样会使集团层级形成循环。请选择不在此客户下级的上级单位。',
  ],
} as const;

describe('domain rules refuse the write, write nothing and name the field', () => {
  let rt: Runtime;
  let w: World;
  /** Records of each referenced kind that are in the bin. */
  const binned = { account: '', member: '', person: '', touchpoint: '' };

  beforeAll(async () => {
    rt = openTest();
    w = await seedWorld(rt);
    binned.member = (await call(rt, 'members.create', { name: '离职的同事' })).id;
    binned.account = (await call(rt, 'accounts.create', { name: '已删除客户' })).id;
    binned.person = (await call(rt, 'people.create', { accountId: w.accountA, name: '已删除的人' })).id;
    binned.touchpoint = (await call(rt, 'touchpoints.create', { accountId: w.accountA, at: AT, kind: 'call', summary: '已删除' })).id;
    // Private notes need an author (services/privacy.ts).
    await call(rt, 'me.set', { memberId: w.member });
    await call(rt, 'members.delete', { id: binned.member });
    await call(rt, 'accounts.delete', { id: binned.account });
    await call(rt, 'people.delete', { id: binned.person });
    await call(rt, 'touchpoints.delete', { id: binned.touchpoint });
  });

  /** Refuses `method(input)` in both languages with exactly these issues, writing nothing; returns nothing. */
  async function expectRule(method: string, input: Input, issues: Record<string, readonly [string, string]>, table?: string) {
    const row = table && typeof input.id === 'string' ? rawRow(rt, table, input.id) : undefined;
    for (const [index, locale] of (['en', 'zh-CN'] as Locale[]).entries()) {
      const before = tableCounts(rt);
      const error = await refuse(rt, method, input, locale);
      expectValidation(error, locale, Object.fromEntries(Object.entries(issues).map(([p, m]) => [p, m[index]!])));
      expect(tableCounts(rt)).toEqual(before);
      if (table && typeof input.id === 'string') expect(rawRow(rt, table, input.id)).toEqual(row);
    }
  }

  /** A valid create of each area, with every reference field set (lists hold one good entry). */
  const BASE: Record<string, (w: World) => Input> = {
    accounts: (w) => ({
      name: '子公司',
      parentId: w.accountA,
      ownerId: w.member,
      source: 'referral',
      referralAccountId: w.accountB,
      referralPersonId: w.personB1,
    }),
    levels: (w) => ({ accountId: w.accountA, level: 'preferred', since: '2026-01-01' }),
    team: (w) => ({ accountId: w.accountA, memberId: w.member }),
    initiatives: (w) => ({ accountId: w.accountA, kind: 'forum', title: 't', ourParticipants: [w.member], theirParticipants: [w.personA1] }),
    sponsors: (w) => ({ accountId: w.accountA, memberId: w.member, personId: w.personA1 }),
    agreements: (w) => ({ accountId: w.accountA, title: 't' }),
    people: (w) => ({ accountId: w.accountA, name: 'p', status: 'left', successorId: w.personA1, ownerIds: [w.member] }),
    notes: (w) => ({ personId: w.personA1, body: 'b' }),
    links: (w) => ({ accountId: w.accountA, fromId: w.personA1, toId: w.personA2 }),
    touchpoints: (w) => ({ accountId: w.accountA, at: AT, kind: 'visit', summary: 's', theirParticipants: [w.personA1], ourParticipants: [w.member] }),
    followups: (w) => ({ accountId: w.accountA, task: 't', ownerId: w.member, touchpointId: w.touchpointA }),
  };
  const REFS: [area: string, field: string, what: keyof typeof binned][] = [
    ['accounts', 'parentId', 'account'],
    ['accounts', 'ownerId', 'member'],
    ['accounts', 'referralAccountId', 'account'],
    ['accounts', 'referralPersonId', 'person'],
    ['levels', 'accountId', 'account'],
    ['team', 'accountId', 'account'],
    ['team', 'memberId', 'member'],
    ['initiatives', 'accountId', 'account'],
    ['initiatives', 'ourParticipants', 'member'],
    ['initiatives', 'theirParticipants', 'person'],
    ['sponsors', 'accountId', 'account'],
    ['sponsors', 'memberId', 'member'],
    ['sponsors', 'personId', 'person'],
    ['agreements', 'accountId', 'account'],
    ['people', 'accountId', 'account'],
    ['people', 'successorId', 'person'],
    ['people', 'ownerIds', 'member'],
    ['notes', 'personId', 'person'],
    ['links', 'accountId', 'account'],
    ['links', 'fromId', 'person'],
    ['links', 'toId', 'person'],
    ['touchpoints', 'accountId', 'account'],
    ['touchpoints', 'theirParticipants', 'person'],
    ['touchpoints', 'ourParticipants', 'member'],
    ['followups', 'accountId', 'account'],
    ['followups', 'ownerId', 'member'],
    ['followups', 'touchpointId', 'touchpoint'],
  ];
  const refCases = REFS.flatMap(([area, field, what]) =>
    (['missing', 'binned'] as const).map((how) => ({ area, field, what, how, label: `${area}.${field} → a ${how} ${what}` })),
  );

  it.each(refCases)('$label', async (c) => {
    const target = c.how === 'missing' ? 'no-such-record' : binned[c.what];
    const base = BASE[c.area]!(w);
    // A list keeps its valid entry and gets the bad one appended.
    const value = Array.isArray(base[c.field]) ? [...(base[c.field] as string[]), target] : target;
    const input = { ...base, [c.field]: value };
    const [en, zh] = ref(c.what);
    for (const [locale, message] of [
      ['en', en],
      ['zh-CN', zh],
    ] as const) {
      const before = tableCounts(rt);
      const error = await refuse(rt, `${c.area}.create`, input, locale);
      expect(error.code).toBe('validation');
      expect(error.issues).toContainEqual({ path: c.field, message });
      expect(error.message.endsWith(NOTHING_SAVED[locale])).toBe(true);
      expect(tableCounts(rt)).toEqual(before);
    }
    // The same input with a good reference is accepted (so the rule, not something else, refused it).
    expect((await call(rt, `${c.area}.create`, base)).deletedAt).toBeNull();
  });

  it('an update to a binned reference is refused and leaves the record as it was', async () => {
    await expectRule('people.update', { id: w.personA2, reportsToId: binned.person }, { reportsToId: ref('person') }, 'people');
    await expectRule('people.update', { id: w.personA2, accountId: binned.account }, { accountId: ref('account') }, 'people');
    await expectRule(
      'followups.update',
      { id: (await call(rt, 'followups.create', { accountId: w.accountA, task: 't' })).id, ownerId: binned.member },
      { ownerId: ref('member') },
      'follow_ups',
    );
  });

  it('an edit that leaves a reference alone is not refused because that record went to the bin later', async () => {
    const person = (await call(rt, 'people.create', { accountId: w.accountA, name: '后来离开的人' })).id;
    const touchpoint = (await call(rt, 'touchpoints.create', { accountId: w.accountA, at: AT, kind: 'visit', summary: 'typo', theirParticipants: [person] }))
      .id;
    await call(rt, 'people.delete', { id: person });
    // Today every reference of the whole record is checked again, so last year's visit cannot get its
    // typo fixed once a participant is in the bin (or was removed on another device and synced).
    expect((await call(rt, 'touchpoints.update', { id: touchpoint, summary: 'fixed' })).summary).toBe('fixed');
    // Adding the binned person again is still refused.
    const other = (await call(rt, 'touchpoints.create', { accountId: w.accountA, at: AT, kind: 'visit', summary: 's' })).id;
    await expectRule('touchpoints.update', { id: other, theirParticipants: [person] }, { theirParticipants: ref('person') }, 'touchpoints');
  });

  it('a missing reports-to gets one issue, not also "belongs to another account"', async () => {
    // Today the people rule adds `other_account` because the missing boss has no account (null ≠ accountId).
    await expectRule('people.create', { accountId: w.accountA, name: 'p', reportsToId: 'no-such-person' }, { reportsToId: ref('person') });
  });

  it('a person cannot report to themselves (nor be their own successor)', async () => {
    await expectRule('people.update', { id: w.personA1, reportsToId: w.personA1 }, { reportsToId: RULE.selfRef }, 'people');
    await expectRule('people.update', { id: w.personA1, successorId: w.personA1 }, { successorId: RULE.selfRef }, 'people');
  });

  it('a person cannot report to someone of another account', async () => {
    await expectRule('people.create', { accountId: w.accountA, name: '新人', reportsToId: w.personB1 }, { reportsToId: RULE.otherAccount });
    await expectRule('people.update', { id: w.personA1, reportsToId: w.personB1 }, { reportsToId: RULE.otherAccount }, 'people');
    // Moving a person to another account while they report to someone here is the same mistake.
    const boss = (await call(rt, 'people.create', { accountId: w.accountA, name: '上级' })).id;
    const report = (await call(rt, 'people.create', { accountId: w.accountA, name: '下属', reportsToId: boss })).id;
    await expectRule('people.update', { id: report, accountId: w.accountB }, { reportsToId: RULE.otherAccount }, 'people');
  });

  it('a reporting cycle is refused (A → B → C, then C → A), a valid re-parenting is accepted', async () => {
    const a = (await call(rt, 'people.create', { accountId: w.accountA, name: '甲' })).id;
    const b = (await call(rt, 'people.create', { accountId: w.accountA, name: '乙', reportsToId: a })).id;
    const c = (await call(rt, 'people.create', { accountId: w.accountA, name: '丙', reportsToId: b })).id;
    // c reports to b reports to a: a reporting to c (or to b) closes the loop.
    await expectRule('people.update', { id: a, reportsToId: c }, { reportsToId: RULE.cycleReports }, 'people');
    await expectRule('people.update', { id: a, reportsToId: b }, { reportsToId: RULE.cycleReports }, 'people');
    // c reporting straight to a is no cycle.
    expect((await call(rt, 'people.update', { id: c, reportsToId: a })).reportsToId).toBe(a);
    // Now b → a and c → a: b may report to c.
    expect((await call(rt, 'people.update', { id: b, reportsToId: c })).reportsToId).toBe(c);
    await expectRule('people.update', { id: c, reportsToId: b }, { reportsToId: RULE.cycleReports }, 'people');
  });

  it('an account group hierarchy cycle is refused (parentId)', async () => {
    const group = (await call(rt, 'accounts.create', { name: '集团' })).id;
    const region = (await call(rt, 'accounts.create', { name: '华南区域', parentId: group })).id;
    const branch = (await call(rt, 'accounts.create', { name: '深圳分公司', parentId: region })).id;
    await expectRule('accounts.update', { id: group, parentId: branch }, { parentId: RULE.cycleGroup }, 'accounts');
    await expectRule('accounts.update', { id: group, parentId: region }, { parentId: RULE.cycleGroup }, 'accounts');
    await expectRule('accounts.update', { id: group, parentId: group }, { parentId: RULE.cycleGroup }, 'accounts');
    expect(ids(await call<Rec[]>(rt, 'accounts.list', { parentId: region }))).toEqual([branch]);
    // Moving the branch straight under the group is fine.
    expect((await call(rt, 'accounts.update', { id: branch, parentId: group })).parentId).toBe(group);
    expect(ids(await call<Rec[]>(rt, 'accounts.list', { parentId: group })).sort()).toEqual([region, branch].sort());
  });

  it('an influence link from a person to themselves, or across accounts, is refused', async () => {
    await expectRule('links.create', { accountId: w.accountA, fromId: w.personA1, toId: w.personA1 }, { toId: RULE.selfRef });
    await expectRule('links.create', { accountId: w.accountA, fromId: w.personA1, toId: w.personB1 }, { toId: RULE.otherAccount });
    await expectRule('links.create', { accountId: w.accountA, fromId: w.personB1, toId: w.personA1 }, { fromId: RULE.otherAccount });
    const link = (await call(rt, 'links.create', { accountId: w.accountA, fromId: w.personA1, toId: w.personA2 })).id;
    await expectRule('links.update', { id: link, toId: w.personA1 }, { toId: RULE.selfRef }, 'influence_links');
    await expectRule('links.update', { id: link, toId: w.personB1 }, { toId: RULE.otherAccount }, 'influence_links');
  });

  it('restoring a record whose account is in the bin is refused until the account is back', async () => {
    const account = (await call(rt, 'accounts.create', { name: '临时客户' })).id;
    const person = (await call(rt, 'people.create', { accountId: account, name: '临时联系人' })).id;
    await call(rt, 'people.delete', { id: person });
    await call(rt, 'accounts.delete', { id: account });
    await expectRule('people.restore', { id: person }, { accountId: ref('account') }, 'people');
    await call(rt, 'accounts.restore', { id: account });
    expect((await call(rt, 'people.restore', { id: person })).deletedAt).toBeNull();
  });
});

// ---- History, a person's touchpoints, private notes ----

const todayUtc = () => new Date().toISOString().slice(0, 10);

describe('history rows', () => {
  it('an account writes a level-history row on create and another only when its level changes', async () => {
    const rt = openTest();
    const before = todayUtc();
    const account = await call(rt, 'accounts.create', { name: '宁德时代' });
    const first = await call<Rec[]>(rt, 'levels.list', { accountId: account.id });
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ accountId: account.id, level: 'transactional', note: null });
    expect([before, todayUtc()]).toContain(first[0]!.since);

    await call(rt, 'accounts.update', { id: account.id, tier: 'key', name: '宁德时代新能源' });
    await call(rt, 'accounts.update', { id: account.id, level: 'transactional' });
    expect(await call<Rec[]>(rt, 'levels.list', { accountId: account.id })).toHaveLength(1);

    await call(rt, 'accounts.update', { id: account.id, level: 'preferred' });
    await call(rt, 'accounts.update', { id: account.id, level: 'strategic' });
    const levels = await call<Rec[]>(rt, 'levels.list', { accountId: account.id });
    expect(levels.map((l) => l.level).sort()).toEqual(['preferred', 'strategic', 'transactional']);
    for (const l of levels) expect([before, todayUtc()]).toContain(l.since);

    // An account created at a higher level starts its history there.
    const other = await call(rt, 'accounts.create', { name: '格力电器', level: 'solution' });
    expect((await call<Rec[]>(rt, 'levels.list', { accountId: other.id })).map((l) => l.level)).toEqual(['solution']);
    closeTest(rt);
  });

  it('a person writes history rows for tracked fields with the new values', async () => {
    const rt = openTest();
    const w = await seedWorld(rt);
    const person = await call(rt, 'people.create', { accountId: w.accountA, name: '周杰', stance: 'neutral', roles: ['user'] });
    type Change = { personId: string; field: string; value: unknown; at: string };
    const history = async () => call<Change[]>(rt, 'people.history', { personId: person.id });
    const initial = await history();
    // One row per tracked field, holding the value at creation.
    expect(Object.fromEntries(initial.map((c) => [c.field, c.value]))).toEqual({
      title: null,
      department: null,
      reportsToId: null,
      roles: ['user'],
      stance: 'neutral',
      influence: 3,
      strength: 1,
      ownerIds: [],
      status: 'active',
      successorId: null,
    });
    expect(initial.every((c) => c.personId === person.id)).toBe(true);

    await call(rt, 'people.update', { id: person.id, stance: 'champion' });
    await call(rt, 'people.update', { id: person.id, roles: ['user', 'influencer'] });
    await call(rt, 'people.update', { id: person.id, reportsToId: w.personA1 });
    // Untracked fields and unchanged values write no history.
    await call(rt, 'people.update', { id: person.id, name: '周杰伦', phone: '13800000000', stance: 'champion' });
    const after = await history();
    expect(after.slice(0, initial.length)).toEqual(initial);
    expect(after.slice(initial.length).map((c) => [c.field, c.value])).toEqual([
      ['stance', 'champion'],
      ['roles', ['user', 'influencer']],
      ['reportsToId', w.personA1],
    ]);
    // Newest last.
    const times = after.map((c) => c.at);
    expect([...times].sort()).toEqual(times);
    // Another person's history is not mixed in.
    expect((await call<Change[]>(rt, 'people.history', { personId: w.personA1 })).every((c) => c.personId === w.personA1)).toBe(true);
    closeTest(rt);
  });
});

describe('touchpoints of one person', () => {
  it('touchpoints.list {accountId, personId} returns only touchpoints with that person among their participants', async () => {
    const rt = openTest();
    const w = await seedWorld(rt);
    const tp = async (summary: string, theirParticipants: string[], accountId = w.accountA) =>
      (await call(rt, 'touchpoints.create', { accountId, at: AT, kind: 'meeting', summary, theirParticipants, ourParticipants: [w.member] })).id;
    const withA1 = await tp('只有张伟', [w.personA1]);
    const withBoth = await tp('张伟和李娜', [w.personA2, w.personA1]);
    const withA2 = await tp('只有李娜', [w.personA2]);
    const binnedWithA1 = await tp('已删除', [w.personA1]);
    await call(rt, 'touchpoints.delete', { id: binnedWithA1 });
    await tp('other account', [w.personB1], w.accountB);

    const list = async (input: Input) => ids(await call<Rec[]>(rt, 'touchpoints.list', input)).sort();
    expect(await list({ accountId: w.accountA, personId: w.personA1 })).toEqual([withA1, withBoth].sort());
    expect(await list({ accountId: w.accountA, personId: w.personA2 })).toEqual([withA2, withBoth].sort());
    expect(await list({ accountId: w.accountA, personId: w.personA1, state: 'deleted' })).toEqual([binnedWithA1]);
    expect(await list({ accountId: w.accountA, personId: w.personB1 })).toEqual([]);
    // A member id (our side) is not a "their participant".
    expect(await list({ accountId: w.accountA, personId: w.member })).toEqual([]);
    // A prefix of an id matches nothing.
    expect(await list({ accountId: w.accountA, personId: w.personA1.slice(0, 20) })).toEqual([]);
    expect(await list({ accountId: w.accountA })).toEqual([w.touchpointA, withA1, withBoth, withA2].sort());
    closeTest(rt);
  });

  it('touchpoints.list is newest first by instant, across time zones (09:00+08:00 is before 05:00Z)', async () => {
    const rt = openTest();
    const w = await seedWorld(rt);
    // 09:00 in Beijing is 01:00Z: four hours before 05:00Z.
    const earlier = (await call(rt, 'touchpoints.create', { accountId: w.accountB, at: '2026-01-01T09:00:00+08:00', kind: 'visit', summary: 'earlier' })).id;
    const later = (await call(rt, 'touchpoints.create', { accountId: w.accountB, at: '2026-01-01T05:00:00Z', kind: 'visit', summary: 'later' })).id;
    expect(ids(await call<Rec[]>(rt, 'touchpoints.list', { accountId: w.accountB }))).toEqual([later, earlier]);
    closeTest(rt);
  });
});

describe('private notes', () => {
  it('a person note is left out of the canonical export unless private data is asked for', async () => {
    const rt = openTest();
    const w = await seedWorld(rt);
    const secret = '私人备注：孩子明年高考，喜欢打高尔夫';
    await call(rt, 'me.set', { memberId: w.member });
    const note = await call(rt, 'notes.create', { personId: w.personA1, body: secret });
    expect(ids(await call<Rec[]>(rt, 'notes.list', { personId: w.personA1 }))).toEqual([note.id]);

    const plain = exportCanonical(rt.store.sqlite);
    expect(plain).toContain('张伟'); // the business data is there
    expect(plain).not.toContain(secret);
    expect(plain).not.toContain(note.id);
    expect(Object.keys(JSON.parse(plain).tables)).not.toContain('person_notes');

    // Asked for, the rows are there, sealed to their author (issue 12): the text never leaves in clear.
    const full = exportCanonical(rt.store.sqlite, { includePrivate: true });
    expect(full).not.toContain(secret);
    expect((JSON.parse(full).tables.person_notes as { id: string; body: string }[]).map((n) => [n.id, n.body.slice(0, 5)])).toEqual([[note.id, 'rpn1:']]);
    closeTest(rt);
  });
});

// ---- The CLI: two processes in all ----

// The CLI as processes, `demo` among them: up to 4 s on a loaded 2-core machine.
describe('rapport CLI on the domain', { timeout: 60_000 }, () => {
  const rapport = (args: string[]) => {
    const res = spawnSync(process.execPath, ['electron/host/bin.mjs', ...args], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    });
    return { code: res.status, out: res.stdout, err: res.stderr };
  };

  it('refuses an invalid person (exit 1, message on stderr), then `demo` loads 30 accounts, 400 people, 3000 touchpoints', async () => {
    const data = scratchDir();
    const bad = rapport(['--data', data, 'api', 'people.create', JSON.stringify({ accountId: 'x', name: '', influence: 9 })]);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('');
    expect(bad.err.trim()).toBe('Name: Required. Influence: Must be at most 5. Correct the input and try again; nothing was saved.');

    const demo = rapport(['--data', data, 'demo']);
    expect(demo.err).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/30 accounts, 400 people, 3000 touchpoints/);

    const rt = openTest(data);
    const page = await call<{ total: number; rows: { id: string; people: number }[] }>(rt, 'portfolio.list', { limit: 1000 });
    expect(page.total).toBe(30);
    expect(page.rows.reduce((n, r) => n + r.people, 0)).toBe(400);
    let people = 0;
    let touchpoints = 0;
    for (const row of page.rows) {
      people += (await call<Rec[]>(rt, 'people.list', { accountId: row.id, state: 'all' })).length;
      touchpoints += (await call<Rec[]>(rt, 'touchpoints.list', { accountId: row.id })).length;
    }
    // `state: all`: the refused person left nothing behind, not even in the bin.
    expect(people).toBe(400);
    expect(touchpoints).toBe(3000);
    expect(await call<Rec[]>(rt, 'accounts.list', {})).toHaveLength(30);
    closeTest(rt);
  });
});
