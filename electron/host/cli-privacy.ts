/**
 * `rapport me key-export | key-import --code CODE` and `rapport person export ID --format json
 * [--include-private] | erase ID --yes` (issue 12): the personal key's transfer and a client
 * person's export and erase, through the same contract calls as the app (services/privacy.ts).
 */
import type { Locale, Translate } from '../../shared/i18n';
import type { Core } from './core';
import type { CliIO } from './cli';
import { openRuntime } from './runtime';

export interface PrivacyOptions {
  code?: string;
  yes?: boolean;
  format?: string;
  includePrivate?: boolean;
  /** The acting member as given with --as (an id or a name), resolved by the CLI. */
  as?: (core: Core) => Promise<string | undefined>;
}

export async function privacyCommand(
  command: 'me' | 'person',
  rest: string[],
  options: PrivacyOptions,
  dataDir: string,
  io: CliIO,
  locale: Locale,
  t: Translate,
): Promise<number> {
  const [verb, id] = rest;
  const usage = command === 'me' ? t('privacy.cli.meUsage') : t('privacy.cli.personUsage');
  const known = command === 'me' ? ['key-export', 'key-import'] : ['export', 'erase'];
  if (!verb || !known.includes(verb)) {
    io.err(usage);
    return 2;
  }
  if (verb === 'key-import' && !options.code) {
    io.err(usage);
    return 2;
  }
  if (command === 'person' && !id) {
    io.err(t('privacy.cli.needId', { verb }));
    return 2;
  }
  if (verb === 'export' && (options.format ?? 'json') !== 'json') {
    io.err(t('cli.badFormat', { format: options.format }));
    return 2;
  }
  const runtime = openRuntime(dataDir, 'cli');
  try {
    const as = await options.as?.(runtime);
    const call = async (method: string, input: unknown): Promise<unknown> => {
      const result = await runtime.dispatch(method, input, { as, locale });
      if (!result.ok) throw new Refused(result.error.message);
      return result.value;
    };
    switch (verb) {
      case 'key-export': {
        const { code, expiresAt } = (await call('privacy.keyExport', {})) as { code: string; expiresAt: string };
        io.err(t('privacy.cli.keyExported', { time: expiresAt }));
        io.out(code);
        return 0;
      }
      case 'key-import': {
        const { resealed } = (await call('privacy.keyImport', { code: options.code })) as { resealed: number };
        io.err(t('privacy.cli.keyImported', { count: resealed }));
        return 0;
      }
      case 'export': {
        io.out(JSON.stringify(await call('people.export', { personId: id, includePrivate: options.includePrivate === true }), null, 2));
        return 0;
      }
      default: {
        const person = (await call('people.get', { id })) as { name: string };
        if (!options.yes) {
          io.err(t('privacy.cli.needYes', { name: person.name }));
          return 2;
        }
        await call('people.erase', { personId: id });
        io.out(t('privacy.cli.erased', { name: person.name }));
        return 0;
      }
    }
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    io.err(error.message);
    return 1;
  } finally {
    runtime.close();
  }
}

class Refused extends Error {}
