/**
 * A service request's severity in the user's words (`enums.severity`). The renderer's `EnumKind`
 * does not list it, so the health signals word it here, the same way `useEnumLabel` does: a code
 * this version does not know shows as itself.
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { REQUEST_SEVERITIES } from '../../../../shared/domain';
import type { Option } from '../../../forms/Fields';

export function useSeverity() {
  const { t } = useTranslation();
  const label = useCallback(
    (code: string | null | undefined) => (code ? String(t(`enums.severity.${code}` as never, { defaultValue: code } as never)) : ''),
    [t],
  );
  const options = useMemo(() => REQUEST_SEVERITIES.map((code): Option => ({ value: code, label: label(code) })), [label]);
  return { label, options };
}
