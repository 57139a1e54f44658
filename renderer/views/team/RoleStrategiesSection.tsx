/**
 * The team's communication strategy per buying-centre role (the defaults every person with the
 * role shows unless they have their own): the seven roles, each editable in place.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { BUYING_ROLES, RoleStrategy, type BuyingRole } from '../../../shared/domain';
import { useApi } from '../../api/context';
import { ListState } from '../../components/LoadState';
import { Section } from '../../components/Section';
import { useEnumLabel } from '../../enums';
import { fromText } from '../../forms/schema';
import { useDataChange, useTeamStrategies } from '../queries';
import { RoleStrategyItem, StrategyEditor, type StrategySchema } from './RoleStrategyItem';

const StrategyForm: StrategySchema = z.object({ strategy: fromText(RoleStrategy.shape.strategy.min(1)) });

export function RoleStrategiesSection() {
  const { t } = useTranslation();
  const api = useApi();
  const enumLabel = useEnumLabel();
  const { query, strategyFor } = useTeamStrategies();
  const update = useDataChange(({ role, strategy }: { role: BuyingRole; strategy: string }) => api['strategies.update']({ id: role, strategy }));
  const [editing, setEditing] = useState<BuyingRole | null>(null);

  return (
    <Section title={t('roleStrategies.title')}>
      <p className="sync-intro">{t('roleStrategies.intro')}</p>
      <ListState query={query}>
        <ul className="strategy-list" aria-label={t('roleStrategies.list')}>
          {BUYING_ROLES.map((role) => (
            <RoleStrategyItem
              key={role}
              role={role}
              text={strategyFor(role)}
              editLabel={t('roleStrategies.editFor', { role: enumLabel('role', role) })}
              onEdit={() => setEditing(role)}
              editor={
                editing === role ? (
                  <StrategyEditor
                    schema={StrategyForm}
                    label={t('roleStrategies.label', { role: enumLabel('role', role) })}
                    initial={strategyFor(role)}
                    save={async (strategy) => {
                      await update.mutateAsync({ role, strategy });
                      return t('roleStrategies.saved', { role: enumLabel('role', role) });
                    }}
                    onClose={() => setEditing(null)}
                  />
                ) : null
              }
            />
          ))}
        </ul>
      </ListState>
    </Section>
  );
}
