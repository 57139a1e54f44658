/**
 * Browser mode's event stream (GET /api/events): the core on its real bundled worker
 * (`npm run build`), the bridge routing to it as browser-mode.ts composes them, a real HTTP server,
 * and raw HTTP clients that set every header themselves.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBridge, type RunningBridge } from '../../electron/host/bridge';
import type { CoreClient } from '../../electron/host/core-client';
import { coreWorkerFile } from '../../electron/host/paths';
import { startRuntimeCore } from '../../electron/host/runtime';
import { EVENT_STREAM_PATH, type AppEvent } from '../../shared/events';
import { tempDir } from '../helpers/temp';

/** One open event stream, parsed as it arrives (one `data:` line per event). */
class EventStream {
  readonly events: AppEvent[] = [];
  raw = '';
  readonly closed: Promise<void>;
  private buffer = '';
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly res: IncomingMessage,
    private readonly req: ClientRequest,
  ) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.raw += chunk;
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
        const frame = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        for (const line of frame.split('\n')) if (line.startsWith('data: ')) this.events.push(JSON.parse(line.slice('data: '.length)) as AppEvent);
      }
      for (const waiter of this.waiters) waiter();
    });
    this.closed = new Promise((resolve) => res.on('close', () => resolve()));
    void this.closed.then(() => {
      for (const waiter of this.waiters) waiter();
    });
  }

  /** The first event (told so far or later) that matches; fails if the stream ends first. */
  next(match: (event: AppEvent) => boolean): Promise<AppEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(match);
        if (found || this.res.closed) this.waiters.delete(check);
        if (found) resolve(found);
        else if (this.res.closed) reject(new Error(`the stream ended without the event; it said: ${this.raw}`));
      };
      this.waiters.add(check);
      check();
    });
  }

  /** The page goes away (a tab closed): the connection drops. */
  close(): void {
    this.req.destroy();
  }
}

type Connected = { status: number; headers: IncomingHttpHeaders } & ({ stream: EventStream } | { body: string });

/** GET `path`: an event stream stays open and is handed back as it is; any other answer is read to its end. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Connected> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const base = { status: res.statusCode ?? 0, headers: res.headers };
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        resolve({ ...base, stream: new EventStream(res, req) });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ ...base, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function post(port: number, path: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function streamOf(connected: Connected): EventStream {
  if (!('stream' in connected)) throw new Error(`no event stream: ${connected.status} ${connected.body}`);
  return connected.stream;
}

const namesAccounts = (event: AppEvent) => event.type === 'data.changed' && event.areas.includes('accounts');

describe('browser mode’s event stream', () => {
  let core: CoreClient;
  let bridge: RunningBridge;
  let cookie: string;
  /** How many event listeners the bridge holds on the core right now. */
  let subscribed = 0;

  const createAccount = (name: string) => post(bridge.port, '/api/accounts.create', { cookie }, { name });

  beforeAll(() => {
    if (!existsSync(coreWorkerFile)) throw new Error(`${coreWorkerFile} is missing: run \`npm run build\` first.`);
  });

  beforeEach(async () => {
    // As browser-mode.ts does, with the bridge's subscriptions counted on their way to the core.
    core = startRuntimeCore(tempDir(), 'browser');
    await core.ready;
    const rendererDir = tempDir();
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Rapport</title>');
    subscribed = 0;
    bridge = await startBridge({
      dispatch: core.call,
      onEvent: (listener) => {
        subscribed++;
        const off = core.onEvent(listener);
        return () => {
          subscribed--;
          off();
        };
      },
      coreState: () => core.state,
      rendererDir,
    });
    // The printed URL's token, traded for the cookie as the browser does on first open.
    const opened = await get(bridge.port, `/?token=${bridge.token}`);
    expect(opened.status).toBe(303);
    cookie = String(opened.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe(`rapport_token=${bridge.token}`);
  });

  afterEach(async () => {
    await bridge.close();
    await core.stop();
  });

  it('streams a write call’s `data.changed` to the page that holds the token cookie', async () => {
    const connected = await get(bridge.port, EVENT_STREAM_PATH, { cookie });
    expect(connected.status).toBe(200);
    expect(connected.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(connected.headers['cache-control']).toBe('no-store');
    const stream = streamOf(connected);
    expect(subscribed).toBe(1);

    const created = await createAccount('ACME');
    expect(created.status).toBe(200);
    const event = await stream.next(namesAccounts);
    expect(event).toMatchObject({ type: 'data.changed', areas: expect.arrayContaining(['accounts']) });
    expect(stream.raw.startsWith('retry: ')).toBe(true);

    // As a browser's EventSource on our own page sends it, it is let in as well.
    const sameOrigin = streamOf(await get(bridge.port, EVENT_STREAM_PATH, { cookie, origin: bridge.origin, 'sec-fetch-site': 'same-origin' }));
    // A script with the bearer token, too.
    const script = streamOf(await get(bridge.port, EVENT_STREAM_PATH, { authorization: `Bearer ${bridge.token}` }));
    expect(subscribed).toBe(3);
    await createAccount('Siemens China');
    // Every open page hears it.
    await vi.waitFor(() => {
      expect(stream.events.filter(namesAccounts)).toHaveLength(2);
      expect(sameOrigin.events.filter(namesAccounts)).toHaveLength(1);
      expect(script.events.filter(namesAccounts)).toHaveLength(1);
    });
    stream.close();
    sameOrigin.close();
    script.close();
    await vi.waitFor(() => expect(subscribed).toBe(0));
  });

  it('opens no stream without the token, from another origin or from a cross-site page', async () => {
    const refused: [Record<string, string>, number, string][] = [
      [{}, 401, 'unauthorized'],
      [{ cookie: 'rapport_token=wrong' }, 401, 'unauthorized'],
      [{ authorization: 'Bearer wrong' }, 401, 'unauthorized'],
      [{ cookie, origin: 'http://evil.example' }, 403, 'forbidden'],
      [{ cookie, origin: `http://localhost:${bridge.port + 1}` }, 403, 'forbidden'],
      [{ cookie, 'sec-fetch-site': 'cross-site' }, 403, 'forbidden'],
      // Another server on loopback is the same site but not our origin.
      [{ cookie, 'sec-fetch-site': 'same-site' }, 403, 'forbidden'],
      [{ cookie, host: `evil.example:${bridge.port}` }, 403, 'forbidden'],
    ];
    for (const [headers, status, code] of refused) {
      const answer = await get(bridge.port, EVENT_STREAM_PATH, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(status);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect('body' in answer && JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code } });
    }
    expect(subscribed).toBe(0);
  });

  it('lets go of a closed page’s listener, serves the next page, and closes with a stream still open', async () => {
    const first = streamOf(await get(bridge.port, EVENT_STREAM_PATH, { cookie }));
    expect(subscribed).toBe(1);
    first.close();
    await first.closed;
    await vi.waitFor(() => expect(subscribed).toBe(0));
    // Writes with no page listening are fine.
    expect((await createAccount('ACME')).status).toBe(200);

    const second = streamOf(await get(bridge.port, EVENT_STREAM_PATH, { cookie }));
    expect(subscribed).toBe(1);
    expect((await createAccount('BASF')).status).toBe(200);
    await second.next(namesAccounts);
    expect(first.events.filter(namesAccounts)).toHaveLength(0);

    // The server closes although the stream never ends by itself; the page sees it end.
    await bridge.close();
    await second.closed;
    await vi.waitFor(() => expect(subscribed).toBe(0));
    // The core goes on answering after its last listener left.
    expect(await core.call('accounts.list', {})).toMatchObject({ ok: true, value: [expect.anything(), expect.anything()] });
  });
});
