/** The words for the domain's enumeration codes (shared/domain.ts), from the catalogs' `enums`. */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Option } from './forms/Fields';

export type EnumKind =
  | 'tier'
  | 'stage'
  | 'level'
  | 'source'
  | 'initiativeKind'
  | 'initiativeStatus'
  | 'agreementKind'
  | 'role'
  | 'stance'
  | 'personStatus'
  | 'touchpointKind'
  | 'channel'
  | 'memberRole'
  | 'sentiment';

export type EnumLabel = (kind: EnumKind, code: string | number | null | undefined) => string;

/**
 * A code's word in the user's language. A code this version does not know (written by a newer
 * app and synced here) shows as itself rather than as a catalog key.
 */
export function useEnumLabel(): EnumLabel {
  const { t } = useTranslation();
  return useCallback<EnumLabel>(
    (kind, code) =>
      code === null || code === undefined || code === '' ? '' : String(t(`enums.${kind}.${code}` as never, { defaultValue: String(code) } as never)),
    [t],
  );
}

/** Select or checkbox options for a list of codes, in the domain's order. */
export function useEnumOptions(): (kind: EnumKind, codes: readonly (string | number)[]) => Option[] {
  const label = useEnumLabel();
  return useCallback((kind, codes) => codes.map((code) => ({ value: String(code), label: label(kind, code) })), [label]);
}
