/**
 * Saved column mappings ("presets"), by name. Kept per device (local_meta), not synced: a mapping
 * fits the spreadsheets one person keeps, and a teammate's preset changing under you mid-import
 * would surprise more than help. Shared presets can come later as a synced kind.
 */
import { ImportPreset } from '../../../shared/import/schemas';
import { deleteMeta, readMetaWithPrefix, writeMeta } from '../../store/meta';
import type { ServiceContext } from '../context';

const PREFIX = 'importPreset:';

export function listPresets(ctx: ServiceContext): ImportPreset[] {
  const presets: ImportPreset[] = [];
  for (const value of readMetaWithPrefix<unknown>(ctx.store.sqlite, PREFIX).values()) {
    const parsed = ImportPreset.safeParse(value);
    if (parsed.success) presets.push(parsed.data);
  }
  return presets.sort((a, b) => a.name.localeCompare(b.name, ctx.locale));
}

export function findPreset(ctx: ServiceContext, name: string): ImportPreset | undefined {
  return listPresets(ctx).find((p) => p.name === name);
}

export function savePreset(ctx: ServiceContext, preset: ImportPreset): ImportPreset {
  writeMeta(ctx.store.sqlite, PREFIX + preset.name, preset);
  return preset;
}

export function deletePreset(ctx: ServiceContext, name: string): { deleted: boolean } {
  const had = findPreset(ctx, name) !== undefined;
  deleteMeta(ctx.store.sqlite, PREFIX + name);
  return { deleted: had };
}
