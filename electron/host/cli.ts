/**
 * `npx rapport [--data DIR] <command>`: the same services as the app, from a terminal.
 * Messages follow the shell's language (LANG); results are JSON on stdout, failures a sentence on
 * stderr and a non-zero exit code, so scripts can rely on both.
 */
import { parseArgs } from 'node:util';
import { methods } from '../../shared/contract';
import { resolveLocale, translator } from '../../shared/i18n';
import { startBrowserMode } from './browser-mode';
import { appVersion, defaultDataDir } from './paths';
import { openRuntime, systemLocale } from './runtime';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

const defaultIO: CliIO = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
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
        port: { type: 'string' },
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
        const result = await runtime.dispatch(method, input);
        if (!result.ok) {
          io.err(result.error.message);
          return 1;
        }
        io.out(JSON.stringify(result.value, null, 2));
        return 0;
      } finally {
        runtime.close();
      }
    }
    default:
      io.err(t('cli.unknownCommand', { command }));
      return 2;
  }
}
