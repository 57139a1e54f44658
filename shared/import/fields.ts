/**
 * What an import can fill, per kind of sheet: each target field with its value type and the
 * header names (English and Chinese, as Excel islands name them) that suggest it. Pure: used by
 * the core to map and validate rows and by the wizard to show the choices.
 */
import { toSimplified } from '../dedupe/normalize';
import * as D from '../domain';

export const IMPORT_KINDS = ['accounts', 'people', 'touchpoints', 'purchases', 'requests', 'followups'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** How a cell's text becomes a value of the field. */
export type FieldType =
  | 'text'
  | 'list' // several values in one cell, split on ; , 、 / and new lines
  | 'int'
  | 'number'
  | 'date' // YYYY-MM-DD
  | 'datetime' // an instant; a date alone is midnight UTC
  | 'month' // YYYY-MM
  | 'bool'
  | 'enum'
  | 'enumList';

export interface ImportField {
  /** The contract field it fills, or a name that the import resolves (`account`, `reportsTo`, …). */
  field: string;
  type: FieldType;
  /** For enums: the codes (unknown values are matched against ENUM_WORDS, else reported). */
  values?: readonly string[];
  /** Header names that suggest this field (compared normalised: case, spaces and punctuation ignored). */
  headers: readonly string[];
  /** A name resolved to a record by the import: an account, a person of the account, a team member. */
  resolves?: 'account' | 'person' | 'people' | 'member';
  /** The field must be mapped for the kind to be imported at all (or, for a name, its parts: `partOf`). */
  required?: true;
  /** A part of another field, put together with its other parts when that one is not given (a name's given and family names). */
  partOf?: string;
}

const ACCOUNT: ImportField = {
  field: 'account',
  type: 'text',
  resolves: 'account',
  required: true,
  headers: [
    'account',
    'account name',
    'company',
    'organisation',
    'organization',
    'org',
    'customer',
    'client',
    '客户',
    '客户名称',
    '公司',
    '公司名称',
    '单位',
    '企业',
    '企业名称',
    '机构',
    '组织',
  ],
};

export const IMPORT_FIELDS: Readonly<Record<ImportKind, readonly ImportField[]>> = {
  accounts: [
    {
      field: 'name',
      type: 'text',
      required: true,
      headers: ['name', 'account', 'account name', 'company', 'customer', 'client', '客户', '客户名称', '公司', '公司名称', '企业名称', '名称'],
    },
    { field: 'aliases', type: 'list', headers: ['aliases', 'alias', 'short name', '简称', '别名'] },
    { field: 'industry', type: 'text', headers: ['industry', 'sector', '行业', '所属行业'] },
    { field: 'region', type: 'text', headers: ['region', 'area', 'city', 'province', '区域', '地区', '城市', '省份'] },
    { field: 'tier', type: 'enum', values: D.TIERS, headers: ['tier', 'segment', 'class', '级别', '客户级别', '分级', '客户分级'] },
    { field: 'stage', type: 'enum', values: D.STAGES, headers: ['stage', 'lifecycle', '阶段', '生命周期'] },
    { field: 'level', type: 'enum', values: D.LEVELS, headers: ['level', 'relationship level', '关系层级', '关系级别', '合作层级'] },
    { field: 'source', type: 'enum', values: D.SOURCES, headers: ['source', 'lead source', '来源', '客户来源'] },
    { field: 'shareOfWallet', type: 'number', headers: ['share of wallet', 'sow', '份额', '钱包份额'] },
    { field: 'notes', type: 'text', headers: ['notes', 'note', 'remarks', 'comment', '备注', '说明'] },
  ],
  people: [
    ACCOUNT,
    {
      field: 'name',
      type: 'text',
      required: true,
      headers: ['name', 'full name', 'display name', 'contact name', 'contact person', 'fn', '姓名', '名字', '联系人', '联系人姓名'],
    },
    // Outlook and Google Contacts export a name in parts: put together as the name (composeName).
    { field: 'givenName', type: 'text', partOf: 'name', headers: ['first name', 'given name', 'firstname', 'forename', '名'] },
    { field: 'middleName', type: 'text', partOf: 'name', headers: ['middle name', 'additional name', 'middlename'] },
    { field: 'familyName', type: 'text', partOf: 'name', headers: ['last name', 'family name', 'lastname', 'surname', '姓'] },
    { field: 'title', type: 'text', headers: ['title', 'job title', 'position', 'role title', '职位', '职务', '岗位', '头衔'] },
    { field: 'department', type: 'text', headers: ['department', 'dept', 'division', '部门', '所属部门'] },
    {
      field: 'phone',
      type: 'text',
      headers: ['phone', 'mobile', 'cell', 'tel', 'telephone', 'mobile phone', 'phone 1 - value', '手机', '手机号', '手机号码', '电话', '联系电话', '座机'],
    },
    {
      field: 'email',
      type: 'text',
      headers: ['email', 'e-mail', 'mail', 'email address', 'e-mail address', 'e-mail 1 - value', '邮箱', '电子邮件', '电子邮箱', '邮件'],
    },
    {
      field: 'reportsTo',
      type: 'text',
      resolves: 'person',
      headers: ['reports to', 'manager', 'boss', 'supervisor', '上级', '直属上级', '汇报对象', '汇报给'],
    },
    { field: 'roles', type: 'enumList', values: D.BUYING_ROLES, headers: ['roles', 'role', 'buying role', '角色', '采购角色'] },
    { field: 'stance', type: 'enum', values: D.STANCES, headers: ['stance', 'attitude', '态度', '立场'] },
    { field: 'influence', type: 'int', headers: ['influence', '影响力'] },
    { field: 'strength', type: 'int', headers: ['strength', 'relationship strength', '关系强度', '亲密度'] },
    { field: 'preferredChannel', type: 'enum', values: D.CHANNELS, headers: ['preferred channel', 'channel', '偏好渠道', '联系方式偏好'] },
    { field: 'status', type: 'enum', values: D.PERSON_STATUSES, headers: ['status', '状态', '在职状态'] },
  ],
  touchpoints: [
    ACCOUNT,
    { field: 'at', type: 'datetime', required: true, headers: ['date', 'time', 'when', 'at', 'date time', '日期', '时间', '拜访日期', '拜访时间', '接触时间'] },
    { field: 'kind', type: 'enum', values: D.TOUCHPOINT_KINDS, required: true, headers: ['kind', 'type', 'activity', '类型', '拜访类型', '活动类型'] },
    { field: 'channel', type: 'enum', values: D.CHANNELS, headers: ['channel', '渠道', '方式'] },
    { field: 'summary', type: 'text', required: true, headers: ['summary', 'subject', 'notes', 'content', '摘要', '内容', '纪要', '主题', '拜访内容'] },
    { field: 'needs', type: 'text', headers: ['needs', 'requirements', '需求', '客户需求'] },
    { field: 'departments', type: 'list', headers: ['departments', 'department', '部门'] },
    {
      field: 'participants',
      type: 'list',
      resolves: 'people',
      headers: ['participants', 'attendees', 'contacts', 'people', '参与人', '客户参与人', '对方人员', '联系人'],
    },
    { field: 'sentiment', type: 'int', headers: ['sentiment', 'mood', '情绪', '满意度'] },
  ],
  purchases: [
    ACCOUNT,
    { field: 'period', type: 'month', required: true, headers: ['period', 'month', 'date', '月份', '期间', '日期'] },
    { field: 'amount', type: 'number', required: true, headers: ['amount', 'revenue', 'value', 'sales', '金额', '销售额', '采购额', '订单金额'] },
    { field: 'currency', type: 'text', headers: ['currency', 'ccy', '币种', '货币'] },
    { field: 'productLine', type: 'text', headers: ['product line', 'product', 'sku', '产品线', '产品'] },
    { field: 'volume', type: 'number', headers: ['volume', 'quantity', 'qty', '数量', '采购量'] },
    { field: 'note', type: 'text', headers: ['note', 'notes', 'remarks', '备注'] },
  ],
  requests: [
    ACCOUNT,
    { field: 'person', type: 'text', resolves: 'person', headers: ['person', 'contact', 'reporter', '联系人', '报告人', '提出人'] },
    {
      field: 'openedAt',
      type: 'date',
      required: true,
      headers: ['opened', 'opened at', 'open date', 'created', 'date', '开单日期', '创建日期', '日期', '报修日期'],
    },
    { field: 'closedAt', type: 'date', headers: ['closed', 'closed at', 'close date', 'resolved', '关闭日期', '结案日期', '解决日期'] },
    { field: 'severity', type: 'enum', values: D.REQUEST_SEVERITIES, headers: ['severity', 'priority', '严重程度', '优先级', '级别'] },
    { field: 'channel', type: 'enum', values: D.CHANNELS, headers: ['channel', '渠道'] },
    {
      field: 'firstResponseHours',
      type: 'number',
      headers: ['first response hours', 'response hours', 'response time', '首次响应小时', '响应时长', '响应时间'],
    },
    { field: 'complaint', type: 'bool', headers: ['complaint', 'is complaint', '投诉', '是否投诉'] },
    { field: 'summary', type: 'text', required: true, headers: ['summary', 'subject', 'description', 'issue', '摘要', '问题', '问题描述', '内容'] },
  ],
  followups: [
    ACCOUNT,
    { field: 'task', type: 'text', required: true, headers: ['task', 'follow-up', 'follow up', 'action', 'todo', '任务', '跟进事项', '待办', '下一步'] },
    { field: 'dueDate', type: 'date', headers: ['due', 'due date', 'deadline', '截止日期', '到期日', '期限'] },
    { field: 'done', type: 'bool', headers: ['done', 'completed', 'status', '完成', '已完成', '状态'] },
    { field: 'owner', type: 'text', resolves: 'member', headers: ['owner', 'assignee', 'responsible', '负责人', '跟进人', '责任人'] },
  ],
};

/** The kind's fields whose value identifies a record for re-import (the natural key the user may choose). */
export const KEY_FIELDS: Readonly<Record<ImportKind, readonly string[]>> = {
  accounts: ['name'],
  people: ['name', 'email', 'phone'],
  touchpoints: [],
  purchases: [],
  requests: [],
  followups: ['task'],
};

/**
 * Words for enumeration codes as sheets write them (Chinese and English, compared normalised):
 * anything else is reported on its row with the codes it may be.
 */
export const ENUM_WORDS: Readonly<Record<string, string | readonly string[]>> = {
  // tiers
  战略: 'strategic',
  战略客户: 'strategic',
  重点: 'key',
  重点客户: 'key',
  关键: 'key',
  大客户: 'key',
  成长: 'growth',
  成长型: 'growth',
  普通: 'standard',
  一般: ['standard', 'medium'],
  标准: 'standard',
  // stages
  潜在: 'prospect',
  潜在客户: 'prospect',
  开发: 'development',
  发展: 'development',
  成长期: 'growth',
  成熟: 'maturity',
  成熟期: 'maturity',
  衰退: 'decline',
  衰退期: 'decline',
  // levels
  交易型: 'transactional',
  交易: 'transactional',
  优选供应商: 'preferred',
  首选: 'preferred',
  解决方案: 'solution',
  解决方案伙伴: 'solution',
  战略伙伴: 'strategic',
  战略合作: 'strategic',
  // buying roles
  发起者: 'initiator',
  发起人: 'initiator',
  使用者: 'user',
  用户: 'user',
  影响者: 'influencer',
  影响人: 'influencer',
  决策者: 'decider',
  决策人: 'decider',
  批准者: 'approver',
  审批人: 'approver',
  批准人: 'approver',
  采购者: 'buyer',
  采购: 'buyer',
  采购员: 'buyer',
  把关者: 'gatekeeper',
  守门人: 'gatekeeper',
  // stances
  拥护者: 'champion',
  教练: 'champion',
  coach: 'champion',
  支持者: 'supporter',
  支持: 'supporter',
  中立: 'neutral',
  怀疑: 'sceptic',
  怀疑者: 'sceptic',
  skeptic: 'sceptic',
  反对: 'opponent',
  反对者: 'opponent',
  未知: 'unknown',
  // person status
  在职: 'active',
  调岗: 'changed_role',
  变动: 'changed_role',
  离职: 'left',
  已离职: 'left',
  // touchpoint kinds
  拜访: 'visit',
  上门拜访: 'visit',
  会议: 'meeting',
  电话: ['call', 'phone'],
  通话: 'call',
  邮件: 'email',
  'e-mail': 'email',
  消息: 'message',
  微信: ['wechat', 'message'],
  活动: 'event',
  服务请求: 'service_request',
  投诉: 'complaint',
  培训: 'training',
  其他: 'other',
  // channels
  面对面: 'in_person',
  当面: 'in_person',
  'in person': 'in_person',
  'face to face': 'in_person',
  phone: 'phone',
  视频: 'video',
  短信: 'message',
  // severities
  低: 'low',
  中: 'medium',
  一般严重: 'medium',
  高: 'high',
  紧急: 'critical',
  严重: 'critical',
  致命: 'critical',
  // sources
  推荐: 'referral',
  转介绍: 'referral',
  展会: 'conference',
  会展: 'conference',
  网站: 'web',
  官网: 'web',
  人脉: 'network',
  调研: 'research',
  广告: 'advertising',
};

/** Header or value text compared loosely: full-width folded (NFKC), lower case, no spaces, underscores or punctuation. */
export const normaliseWord = (text: string): string =>
  toSimplified(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s_\-.:：()（）[\]【】*#/\\'"“”‘’]+/g, '');

const HAN = /\p{Script=Han}/u;

/**
 * A person's name from its parts, as the sheet's own convention writes it: family name first and
 * no spaces in Chinese (王 + 传福 → 王传福), given name first otherwise (José + Müller → José Müller).
 */
export function composeName(parts: { givenName?: string; middleName?: string; familyName?: string }): string {
  const given = (parts.givenName ?? '').trim();
  const middle = (parts.middleName ?? '').trim();
  const family = (parts.familyName ?? '').trim();
  if (HAN.test(family) || HAN.test(given)) return `${family}${given}${middle}`;
  return [given, middle, family].filter(Boolean).join(' ');
}

/** A person's or account's name for matching: full-width folded, case and runs of spaces ignored. */
export const normaliseName = (text: string): string => text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');

export const fieldsOf = (kind: ImportKind): readonly ImportField[] => IMPORT_FIELDS[kind];
