/**
 * Every contract method, over browser mode's real HTTP bridge, with malformed input (seeded, so a
 * failure replays): never a 5xx, never a crash, always a JSON envelope that says what is wrong, and
 * nothing written. Malformed by construction: not an object, or an object with a field no schema
 * knows (the inputs are strict), or each known field given a value of a type nothing accepts.
 */
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, methods } from '../../shared/contract';
import { startBridge, type RunningBridge } from '../../electron/host/bridge';
import { openRuntime, type HostRuntime } from '../../electron/host/runtime';
import { exportCanonical } from '../../electron/sync/export';
import { tempDir } from '../helpers/temp';

function post(port: number, token: string, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The keys a method's input object declares (none for a non-object input). */
function keysOf(method: (typeof methods)[number]): string[] {
  const schema = contract[method].input as unknown as { shape?: Record<string, unknown>; options?: { shape?: Record<string, unknown> }[] };
  if (schema.shape) return Object.keys(schema.shape);
  return [...new Set((schema.options ?? []).flatMap((o) => Object.keys(o.shape ?? {})))];
}

const nasty = fc.oneof(
  fc.constantFrom('\u0000', '%', '%%%', '\\', '"; DROP TABLE accounts; --', '__proto__', 'x'.repeat(70_000), '\ud800', '元', '  '),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
/** Values no field of the contract takes: objects and arrays where scalars or ids go, and the reverse is covered by `nasty` on unknown keys. */
const wrongType = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 5 }), nasty, { minKeys: 1, maxKeys: 3 }),
  fc.array(fc.array(nasty), { minLength: 1, maxLength: 2 }),
);

describe('contract fuzz over the HTTP bridge', () => {
  let runtime: HostRuntime;
  let bridge: RunningBridge;
  let before: string;

  beforeAll(async () => {
    runtime = openRuntime(tempDir(), 'browser');
    await runtime.dispatch('accounts.create', { name: '宁德时代' });
    bridge = await startBridge({ dispatch: runtime.dispatch, rendererDir: tempDir() });
    before = exportCanonical(runtime.store.sqlite, { includePrivate: true });
  });
  afterAll(async () => {
    await bridge.close();
    runtime.close();
  });

  it('answers every malformed call with a 4xx envelope that says what is wrong, and writes nothing', async () => {
    const seen = new Map<number, number>();
    for (const method of methods) {
      const keys = keysOf(method);
      const input = fc.oneof(
        // Not an object at all.
        fc.oneof(nasty, fc.array(nasty, { maxLength: 3 })),
        // A field no schema knows, beside maybe-valid ones.
        fc.record({ zz_unknown_field: nasty }),
        // Each declared field with a value of a type it never takes.
        ...(keys.length > 0 ? [fc.record(Object.fromEntries(keys.map((k) => [k, wrongType])), { requiredKeys: [keys[0]!] })] : []),
      );
      await fc.assert(
        fc.asyncProperty(input, async (value) => {
          const reply = await post(bridge.port, bridge.token, `/api/${method}`, JSON.stringify(value) ?? 'null');
          seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1);
          expect(reply.status, `${method} ${JSON.stringify(value)?.slice(0, 200)}`).toBeLessThan(500);
          const envelope = JSON.parse(reply.body) as { ok: boolean; error?: { code: string; message: string } };
          expect(envelope.ok, `${method} accepted ${JSON.stringify(value)?.slice(0, 200)}`).toBe(false);
          expect(envelope.error!.message.length).toBeGreaterThan(10);
        }),
        { seed: 20261205, numRuns: 12 },
      );
    }
    // Malformed method names too: never a 5xx.
    for (const name of ['accounts.%zz', '%E0%A4%A', '..%2F..%2Fetc', 'a'.repeat(5000), 'accounts.create%00']) {
      const reply = await post(bridge.port, bridge.token, `/api/${name}`, '{}');
      expect(reply.status, name).toBeGreaterThanOrEqual(400);
      expect(reply.status, name).toBeLessThan(500);
    }
    expect([...seen.keys()].every((status) => status >= 400 && status < 500)).toBe(true);
    expect(exportCanonical(runtime.store.sqlite, { includePrivate: true })).toBe(before);
  }, 120_000);
});
