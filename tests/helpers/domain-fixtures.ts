/**
 * Shared helpers for the domain, search and views integration tests: a runtime on a scratch
 * folder, calls through the contract that unwrap (or expect) a Result, row counts for
 * "nothing was written" checks, and a small seeded world of members, accounts and people.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openRuntime, type HostRuntime } from '../../electron/host/runtime';
import { syncedTablesOf } from '../../electron/store/synced-tables';
import type { CallError, Result } from '../../shared/result';

export type Runtime = HostRuntime;
/** A record as the contract returns it: loosely typed, the tests check its fields. */
export type Rec = Record<string, unknown> & { id: string; createdAt: string; updatedAt: string; deletedAt: string | null };
export type Locale = 'en' | 'zh-CN';

const dirs: string[] = [];
const open = new Set<Runtime>();

/** A fresh folder; removed by `cleanup()` (call it from `afterAll`). */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-domain-'));
  dirs.push(dir);
  return dir;
}

/** A runtime (CLI mode, like the tests of accounts) on `dir`, or on a fresh folder. */
export function openTest(dir: string = scratchDir()): Runtime & { dir: string } {
  const rt = openRuntime(dir, 'cli');
  open.add(rt);
  return Object.assign(rt, { dir });
}

export function closeTest(rt: Runtime): void {
  if (!open.has(rt)) return;
  open.delete(rt);
  rt.close();
}

/** Closes every runtime still open and removes every scratch folder. */
export function cleanup(): void {
  for (const rt of [...open]) closeTest(rt);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function valueOf<T>(result: Result<unknown>, what = 'call'): T {
  if (!result.ok) throw new Error(`${what}: expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** Calls `method` and returns its value; fails the test with the error message otherwise. */
export async function call<T = Rec>(rt: Runtime, method: string, input: unknown, locale: Locale = 'en'): Promise<T> {
  return valueOf<T>(await rt.dispatch(method, input, { locale }), method);
}

/** Calls `method` expecting a failure, and returns the error. */
export async function refuse(rt: Runtime, method: string, input: unknown, locale: Locale = 'en'): Promise<CallError> {
  const result = await rt.dispatch(method, input, { locale });
  if (result.ok) throw new Error(`${method}: expected a failure, got ${JSON.stringify(result.value).slice(0, 300)}`);
  return result.error;
}

export function countRows(rt: Runtime, table: string, where = ''): number {
  return (rt.store.sqlite.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get() as { n: number }).n;
}

/** Row counts of every synced table and of the outbox: equal before and after means nothing was written. */
export function tableCounts(rt: Runtime): Record<string, number> {
  const counts: Record<string, number> = { sync_outbox: countRows(rt, 'sync_outbox') };
  for (const name of syncedTablesOf(rt.store.sqlite).keys()) counts[name] = countRows(rt, name);
  return counts;
}

/** The stored row as SQLite holds it (to check that a refused update changed nothing). */
export function rawRow(rt: Runtime, table: string, id: string): Record<string, unknown> | undefined {
  return rt.store.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
}

export const NOTHING_SAVED = { en: 'Correct the input and try again; nothing was saved.', 'zh-CN': '请修改后重试；没有保存任何内容。' } as const;

/** Asserts a validation failure: the code, the issues (path → message) and the sentence built from them. */
export function expectValidation(error: CallError, locale: Locale, issues: Record<string, string | RegExp>): void {
  expect(error.code).toBe('validation');
  const got = error.issues ?? [];
  expect(got.map((i) => i.path).sort()).toEqual(Object.keys(issues).sort());
  for (const [path, message] of Object.entries(issues)) {
    const issue = got.find((i) => i.path === path)!;
    if (typeof message === 'string') expect(issue.message).toBe(message);
    else expect(issue.message).toMatch(message);
    expect(error.message).toContain(issue.message);
  }
  expect(error.message.endsWith(NOTHING_SAVED[locale])).toBe(true);
}

/** What most tests start from: two members, two accounts with people, one touchpoint. */
export interface World {
  member: string;
  member2: string;
  accountA: string;
  accountB: string;
  personA1: string;
  personA2: string;
  personB1: string;
  touchpointA: string;
}

export async function seedWorld(rt: Runtime): Promise<World> {
  const member = (await call(rt, 'members.create', { name: '陈晓明', role: 'manager' })).id;
  const member2 = (await call(rt, 'members.create', { name: 'Laura Becker', role: 'kam' })).id;
  const accountA = (await call(rt, 'accounts.create', { name: '华为技术', ownerId: member })).id;
  const accountB = (await call(rt, 'accounts.create', { name: 'Siemens China', ownerId: member2 })).id;
  const personA1 = (await call(rt, 'people.create', { accountId: accountA, name: '张伟', title: '采购总监' })).id;
  const personA2 = (await call(rt, 'people.create', { accountId: accountA, name: '李娜', title: '技术总监' })).id;
  const personB1 = (await call(rt, 'people.create', { accountId: accountB, name: 'Anna Schmidt', title: 'CTO' })).id;
  const touchpointA = (
    await call(rt, 'touchpoints.create', { accountId: accountA, at: '2026-11-20T09:30:00.000Z', kind: 'visit', summary: '拜访采购部，讨论框架协议续签' })
  ).id;
  return { member, member2, accountA, accountB, personA1, personA2, personB1, touchpointA };
}

/** The record without the fields named (to compare what an update should have left alone). */
export function omit(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}
