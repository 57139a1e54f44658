import { useTranslation } from 'react-i18next';

/**
 * A listed record's Edit and Delete buttons. On screen they read “Edit” and “Delete”; their
 * accessible names say which record (“Delete 周杰”), since a screen reader lists many of them.
 */
export function RowActions({ label, onEdit, onDelete }: { label: string; onEdit?: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  return (
    <span className="row-actions">
      {onEdit && (
        <button type="button" className="button button-small button-quiet" aria-label={t('common.editNamed', { name: label })} onClick={onEdit}>
          {t('common.edit')}
        </button>
      )}
      <button type="button" className="button button-small button-quiet button-danger" aria-label={t('common.deleteNamed', { name: label })} onClick={onDelete}>
        {t('common.delete')}
      </button>
    </span>
  );
}
