/**
 * Sample data for a first look and for tests: believable accounts, decision chains (Chinese and
 * English names), touchpoints over two years, follow-ups and initiatives. Seeded, so the same
 * request gives the same data; written through the change log like any user edit.
 *
 * A job (jobs.ts): it yields after each account, person and touchpoint (each with its parts), so
 * the runner commits in short chunks, tells the progress, and can stop it between two chunks.
 */
import type { z } from 'zod';
import { BUYING_ROLES, INITIATIVE_KINDS, LEVELS, SOURCES, STAGES, TIERS, TOUCHPOINT_KINDS, type DemoLoadInput, type DemoLoadResult } from '../../shared/domain';
import { portfolio } from '../store/read-models';
import { CallFailure, type ServiceContext } from './context';
import type { JobWork } from './jobs';
import type { SqlValue } from '../sync/changes';

/** mulberry32: a small seeded generator, enough for sample data. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}

const ZH_COMPANIES = [
  '华为技术',
  '中兴通讯',
  '比亚迪汽车',
  '美的集团',
  '海尔智家',
  '顺丰速运',
  '招商银行',
  '万科地产',
  '格力电器',
  '宁德时代',
  '联想集团',
  '小米科技',
  '京东物流',
  '中国移动',
  '平安保险',
  '腾讯云',
  '阿里云',
  '三一重工',
  '长城汽车',
  '海康威视',
];
const EN_COMPANIES = [
  'Siemens China',
  'Bosch Automotive',
  'Schneider Electric',
  'ABB Robotics',
  'Philips Healthcare',
  'Unilever',
  'Maersk Line',
  'Nestlé',
  'BASF',
  'Accenture',
  'Volvo Cars',
  'Ericsson',
  'DHL Supply Chain',
  'Roche Diagnostics',
  'Shell Trading',
];
const INDUSTRIES = ['telecom', 'automotive', 'manufacturing', 'finance', 'logistics', 'energy', 'healthcare', 'retail', 'technology'];
const REGIONS = ['华东', '华南', '华北', '西南', 'Europe', 'APAC'];
const ZH_SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const ZH_GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '建华', '志强', '海燕', '晓东'];
const EN_FIRST = ['James', 'Anna', 'Lukas', 'Sophie', 'Daniel', 'Emma', 'Thomas', 'Laura', 'Michael', 'Julia', 'David', 'Sarah'];
const EN_LAST = ['Müller', 'Schmidt', 'Johnson', 'Andersson', 'Dubois', 'Rossi', 'Smith', 'Jansen', 'Brown', 'Nielsen'];
const DEPARTMENTS = ['procurement', 'finance', 'technical', 'operations', 'management', 'IT', 'quality'];
const ZH_DEPARTMENTS: Record<string, string> = {
  procurement: '采购部',
  finance: '财务部',
  technical: '技术部',
  operations: '运营部',
  management: '总经办',
  IT: '信息部',
  quality: '质量部',
};
const TITLES_ZH = ['总经理', '副总裁', '采购总监', '技术总监', '财务经理', '采购经理', '项目经理', '工程师', '信息部主管', '质量经理'];
const TITLES_EN = [
  'CEO',
  'Vice President',
  'Procurement Director',
  'CTO',
  'Finance Manager',
  'Purchasing Manager',
  'Project Manager',
  'Engineer',
  'IT Lead',
  'Quality Manager',
];
const SUMMARIES_ZH = [
  '拜访采购部，讨论下季度框架协议续签',
  '技术交流会，介绍新一代解决方案',
  '电话沟通交付进度，客户对工期有顾虑',
  '高层战略对话，确认明年合作重点',
  '处理服务请求：现场设备告警',
  '客户投诉响应时间过长，已安排专人跟进',
  '培训客户工程师使用新平台',
  '年度论坛上与决策层交流',
  '邮件发送报价单及技术方案',
  '微信沟通招标时间表',
];
const SUMMARIES_EN = [
  'Visited procurement to discuss renewing the framework agreement',
  'Technical exchange on the new platform',
  'Call about delivery schedule; concerns about lead time',
  'Executive dialogue on next year’s priorities',
  'Service request: on-site alarm handled',
  'Complaint about response time; owner assigned',
  'Trained their engineers on the new release',
  'Met decision makers at the annual forum',
  'Sent quotation and technical proposal by email',
  'Messaged about the tender timeline',
];
const NEEDS = [
  '希望缩短交付周期',
  '关注总体拥有成本',
  'Wants better reporting',
  '需要本地化服务团队',
  'Interested in a joint lab',
  '预算审批在四月',
  null,
  null,
];
const MEMBERS = [
  ['陈晓明', 'manager'],
  ['Laura Becker', 'kam'],
  ['王磊', 'kam'],
  ['李娜', 'rep'],
  ['Tom Novak', 'rep'],
  ['赵静', 'rep'],
  ['刘洋', 'kam'],
  ['周杰', 'rep'],
] as const;

type DemoCounts = z.output<typeof DemoLoadResult>;

/** Accounts that get a history of purchases, requests and surveys. */
const SIGNAL_ACCOUNTS = 300;

/** One unit of work per account, person and touchpoint: what the progress counts. */
const unitsOf = (input: z.output<typeof DemoLoadInput>) => input.accounts + input.people + input.touchpoints;

export function loadDemo(ctx: ServiceContext, input: z.output<typeof DemoLoadInput>): Promise<DemoCounts> {
  // Twice would double every record; into a store with the team's own accounts, it would mix them.
  const accounts = portfolio.count(ctx.store.sqlite, { text: '', tier: null, stage: null, level: null, ownerId: null });
  if (accounts > 0) throw new CallFailure('conflict', { count: accounts }, 'demo_not_empty');
  // Told whole at the end, not chunk by chunk: the first-run page that started it (and says when it
  // is done) would give way to the filling portfolio before it could say so.
  return ctx.jobs.run('demo', demoWork(ctx, input), unitsOf(input));
}

function* demoWork(ctx: ServiceContext, input: z.output<typeof DemoLoadInput>): JobWork<DemoCounts> {
  const rnd = random(20261124);
  const now = Date.parse(ctx.now());
  const day = 86_400_000;
  const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const counts = { accounts: 0, people: 0, touchpoints: 0, followUps: 0, initiatives: 0 };
  const insert = (table: Parameters<typeof ctx.changes.insert>[0], values: Record<string, SqlValue>) => ctx.changes.insert(table, values);
  const total = unitsOf(input);
  let done = 0;
  const step = () => ({ done: ++done, total });

  const members = MEMBERS.map(([name, role]) => insert('members', { name, role, email: null, active: 1 }));
  const month = (back: number) => {
    const d = new Date(now);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - back);
    return d.toISOString().slice(0, 7);
  };

  /**
   * The health signals of an account: a year of purchases, a few service requests, quarterly
   * satisfaction answers. The first three accounts tell the stories of the articles: purchases
   * falling three months running (an alert), a decider who left last week (see below), and a
   * healthy strategic account (the fourth: the first three Chinese ones tell them); the rest vary
   * around a steady trend.
   */
  /** The signals draw from their own sequence: the rest of the sample data stays as it was before they existed. */
  const srnd = random(20261204);
  function signalsOf(accountId: string, zh: boolean, index: number): void {
    const currency = zh ? 'CNY' : 'EUR';
    const base = srnd.int(20, 400) * 10_000;
    for (let back = 12; back >= 1; back--) {
      let factor = 1 + (srnd.next() - 0.5) * 0.2;
      if (index === 0) factor = back <= 3 ? 1 - (4 - back) * 0.18 : 1.05; // falling since three months
      if (index === 3) factor = 1 + (12 - back) * 0.02; // growing steadily
      if (index === 1) factor = 1 + (12 - back) * 0.01; // steady: what changed there is a person
      insert('purchases', {
        account_id: accountId,
        period: month(back),
        amount: Math.round(base * factor),
        currency,
        product_line: zh ? srnd.pick(['动力电池', '储能系统', '技术服务']) : srnd.pick(['Drives', 'Automation', 'Services']),
        volume: null,
        note: null,
      });
    }
    const requests = index === 0 ? 4 : srnd.int(0, 2);
    for (let r = 0; r < requests; r++) {
      const opened = now - srnd.int(5, index === 0 ? 60 : 300) * day;
      insert('service_requests', {
        account_id: accountId,
        person_id: null,
        opened_at: isoDay(opened),
        closed_at: srnd.chance(0.7) ? isoDay(opened + srnd.int(1, 10) * day) : null,
        severity: index === 0 ? srnd.pick(['high', 'critical']) : srnd.pick(['low', 'medium', 'medium', 'high']),
        channel: srnd.pick(['phone', 'email', 'wechat']),
        first_response_hours: srnd.int(1, 48),
        complaint: index === 0 || srnd.chance(0.15) ? 1 : 0,
        summary: zh
          ? srnd.pick(['设备告警，需要现场支持', '交付延迟，客户催货', '系统升级后报表异常'])
          : srnd.pick(['On-site alarm', 'Late delivery', 'Report errors after upgrade']),
      });
    }
    for (let q = 4; q >= 1; q--) {
      const nps = index === 0 ? Math.max(0, 8 - (4 - q) * 2) : index === 3 ? srnd.int(9, 10) : srnd.int(7, 10);
      insert('satisfaction_responses', {
        account_id: accountId,
        person_id: null,
        answered_on: isoDay(now - q * 90 * day + day),
        nps,
        csat: Math.max(1, Math.min(5, Math.round(nps / 2))),
        ces: null,
        comment: q === 1 && index === 0 ? (zh ? '交付和响应速度都不如以前' : 'Delivery and response are slower than before') : null,
      });
    }
  }
  const accounts: { id: string; zh: boolean }[] = [];
  for (let i = 0; i < input.accounts; i++) {
    const zh = i % 3 !== 2;
    const base = zh ? ZH_COMPANIES[i % ZH_COMPANIES.length]! : EN_COMPANIES[i % EN_COMPANIES.length]!;
    const round = Math.floor(i / (zh ? ZH_COMPANIES.length : EN_COMPANIES.length));
    const name = round === 0 ? base : `${base} ${zh ? `分公司${round}` : `Unit ${round}`}`;
    const level = rnd.pick(LEVELS);
    const id = insert('accounts', {
      name,
      aliases: JSON.stringify(zh ? [] : [name.split(' ')[0]!]),
      industry: rnd.pick(INDUSTRIES),
      region: rnd.pick(REGIONS),
      tier: rnd.pick(TIERS),
      stage: rnd.pick(STAGES),
      level,
      owner_id: rnd.pick(members),
      source: rnd.pick(SOURCES),
      share_of_wallet: rnd.int(5, 60),
      parent_id: accounts.length > 3 && rnd.chance(0.1) ? accounts[rnd.int(0, 2)]!.id : null,
    });
    insert('account_levels', { account_id: id, level: 'transactional', since: isoDay(now - rnd.int(700, 1400) * day) });
    if (level !== 'transactional') insert('account_levels', { account_id: id, level, since: isoDay(now - rnd.int(30, 600) * day) });
    for (const m of [rnd.pick(members), rnd.pick(members)])
      insert('account_team', { account_id: id, member_id: m, role: rnd.pick(['KAM', 'Sales', 'Presales', 'Service']) });
    accounts.push({ id, zh });
    // Signals for the first few hundred: enough to watch; a 10,000-account portfolio is a test of its list, not of its history.
    if (accounts.length <= SIGNAL_ACCOUNTS) signalsOf(id, zh, accounts.length - 1);
    counts.accounts++;
    yield step();
  }

  const peopleByAccount = new Map<string, string[]>();
  /** The healthy account's recent meetings, part of the touchpoints asked for. */
  let storyTouchpoints = 0;
  const perAccount = Math.max(1, Math.floor(input.people / input.accounts));
  let left = input.people;
  for (const [index, account] of accounts.entries()) {
    const n = index === accounts.length - 1 ? left : Math.min(left, perAccount);
    left -= n;
    const ids: string[] = [];
    for (let p = 0; p < n; p++) {
      const name = account.zh ? `${rnd.pick(ZH_SURNAMES)}${rnd.pick(ZH_GIVEN)}` : `${rnd.pick(EN_FIRST)} ${rnd.pick(EN_LAST)}`;
      const dept = p === 0 ? 'management' : rnd.pick(DEPARTMENTS);
      const titleIndex = p === 0 ? 0 : Math.min(TITLES_ZH.length - 1, rnd.int(1, TITLES_ZH.length - 1));
      // A believable chain: the first is the top, the next few report to them, the rest to a manager above.
      const reportsTo = p === 0 ? null : p < 4 ? ids[0]! : ids[rnd.int(1, Math.min(3, ids.length - 1))]!;
      const roles = new Set<string>();
      if (p === 0) roles.add('decider');
      if (p === 1) roles.add('approver');
      if (dept === 'procurement') roles.add('buyer');
      if (dept === 'technical' || dept === 'IT') roles.add(rnd.chance(0.5) ? 'influencer' : 'user');
      if (rnd.chance(0.15)) roles.add(rnd.pick(BUYING_ROLES));
      const status = rnd.chance(0.05) ? 'left' : rnd.chance(0.07) ? 'changed_role' : 'active';
      const id = insert('people', {
        account_id: account.id,
        name,
        title: account.zh ? TITLES_ZH[titleIndex]! : TITLES_EN[titleIndex]!,
        department: account.zh ? ZH_DEPARTMENTS[dept]! : dept,
        phone: `1${rnd.int(30, 89)}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`,
        email: null,
        reports_to_id: reportsTo,
        roles: JSON.stringify([...roles]),
        stance: rnd.pick(['champion', 'supporter', 'supporter', 'neutral', 'neutral', 'sceptic', 'opponent', 'unknown']),
        influence: p === 0 ? 5 : rnd.int(1, 4),
        strength: rnd.int(1, 5),
        owner_ids: JSON.stringify([rnd.pick(members)]),
        preferred_channel: rnd.pick(['in_person', 'phone', 'email', 'wechat']),
        cadence: account.zh ? rnd.pick(['每月', '每季度', '每两周']) : rnd.pick(['monthly', 'quarterly', 'biweekly']),
        status,
      });
      insert('person_changes', {
        person_id: id,
        account_id: account.id,
        at: new Date(now - rnd.int(200, 700) * day).toISOString(),
        field: 'stance',
        value: JSON.stringify('neutral'),
      });
      ids.push(id);
      counts.people++;
      yield step();
    }
    peopleByAccount.set(account.id, ids);
    // The second account's decider left last week; a successor is named but not yet won over (a yellow alert and its maintenance plan).
    if (index === 1 && ids[0]) {
      ctx.changes.update('people', ids[0], { status: 'left', successor_id: ids[1] ?? null });
      if (ids[1]) ctx.changes.update('people', ids[1], { roles: JSON.stringify(['decider']), stance: 'neutral' });
      insert('person_changes', {
        person_id: ids[0],
        account_id: account.id,
        at: new Date(now - 6 * day).toISOString(),
        field: 'status',
        value: JSON.stringify('left'),
      });
    }
    // The fourth (the third in Chinese) is the healthy strategic account, reviewed every quarter.
    if (index === 3) {
      ctx.changes.update('accounts', account.id, { tier: 'strategic', stage: 'maturity' });
      // Every buying-centre role held by someone who stays, met on the agreed cadence: a green account.
      ids.forEach((personId, k) => {
        const roles = k === 0 ? ['decider'] : [BUYING_ROLES[k % BUYING_ROLES.length]!];
        ctx.changes.update('people', personId, { roles: JSON.stringify(roles), status: 'active', stance: k < 3 ? 'champion' : 'supporter', cadence: null });
        if (storyTouchpoints >= input.touchpoints) return;
        storyTouchpoints++;
        counts.touchpoints++;
        step(); // a touchpoint of the requested number, told in the progress like the others
        insert('touchpoints', {
          account_id: account.id,
          at: new Date(now - (5 + k) * day).toISOString(),
          kind: 'meeting',
          departments: JSON.stringify([]),
          their_participants: JSON.stringify([personId]),
          our_participants: JSON.stringify([members[k % members.length]!, members[(k + 1) % members.length]!]),
          channel: 'in_person',
          summary: account.zh ? '季度业务回顾，确认下季度合作计划' : 'Quarterly business review',
          sentiment: 2,
          needs: null,
        });
      });
      if (ids[0]) ctx.changes.update('people', ids[0], { cadence: account.zh ? '每季度' : 'quarterly' });
    }
    for (let l = 0; l < Math.min(3, Math.floor(ids.length / 4)); l++) {
      const from = rnd.pick(ids);
      const to = rnd.pick(ids);
      if (from !== to) insert('influence_links', { account_id: account.id, from_id: from, to_id: to, strength: rnd.int(1, 5), note: null });
    }
    if (ids[0]) insert('sponsor_pairs', { account_id: account.id, member_id: members[0]!, person_id: ids[0], note: null });
    if (rnd.chance(0.7)) {
      insert('agreements', {
        account_id: account.id,
        kind: 'framework',
        title: account.zh ? '年度框架协议' : 'Framework agreement',
        start_date: isoDay(now - 300 * day),
        renewal_date: isoDay(now + rnd.int(-20, 200) * day),
        value: rnd.int(50, 2000) * 10_000,
        currency: account.zh ? 'CNY' : 'EUR',
      });
    }
    const initiativesHere = rnd.int(0, 2);
    for (let k = 0; k < initiativesHere; k++) {
      const kind = rnd.pick(INITIATIVE_KINDS);
      insert('initiatives', {
        account_id: account.id,
        kind,
        title: account.zh
          ? {
              joint_lab: '联合实验室',
              executive_dialogue: '高层战略对话',
              advisory_council: '客户咨询委员会',
              technical_exchange: '技术交流日',
              forum: '年度客户论坛',
              other: '共同创新项目',
            }[kind]
          : kind.replace('_', ' '),
        status: rnd.pick(['planned', 'active', 'done']),
        start_date: isoDay(now - rnd.int(0, 400) * day),
        our_participants: JSON.stringify([rnd.pick(members)]),
        their_participants: JSON.stringify(ids.slice(0, 2)),
      });
      counts.initiatives++;
    }
  }

  for (let i = 0; i < input.touchpoints - storyTouchpoints; i++) {
    const account = accounts[i % accounts.length]!;
    const ids = peopleByAccount.get(account.id) ?? [];
    const at = now - Math.floor(rnd.next() * 730 * day);
    const kind = rnd.pick(TOUCHPOINT_KINDS);
    const id = insert('touchpoints', {
      account_id: account.id,
      at: new Date(at).toISOString(),
      kind,
      departments: JSON.stringify([account.zh ? ZH_DEPARTMENTS[rnd.pick(DEPARTMENTS)]! : rnd.pick(DEPARTMENTS)]),
      their_participants: JSON.stringify(ids.length ? [rnd.pick(ids)] : []),
      our_participants: JSON.stringify([rnd.pick(members)]),
      channel: rnd.pick(['in_person', 'phone', 'email', 'wechat', 'video']),
      summary: account.zh ? rnd.pick(SUMMARIES_ZH) : rnd.pick(SUMMARIES_EN),
      // Mostly good days, with the odd bad one; the first account's mood has turned.
      sentiment: account === accounts[0] && at > now - 90 * day ? rnd.int(-2, 0) : rnd.pick([-1, 0, 1, 1, 2, 2]),
      needs: rnd.pick(NEEDS),
    });
    counts.touchpoints++;
    if (i % 10 === 0) {
      insert('follow_ups', {
        touchpoint_id: id,
        account_id: account.id,
        task: account.zh
          ? rnd.pick(['发送报价', '安排技术交流', '确认付款进度', '邀请参加论坛'])
          : rnd.pick(['Send quotation', 'Schedule a demo', 'Confirm payment', 'Invite to forum']),
        owner_id: rnd.pick(members),
        due_date: isoDay(now + rnd.int(-20, 40) * day),
        done: rnd.chance(0.3) ? 1 : 0,
      });
      counts.followUps++;
    }
    yield step();
  }
  return counts;
}
