/**
 * `npx rapport [--data DIR] <command>`: the same services as the app, from a terminal.
 * Messages follow the shell's language (LANG); results are JSON on stdout, failures a sentence on
 * stderr and a non-zero exit code, so scripts can rely on both. Bundled to out/cli/rapport.mjs by
 * `npm run build` (electron/bundle.ts), which bin.mjs runs: no TypeScript tooling at run time.
 *
 * The core runs in-process here (runtime.ts): the command is the only caller. SIGINT or SIGTERM
 * during a call stops its job after the chunk in progress, closes the store and exits 0.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CallFailure } from '../services/context';
import { checkShare } from '../sync/check';
import { exportCanonical } from '../sync/export';
import { Share } from '../sync/share';
import { shareFor } from '../sync/workspace';
import { workspaceCommand } from './cli-workspace';
import { STORE_FILE } from '../store/open';
import type { Stuck } from '../../shared/sync';
import { methods } from '../../shared/contract';
import { resolveLocale, translator } from '../../shared/i18n';
import { backupCommand } from './cli-backup';
import { archiveCommand } from './cli-archive';
import { startBrowserMode } from './browser-mode';
import { importCommand } from './cli-import';
import { appVersion, defaultDataDir } from './paths';
import type { Core } from './core';
import { openRuntime, systemLocale } from './runtime';
import { privacyCommand } from './cli-privacy';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

/**
 * `rapport export … | head`: the reader closes the pipe early, and the next write fails with EPIPE
 * (an unhandled 'error' event and a stack trace otherwise). What the reader did not want is dropped
 * and the command ends as it would have; any other stdout failure still surfaces.
 */
let stdoutClosed = false;
function writeStdout(text: string | Buffer): void {
  if (!stdoutClosed) process.stdout.write(text);
}
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  stdoutClosed = true;
});

const defaultIO: CliIO = {
  out: (text) => writeStdout(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
};

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const t = translator(resolveLocale(systemLocale(io.env)));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        data: { type: 'string' },
        as: { type: 'string' },
        port: { type: 'string' },
        share: { type: 'string' },
        json: { type: 'boolean' },
        snapshot: { type: 'boolean' },
        format: { type: 'string' },
        'include-private': { type: 'boolean' },
        code: { type: 'string' },
        yes: { type: 'boolean' },
        list: { type: 'string' },
        account: { type: 'string' },
        kind: { type: 'string' },
        mapping: { type: 'string' },
        key: { type: 'string' },
        sheet: { type: 'string' },
        preview: { type: 'boolean' },
        recovery: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${t('cli.seeHelp')}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    io.out(appVersion());
    return 0;
  }
  if (values.help || !command || command === 'help') {
    io.out(t('cli.help', { methods: methods.join('\n    ') }));
    return command || values.help ? 0 : 2;
  }
  const dataDir = values.data ?? defaultDataDir(io.env);

  switch (command) {
    case 'serve': {
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        io.err(t('cli.badPort', { port: values.port }));
        return 2;
      }
      const mode = await startBrowserMode({ dataDir, port, log: io.out });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await mode.close();
      return 0;
    }
    case 'api': {
      const [method, json] = rest;
      if (!method) {
        io.err(t('cli.apiUsage', { methods: methods.join(', ') }));
        return 2;
      }
      let input: unknown = {};
      if (json !== undefined) {
        try {
          input = JSON.parse(json);
        } catch (error) {
          io.err(t('cli.badJson', { detail: (error as Error).message }));
          return 2;
        }
      }
      const runtime = openRuntime(dataDir, 'cli');
      try {
        // --as takes a member's id or name; without it the device's own choice applies (me.get).
        const as = values.as === undefined ? undefined : await memberIdOf(runtime, values.as);
        const { result, stopped } = await untilSignal(runtime, io, t, () => runtime.dispatch(method, input, { as }));
        if (!result.ok) {
          io.err(result.error.message);
          return stopped ? 0 : 1;
        }
        io.out(JSON.stringify(result.value, null, 2));
        return 0;
      } finally {
        runtime.close();
      }
    }
    case 'sync': {
      const runtime = openRuntime(dataDir, 'cli');
      try {
        const shareDir = values.share ? resolve(values.share) : runtime.sync.shareDir;
        if (!shareDir) {
          io.err(t('errors.sync_off'));
          return 2;
        }
        let last = '';
        const summary = runtime.sync.runOnce({
          shareDir,
          forceSnapshot: values.snapshot,
          onProgress: (p) => {
            const line = t('cli.syncProgress', { phase: t(`sync.phase.${p.phase}`), done: p.done, total: p.total });
            if (!values.json && line !== last && p.total > 1) io.err(line);
            last = line;
          },
        });
        io.out(values.json ? JSON.stringify(summary, null, 2) : t('cli.syncSummary', { ...summary }));
        if (!values.json && summary.formatRecreated) io.err(t('sync.formatRecreated'));
        // A round that could not make progress is not a success for a script either.
        for (const line of stuckLines(runtime.sync.stuck(), t)) io.err(line);
        return runtime.sync.stuck().length > 0 ? 3 : 0;
      } catch (error) {
        io.err(error instanceof CallFailure ? t(`errors.${error.messageKey}`, error.params) : (error as Error).message);
        for (const line of stuckLines(runtime.sync.stuck(), t)) io.err(line);
        return 1;
      } finally {
        runtime.close();
      }
    }
    case 'demo': {
      const runtime = openRuntime(dataDir, 'cli');
      try {
        const { result, stopped } = await untilSignal(runtime, io, t, () => runtime.dispatch('demo.load', {}));
        if (!result.ok) {
          io.err(result.error.message);
          return stopped ? 0 : 1;
        }
        io.out(t('cli.demoLoaded', result.value as Record<string, unknown>));
        return 0;
      } finally {
        runtime.close();
      }
    }
    case 'check': {
      // This device's own states are told too, when its store exists and syncs through this share.
      const device = existsSync(join(dataDir, STORE_FILE)) ? openRuntime(dataDir, 'cli') : undefined;
      try {
        const shareDir = values.share ? resolve(values.share) : (device?.sync.shareDir ?? device?.sync.lastShareDir);
        if (!shareDir) {
          io.err(t('cli.needShare'));
          return 2;
        }
        const report = checkShare(shareFor(device?.store.sqlite, shareDir, (root) => new Share(root)));
        const stuck = device?.sync.lastShareDir === shareDir ? device.sync.stuck() : [];
        if (values.json) io.out(JSON.stringify({ ...report, stuck }, null, 2));
        else {
          for (const f of report.findings) io.out(`${t(`check.level.${f.level}`)} ${t(`check.${f.code}`, f.params)}`);
          for (const line of stuckLines(stuck, t)) io.out(line);
          io.out(t('check.summary', { ...report }));
        }
        return report.errors > 0 || stuck.length > 0 ? 1 : 0;
      } finally {
        device?.close();
      }
    }
    case 'workspace':
      return workspaceCommand(dataDir, rest, values, io, t);
    case 'archive':
      return archiveCommand(rest, dataDir, io, t);
    case 'export': {
      const format = values.format ?? 'json';
      const runtime = openRuntime(dataDir, 'cli');
      try {
        if (format === 'json') {
          writeStdout(exportCanonical(runtime.store.sqlite, { includePrivate: values['include-private'] }));
          return 0;
        }
        // The app's exports (services/exports.ts): a list as CSV or Excel, people as vCard, follow-ups and renewals as iCalendar.
        const as = values.as === undefined ? null : await memberIdOf(runtime, values.as);
        const call =
          format === 'vcard'
            ? (['exports.contacts', { accountId: values.account ?? null }] as const)
            : format === 'ics'
              ? (['exports.calendar', { ownerId: as }] as const)
              : format === 'csv' || format === 'xlsx'
                ? values.list === undefined
                  ? undefined
                  : ([
                      'exports.list',
                      values.list === 'followups'
                        ? { list: values.list, format, ownerId: as, withinDays: 365 }
                        : values.list === 'portfolio'
                          ? { list: values.list, format }
                          : { list: values.list, format, accountId: values.account },
                    ] as const)
                : null;
        if (call === null) {
          io.err(t('cli.badFormat', { format }));
          return 2;
        }
        if (call === undefined) {
          io.err(t('cli.needList'));
          return 2;
        }
        const { result, stopped } = await untilSignal(runtime, io, t, () => runtime.dispatch(call[0], call[1]));
        if (!result.ok) {
          io.err(result.error.message);
          return stopped ? 0 : 1;
        }
        const file = result.value as { fileName: string; base64: string };
        writeStdout(Buffer.from(file.base64, 'base64'));
        return 0;
      } finally {
        runtime.close();
      }
    }
    case 'import': {
      const runtime = openRuntime(dataDir, 'cli');
      try {
        const as = values.as === undefined ? undefined : await memberIdOf(runtime, values.as);
        const args = {
          file: rest[0],
          kind: values.kind,
          mapping: values.mapping,
          key: values.key,
          sheet: values.sheet,
          preview: values.preview,
          as,
          locale: systemLocale(io.env),
        };
        return await importCommand(runtime, args, io, t, (call) => untilSignal(runtime, io, t, call));
      } finally {
        runtime.close();
      }
    }
    case 'me':
    case 'person':
      return privacyCommand(
        command,
        rest,
        {
          code: values.code,
          yes: values.yes,
          format: values.format,
          includePrivate: values['include-private'],
          as: async (core) => (values.as === undefined ? undefined : memberIdOf(core, values.as)),
        },
        dataDir,
        io,
        resolveLocale(systemLocale(io.env)),
        t,
      );
    case 'backup':
      return backupCommand(rest, { dataDir, force: values.force, json: values.json }, io, t);
    default:
      io.err(t('cli.unknownCommand', { command }));
      return 2;
  }
}

/**
 * Runs one call with SIGINT and SIGTERM asking its job to stop after the chunk in progress (the
 * default would kill the process mid-chunk); says whether a signal came, so the command ends 0.
 */
async function untilSignal<T>(core: Core, io: CliIO, t: ReturnType<typeof translator>, call: () => Promise<T>): Promise<{ result: T; stopped: boolean }> {
  let stopped = false;
  const stop = () => {
    if (!stopped) io.err(t('cli.stopping'));
    stopped = true;
    void core.jobs.cancelAll();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    return { result: await call(), stopped };
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Each state in which sync cannot make progress, in words: what, since when, and what to do. */
function stuckLines(stuck: Stuck[], t: ReturnType<typeof translator>): string[] {
  return stuck.map(
    (s) =>
      `${t('check.level.error')} ${t(`sync.stuck.${s.code}`, s.params)} (${t('sync.stuck.since', { when: s.since })}) ${t(`sync.stuck.${s.code}Remedy`, s.params)}`,
  );
}

/** A member named by id or by name (case and runs of spaces ignored); an unknown one passes as given, for the dispatcher to refuse in words. */
async function memberIdOf(runtime: Core, given: string): Promise<string> {
  const norm = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');
  const listed = await runtime.dispatch('members.list', {});
  const members = listed.ok ? (listed.value as { id: string; name: string }[]) : [];
  return members.find((m) => m.id === given.trim())?.id ?? members.find((m) => norm(m.name) === norm(given))?.id ?? given;
}
