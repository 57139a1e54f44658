/**
 * Candidate duplicate pairs with a score and the reasons, found by blocking keys: records are
 * grouped by each key they have (core name, its pinyin, phone, e-mail, name within the account)
 * and only records that share a key are compared, so 100,000 people cost a few passes, never all
 * pairs. A key held by very many records (a switchboard number, 张伟 at a big account) says
 * little: such a block is left out rather than paired out.
 */
import { companyKeys, emailKey, personKeys, phoneKey } from './normalize';

export type DuplicateKind = 'accounts' | 'people';

/** Why two records look like one; each has words under `duplicates.reasons.*`. */
export const REASONS = [
  'same_name',
  'same_name_spelled',
  'name_contains',
  'same_phone',
  'same_email',
  'same_name_in_account',
  'same_name_spelled_in_account',
] as const;
export type Reason = (typeof REASONS)[number];

const WEIGHT: Record<Reason, number> = {
  same_email: 0.95,
  same_name: 0.9,
  same_name_in_account: 0.85,
  same_phone: 0.8,
  same_name_spelled: 0.8,
  same_name_spelled_in_account: 0.7,
  name_contains: 0.6,
};

/** Each further reason closes part of the distance to certainty. */
export function scoreOf(reasons: readonly Reason[]): number {
  let miss = 1;
  for (const r of reasons) miss *= 1 - WEIGHT[r];
  return Math.round((1 - miss) * 100) / 100;
}

export interface Candidate {
  kind: DuplicateKind;
  /** The pair's ids in string order. */
  a: string;
  b: string;
  score: number;
  reasons: Reason[];
}

export interface AccountLike {
  id: string;
  name: string;
  aliases?: readonly string[] | null;
}

export interface PersonLike {
  id: string;
  accountId: string;
  name: string;
  phone?: string | null;
  email?: string | null;
}

/** Blocks larger than this say too little to pair out. */
export const MAX_BLOCK = 50;
/** A contained core name must be at least this long (in characters; Latin letters count half). */
const MIN_CONTAINED = 2;

class Pairs {
  private readonly found = new Map<string, Set<Reason>>();

  add(x: string, y: string, reason: Reason): void {
    if (x === y) return;
    const key = x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`;
    let reasons = this.found.get(key);
    if (!reasons) this.found.set(key, (reasons = new Set()));
    reasons.add(reason);
  }

  /** Every pair of ids sharing each key, for blocks of a sensible size. */
  addBlocks(blocks: Map<string, string[]>, reason: Reason): void {
    for (const ids of blocks.values()) {
      if (ids.length < 2 || ids.length > MAX_BLOCK) continue;
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) this.add(ids[i]!, ids[j]!, reason);
    }
  }

  candidates(kind: DuplicateKind): Candidate[] {
    const out: Candidate[] = [];
    for (const [key, set] of this.found) {
      const [a, b] = key.split('\u0000') as [string, string];
      // The stronger reason says it all: same name needs no "spelled alike" or "contains" besides.
      const reasons = REASONS.filter((r) => set.has(r) && !implied(r, set));
      out.push({ kind, a, b, score: scoreOf(reasons), reasons });
    }
    return out.sort((x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
  }
}

const implied = (r: Reason, set: ReadonlySet<Reason>): boolean =>
  (r === 'same_name_spelled' && set.has('same_name')) ||
  (r === 'name_contains' && (set.has('same_name') || set.has('same_name_spelled'))) ||
  (r === 'same_name_spelled_in_account' && set.has('same_name_in_account'));

function push(blocks: Map<string, string[]>, key: string | null, id: string): void {
  if (!key) return;
  const ids = blocks.get(key);
  if (ids) {
    if (ids[ids.length - 1] !== id) ids.push(id);
  } else blocks.set(key, [id]);
}

/**
 * A name's keys, remembered: an import checks each new account against every existing one, and
 * the pinyin of ten thousand names is most of what a check costs. Bounded, so a long session's
 * memory does not grow without end.
 */
const keysCache = new Map<string, ReturnType<typeof companyKeys>>();
function keysOf(name: string): ReturnType<typeof companyKeys> {
  let keys = keysCache.get(name);
  if (!keys) {
    if (keysCache.size >= 200_000) keysCache.clear();
    keysCache.set(name, (keys = companyKeys(name)));
  }
  return keys;
}

const weightOf = (core: string): number => [...core].reduce((n, ch) => n + (/[a-z0-9]/.test(ch) ? 0.5 : 1), 0);

/** Pairs of accounts whose names (or aliases) look like one company. */
export function accountPairs(accounts: readonly AccountLike[]): Candidate[] {
  const pairs = new Pairs();
  const byCore = new Map<string, string[]>();
  const byLatin = new Map<string, string[]>();
  const cores: [core: string, id: string][] = [];
  for (const account of accounts) {
    for (const name of [account.name, ...(account.aliases ?? [])]) {
      const { core, latin } = keysOf(name);
      if (!core) continue;
      push(byCore, core, account.id);
      push(byLatin, latin, account.id);
      cores.push([core, account.id]);
    }
  }
  pairs.addBlocks(byCore, 'same_name');
  pairs.addBlocks(byLatin, 'same_name_spelled');
  // One core the start of another (宁德时代 in 宁德时代电池): sorted, each core meets the ones it begins.
  cores.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  for (let i = 0; i < cores.length; i++) {
    const [core, id] = cores[i]!;
    if (weightOf(core) < MIN_CONTAINED) continue;
    for (let j = i + 1, seen = 0; j < cores.length && cores[j]![0].startsWith(core) && seen < MAX_BLOCK; j++, seen++) {
      if (cores[j]![0] !== core) pairs.add(id, cores[j]![1], 'name_contains');
    }
  }
  return pairs.candidates('accounts');
}

/** Pairs of people: the same e-mail or phone anywhere, the same name (or its spelling) within one account. */
export function peoplePairs(people: readonly PersonLike[]): Candidate[] {
  const pairs = new Pairs();
  const byName = new Map<string, string[]>();
  const byLatin = new Map<string, string[]>();
  const byPhone = new Map<string, string[]>();
  const byEmail = new Map<string, string[]>();
  for (const person of people) {
    const keys = personKeys(person.name);
    if (keys.name) push(byName, `${person.accountId}\u0000${keys.name}`, person.id);
    if (keys.latin) push(byLatin, `${person.accountId}\u0000${keys.latin}`, person.id);
    push(byPhone, phoneKey(person.phone), person.id);
    push(byEmail, emailKey(person.email), person.id);
  }
  pairs.addBlocks(byName, 'same_name_in_account');
  pairs.addBlocks(byLatin, 'same_name_spelled_in_account');
  pairs.addBlocks(byPhone, 'same_phone');
  pairs.addBlocks(byEmail, 'same_email');
  return pairs.candidates('people');
}

export interface Match {
  id: string;
  score: number;
  reasons: Reason[];
}

/** The existing accounts a new name looks like (the create form's warning), best first. */
export function matchAccount(name: string, existing: readonly AccountLike[]): Match[] {
  const index = new AccountIndex();
  for (const account of existing) index.add(account);
  return index.match(name);
}

/** Matches by their reasons, best first (as Pairs.candidates words and orders them). */
function ranked(found: Map<string, Set<Reason>>): Match[] {
  const out: Match[] = [];
  for (const [id, set] of found) {
    const reasons = REASONS.filter((r) => set.has(r) && !implied(r, set));
    out.push({ id, score: scoreOf(reasons), reasons });
  }
  return out.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
}

/**
 * Accounts by their names' keys, for checking names one after another against them (an import
 * of 10,000 accounts compared each with all before it: minutes). Matches as accountPairs pairs:
 * the same core, the same spelling in Latin letters, one core the start of the other.
 */
export class AccountIndex {
  private readonly byCore = new Map<string, string[]>();
  private readonly byLatin = new Map<string, string[]>();
  /** Every core with its account, in order: the cores a name begins are found by binary search. */
  private readonly sorted: [core: string, id: string][] = [];

  add(account: AccountLike): void {
    for (const name of [account.name, ...(account.aliases ?? [])]) {
      const { core, latin } = keysOf(name);
      if (!core) continue;
      push(this.byCore, core, account.id);
      push(this.byLatin, latin, account.id);
      this.sorted.splice(this.lowerBound(core), 0, [core, account.id]);
    }
  }

  match(name: string): Match[] {
    const { core, latin } = keysOf(name);
    if (!core) return [];
    const found = new Map<string, Set<Reason>>();
    const note = (id: string, reason: Reason) => {
      let reasons = found.get(id);
      if (!reasons) found.set(id, (reasons = new Set()));
      reasons.add(reason);
    };
    // The name makes each block one larger.
    const block = (ids: string[] | undefined, reason: Reason) => {
      if (ids && ids.length + 1 <= MAX_BLOCK) for (const id of ids) note(id, reason);
    };
    block(this.byCore.get(core), 'same_name');
    block(latin ? this.byLatin.get(latin) : undefined, 'same_name_spelled');
    // Cores that begin with this one (宁德时代 → 宁德时代电池)…
    if (weightOf(core) >= MIN_CONTAINED) {
      for (let j = this.lowerBound(core), seen = 0; j < this.sorted.length && this.sorted[j]![0].startsWith(core) && seen < MAX_BLOCK; j++, seen++) {
        if (this.sorted[j]![0] !== core) note(this.sorted[j]![1], 'name_contains');
      }
    }
    // …and cores this one begins with.
    const chars = [...core];
    for (let k = 1; k < chars.length; k++) {
      const start = chars.slice(0, k).join('');
      if (weightOf(start) < MIN_CONTAINED) continue;
      const ids = this.byCore.get(start);
      if (ids) for (const id of ids.slice(0, MAX_BLOCK)) note(id, 'name_contains');
    }
    return ranked(found);
  }

  private lowerBound(core: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]![0] < core) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The existing people a new person looks like, best first. */
export function matchPerson(draft: Omit<PersonLike, 'id'>, existing: readonly PersonLike[]): Match[] {
  const index = new PeopleIndex();
  for (const person of existing) index.add(person);
  return index.match(draft);
}

/** A person's blocking keys, each with the reason two people sharing it look alike (as peoplePairs blocks them). */
function blockingKeys(person: Omit<PersonLike, 'id'>): [Reason, string][] {
  const keys = personKeys(person.name);
  const out: [Reason, string][] = [];
  if (keys.name) out.push(['same_name_in_account', `${person.accountId}\u0000${keys.name}`]);
  if (keys.latin) out.push(['same_name_spelled_in_account', `${person.accountId}\u0000${keys.latin}`]);
  const phone = phoneKey(person.phone);
  if (phone) out.push(['same_phone', phone]);
  const email = emailKey(person.email);
  if (email) out.push(['same_email', email]);
  return out;
}

/**
 * People by their blocking keys, for checking drafts one after another against them: an import
 * checks each person it adds against those there and those it added before, and a person's keys
 * (pinyin above all) are worked out once, not once per check. Matches as peoplePairs pairs.
 */
export class PeopleIndex {
  private readonly blocks = new Map<string, string[]>();
  /** The last draft matched and its keys: the person added next is usually that draft. */
  private last: { draft: Omit<PersonLike, 'id'>; keys: [Reason, string][] } | null = null;

  add(person: PersonLike): void {
    for (const [reason, key] of this.keysOf(person)) push(this.blocks, `${reason}\u0000${key}`, person.id);
  }

  private keysOf(person: Omit<PersonLike, 'id'>): [Reason, string][] {
    const last = this.last;
    if (
      last &&
      last.draft.accountId === person.accountId &&
      last.draft.name === person.name &&
      (last.draft.phone ?? null) === (person.phone ?? null) &&
      (last.draft.email ?? null) === (person.email ?? null)
    )
      return last.keys;
    return blockingKeys(person);
  }

  match(draft: Omit<PersonLike, 'id'>): Match[] {
    const found = new Map<string, Set<Reason>>();
    const keys = blockingKeys(draft);
    this.last = { draft: { accountId: draft.accountId, name: draft.name, phone: draft.phone ?? null, email: draft.email ?? null }, keys };
    for (const [reason, key] of keys) {
      const ids = this.blocks.get(`${reason}\u0000${key}`);
      // The draft makes the block one larger.
      if (!ids || ids.length + 1 > MAX_BLOCK) continue;
      for (const id of ids) {
        let reasons = found.get(id);
        if (!reasons) found.set(id, (reasons = new Set()));
        reasons.add(reason);
      }
    }
    return ranked(found);
  }
}
