/**
 * The streaming envelope (electron/sync/segment.ts) and the snapshot files built on it: written
 * and read a gzip member at a time, verified before anything is trusted, and readable by (and
 * from) the versions that held a whole file in memory.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../../electron/host/paths';
import { openStore } from '../../electron/store/open';
import { ChangeLog } from '../../electron/sync/changes';
import { EnvelopeReader, bufferSource, decodeSegment, encodeSegment, openLines, sealLines } from '../../electron/sync/segment';
import { SNAPSHOTS_DIR, Share } from '../../electron/sync/share';
import { loadSnapshot, readSnapshot, writeSnapshot } from '../../electron/sync/snapshot';
import { badFileReason } from '../helpers/sync-sim';
import { tempDir } from '../helpers/temp';

/** Lines that do not compress much, so a few megabytes of them make a file of several members and read chunks. */
function noisyLines(count: number): string[] {
  const hex = (s: string) => createHash('sha512').update(s).digest('hex');
  return Array.from({ length: count }, (_, i) => JSON.stringify(['line', i, hex(`a${i}`), hex(`b${i}`), '预算 续约']));
}

/** What an app before the streaming envelope wrote: the body and footer gzipped as one buffer. */
function wholeBufferEnvelope(lines: string[], footer?: { lines?: number; sha256?: string }): Buffer {
  const body = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
  const sha256 = createHash('sha256').update(body).digest('hex');
  const end = JSON.stringify({ end: true, lines: lines.length, sha256, ...footer });
  return gzipSync(Buffer.concat([body, Buffer.from(`${end}\n`)]), { level: 1 });
}

/** Every line of an envelope, through the streaming reader. */
function readAll(bytes: Buffer): string[] {
  const reader = new EnvelopeReader(bufferSource(bytes));
  const lines: string[] = [];
  for (let run = reader.next(); run; run = reader.next()) lines.push(...run.toString('utf8').split('\n').slice(0, -1));
  return lines;
}

describe('the envelope, streamed', () => {
  const lines = noisyLines(12_000); // about 3.3 MB of text: four members, and more than one read chunk of gzip

  it('reads back what it wrote, across members, and an app that unzips the whole file reads it too', () => {
    const { bytes, hash } = sealLines(lines);
    expect(readAll(bytes)).toEqual(lines);
    expect(openLines(bytes)).toMatchObject({ hash, count: lines.length });
    // An earlier version: one gunzip of the whole file (every gzip reader reads members one after the other), then the footer.
    const text = gunzipSync(bytes);
    const footerAt = text.lastIndexOf(0x0a, text.length - 2) + 1;
    const footer = JSON.parse(text.subarray(footerAt).toString('utf8')) as { lines: number; sha256: string };
    expect(footer).toEqual({ end: true, lines: lines.length, sha256: hash });
    expect(createHash('sha256').update(text.subarray(0, footerAt)).digest('hex')).toBe(hash);
  });

  it('reads what earlier versions wrote (one gzip member, streamed in chunks)', () => {
    const old = wholeBufferEnvelope(lines);
    expect(old.length).toBeGreaterThan(1 << 20);
    expect(readAll(old)).toEqual(lines);
  });

  it('refuses a file cut anywhere: inside a member, between members, or inside an old single member', () => {
    const { bytes } = sealLines(lines);
    for (const cut of [10, 1000, Math.floor(bytes.length / 3), bytes.length - 40, bytes.length - 1]) {
      expect(badFileReason(() => readAll(bytes.subarray(0, cut)))).toBe('truncated');
    }
    // Whole members only: the gzip that is there is sound, the footer is not.
    const firstMember = bytes.readUInt32LE(16);
    expect(badFileReason(() => readAll(bytes.subarray(0, firstMember)))).toBe('truncated');
    const old = wholeBufferEnvelope(lines);
    expect(badFileReason(() => readAll(old.subarray(0, old.length >> 1)))).toBe('truncated');
    expect(badFileReason(() => readAll(Buffer.alloc(0)))).toBe('truncated');
  });

  it('refuses a corrupted byte, and content that does not match its footer', () => {
    const { bytes, hash } = sealLines(lines);
    const damaged = Buffer.from(bytes);
    damaged.writeUInt8(damaged.readUInt8(damaged.length >> 1) ^ 0x55, damaged.length >> 1);
    expect(['truncated', 'checksum']).toContain(badFileReason(() => readAll(damaged)));
    // Sound gzip, altered content: only the footer's checksum can tell.
    const altered = wholeBufferEnvelope([...lines.slice(0, -1), '"altered"'], { sha256: hash });
    expect(badFileReason(() => readAll(altered))).toBe('checksum');
  });

  it('refuses a footer whose line count is wrong, or that is missing', () => {
    expect(badFileReason(() => readAll(wholeBufferEnvelope(lines, { lines: lines.length + 1 })))).toBe('checksum');
    expect(badFileReason(() => readAll(gzipSync(Buffer.from(`${lines.slice(0, 3).join('\n')}\n`))))).toBe('truncated');
  });

  it('keeps segments as they were: a record count that does not match the header is refused', () => {
    const { bytes } = encodeSegment({ schema: 1, appVersion: '0.1.0', device: 'd', seq: 1, prev: null, wall: 0, deps: {}, outboxMax: 1 }, [
      ['accounts', 'a1', 'name', 'Acme', '0000000010000d', []],
    ]);
    expect(decodeSegment(bytes).records).toEqual([['accounts', 'a1', 'name', 'Acme', '0000000010000d', []]]);
    const header = {
      format: 'rapport-segment',
      version: 1,
      schema: 1,
      appVersion: '0.1.0',
      device: 'd',
      seq: 1,
      prev: null,
      wall: 0,
      deps: {},
      outboxMax: 1,
      count: 2,
    };
    expect(badFileReason(() => decodeSegment(sealLines([JSON.stringify(header), '["accounts","a1","name","Acme","x",[]]']).bytes))).toBe('checksum');
  });
});

describe('snapshot files', () => {
  /** A store with enough rows that its snapshot spans several gzip members. */
  function filledStore(dir: string) {
    const store = openStore({ dataDir: dir, migrationsDir });
    const changes = new ChangeLog(store.sqlite);
    store.sqlite.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        const id = changes.insert('accounts', {
          name: `客户 ${i} ${'x'.repeat(i % 400)}`,
          industry: i % 3 ? null : 'IT',
          share_of_wallet: i % 7 ? i / 8 : null,
        });
        if (i % 5 === 0) changes.update('accounts', id, { name: `Renamed ${i}` });
      }
    })();
    return store;
  }

  const dump = (sqlite: ReturnType<typeof openStore>['sqlite']) =>
    ['accounts', 'sync_conflicts', 'sync_pending', 'sync_purged'].map((t) => sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all());

  it('writes a snapshot of several members to its file and loads it into a new store unchanged', () => {
    const root = tempDir('rapport-snap-');
    const source = filledStore(join(root, 'a'));
    const share = new Share(join(root, 'share'));
    const name = writeSnapshot(source.sqlite, share, { schema: source.schemaVersion, appVersion: '0.1.0', device: 'a', wall: 1, vv: { a: 1 } });
    const bytes = readFileSync(join(share.root, SNAPSHOTS_DIR, name));
    expect(bytes.readUInt32LE(16)).toBeLessThan(bytes.length); // more than one member
    expect(share.listSnapshots()).toEqual([name]); // nothing but the snapshot: no temporary file left
    const target = openStore({ dataDir: join(root, 'b'), migrationsDir });
    const snap = readSnapshot(share, name);
    expect(snap.header.rows).toBe(3000);
    expect(target.sqlite.transaction(() => loadSnapshot(target.sqlite, snap))()).toBe(3000);
    expect(dump(target.sqlite)).toEqual(dump(source.sqlite));
    source.close();
    target.close();
  });

  it('loads a snapshot that an earlier version wrote as one gzip buffer', () => {
    const root = tempDir('rapport-snap-');
    const source = filledStore(join(root, 'a'));
    const share = new Share(join(root, 'share'));
    const name = writeSnapshot(source.sqlite, share, { schema: source.schemaVersion, appVersion: '0.1.0', device: 'a', wall: 1, vv: { a: 1 } });
    const path = join(share.root, SNAPSHOTS_DIR, name);
    const old = gzipSync(gunzipSync(readFileSync(path)), { level: 1 });
    writeFileSync(path, old);
    const target = openStore({ dataDir: join(root, 'b'), migrationsDir });
    target.sqlite.transaction(() => loadSnapshot(target.sqlite, readSnapshot(share, name)))();
    expect(dump(target.sqlite)).toEqual(dump(source.sqlite));
    source.close();
    target.close();
  });

  it('refuses a snapshot whose content is not what its name says, and one that changed after it was verified', () => {
    const root = tempDir('rapport-snap-');
    const source = filledStore(join(root, 'a'));
    const share = new Share(join(root, 'share'));
    const name = writeSnapshot(source.sqlite, share, { schema: source.schemaVersion, appVersion: '0.1.0', device: 'a', wall: 1, vv: { a: 1 } });
    const other = writeSnapshot(source.sqlite, share, { schema: source.schemaVersion, appVersion: '0.1.0', device: 'a', wall: 2, vv: { a: 2 } });
    const snap = readSnapshot(share, name); // verified
    const otherBytes = readFileSync(join(share.root, SNAPSHOTS_DIR, other));
    renameSync(join(share.root, SNAPSHOTS_DIR, other), join(share.root, SNAPSHOTS_DIR, `snap-${'0'.repeat(64)}.rsnap`));
    expect(badFileReason(() => readSnapshot(share, `snap-${'0'.repeat(64)}.rsnap`))).toBe('checksum');
    // Replaced meanwhile (a folder tool delivering something else under the name): the load throws at the end, its transaction rolls back.
    writeFileSync(join(share.root, SNAPSHOTS_DIR, name), otherBytes);
    const target = openStore({ dataDir: join(root, 'b'), migrationsDir });
    expect(badFileReason(() => target.sqlite.transaction(() => loadSnapshot(target.sqlite, snap))())).toBe('checksum');
    expect(target.sqlite.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
    // And opened again, it is refused before anything is read into a store.
    expect(badFileReason(() => readSnapshot(share, name))).toBe('checksum');
    source.close();
    target.close();
  });
});
