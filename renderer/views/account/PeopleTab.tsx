/**
 * The key-people layer: the client's decision chain (决策链) in reporting order, with the seven
 * buying-centre roles, stance, influence, relationship strength and who on our side owns each
 * relationship; above it, which roles nobody holds or nobody of us covers.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../api/context';
import { DataTable } from '../../components/DataTable';
import { ExportMenu } from '../../components/ExportMenu';
import { RecordsSection } from '../../components/RecordsSection';
import { RowActions } from '../../components/RowActions';
import { Section } from '../../components/Section';
import { useEnumLabel } from '../../enums';
import { FormDialog } from '../../forms/FormDialog';
import type { Account } from '../accountQueries';
import { decisionChainOrder, roleCoverage } from '../people/decisionChain';
import { PersonFields } from '../people/PersonFields';
import { PersonForm, personFormValues } from '../people/personForm';
import { Score } from '../people/Score';
import { useMembers, useMoveToBin, usePeopleOf, useRecordChanges, type PersonRecord } from '../queries';

export function PeopleTab({ account }: { account: Account }) {
  const { t } = useTranslation();
  const people = usePeopleOf(account.id);
  const api = useApi();

  return (
    <div className="section-stack">
      <RoleCoverageSummary people={people.people} />
      <RecordsSection<PersonRecord>
        title={t('people.chainTitle')}
        note={people.list.data && <span className="section-count">{t('people.count', { count: people.people.length })}</span>}
        addLabel={t('people.add')}
        tools={
          <ExportMenu
            what={t('people.chainTitle')}
            choices={[
              { kind: 'csv', run: () => api['exports.list']({ list: 'people', format: 'csv', accountId: account.id }) },
              { kind: 'xlsx', run: () => api['exports.list']({ list: 'people', format: 'xlsx', accountId: account.id }) },
              { kind: 'vcard', run: () => api['exports.contacts']({ accountId: account.id }) },
            ]}
          />
        }
        primary
        query={people.list}
        empty={t('people.empty')}
        dialog={(person, close) => <PersonDialog accountId={account.id} person={person} colleagues={people.people} onClose={close} />}
      >
        {(edit) => <DecisionChainTable people={people.people} nameOf={people.nameOf} onEdit={edit} />}
      </RecordsSection>
    </div>
  );
}

function RoleCoverageSummary({ people }: { people: readonly PersonRecord[] }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const coverage = useMemo(() => roleCoverage(people), [people]);
  const nobody = coverage.filter((c) => c.gap === 'nobody').map((c) => enumLabel('role', c.role));
  const uncovered = coverage.filter((c) => c.gap === 'uncovered').map((c) => enumLabel('role', c.role));
  const separator = t('common.listSeparator');

  return (
    <Section title={t('people.coverage.title')} className="coverage">
      <ul className="coverage-list">
        {coverage.map((c) => (
          <li key={c.role} className="coverage-item" data-gap={c.gap ?? 'none'}>
            <span className="coverage-role">{enumLabel('role', c.role)}</span>
            <span className="coverage-state">
              {c.gap === 'nobody'
                ? t('people.coverage.nobody')
                : c.gap === 'uncovered'
                  ? t('people.coverage.uncovered', { count: c.holders })
                  : t('people.coverage.covered', { covered: c.covered, count: c.holders })}
            </span>
          </li>
        ))}
      </ul>
      <p className="coverage-summary">
        {nobody.length === 0 && uncovered.length === 0
          ? t('people.coverage.allCovered')
          : [
              nobody.length > 0 ? t('people.coverage.nobodyHolds', { roles: nobody.join(separator) }) : '',
              uncovered.length > 0 ? t('people.coverage.nobodyCovers', { roles: uncovered.join(separator) }) : '',
            ]
              .filter(Boolean)
              .join(' ')}
      </p>
    </Section>
  );
}

function DecisionChainTable({
  people,
  nameOf,
  onEdit,
}: {
  people: readonly PersonRecord[];
  nameOf: (id: string | null) => string | undefined;
  onEdit: (person: PersonRecord) => void;
}) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const members = useMembers();
  const moveToBin = useMoveToBin();
  const chain = useMemo(() => decisionChainOrder(people), [people]);

  return (
    <DataTable
      className="chain-table"
      label={t('people.chainTitle')}
      columns={[
        { label: t('fields.name') },
        { label: t('fields.title') },
        { label: t('fields.department') },
        { label: t('fields.reportsToId') },
        { label: t('people.rolesColumn') },
        { label: t('fields.stance') },
        { label: t('fields.influence') },
        { label: t('people.strengthColumn') },
        { label: t('fields.ownerIds') },
      ]}
    >
      {chain.map(({ person, depth }) => (
        <tr key={person.id} data-status={person.status}>
          <th scope="row" className="chain-name" data-depth={Math.min(depth, 6)}>
            <Link to={`/people/${person.id}`}>{person.name}</Link>
            {person.status !== 'active' && <span className="badge badge-warn">{enumLabel('personStatus', person.status)}</span>}
          </th>
          <td>{person.title}</td>
          <td>{person.department}</td>
          <td>{nameOf(person.reportsToId)}</td>
          <td>
            <span className="role-badges">
              {person.roles.map((role) => (
                <span key={role} className="role-badge" data-role={role}>
                  {enumLabel('role', role)}
                </span>
              ))}
            </span>
          </td>
          <td>
            <span className="stance-badge" data-stance={person.stance}>
              {enumLabel('stance', person.stance)}
            </span>
          </td>
          <td>
            <Score value={person.influence} kind="influence" />
          </td>
          <td>
            <Score value={person.strength} kind="strength" />
          </td>
          <td>{person.ownerIds.length === 0 ? <span className="uncovered">{t('people.noOwner')}</span> : members.displayNames(person.ownerIds)}</td>
          <td className="cell-actions">
            <RowActions label={person.name} onEdit={() => onEdit(person)} onDelete={() => void moveToBin('people', person, person.name)} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function PersonDialog({
  accountId,
  person,
  colleagues,
  onClose,
}: {
  accountId: string;
  person?: PersonRecord;
  colleagues: readonly PersonRecord[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { create, update } = useRecordChanges('people');
  return (
    <FormDialog
      title={person ? t('people.editTitle', { name: person.name }) : t('people.add')}
      schema={PersonForm}
      defaults={personFormValues(person)}
      size="large"
      onClose={onClose}
      save={async (values) => {
        const saved = person ? await update.mutateAsync({ id: person.id, ...values }) : await create.mutateAsync({ accountId, ...values });
        return person ? t('people.saved', { name: saved.name }) : t('people.added', { name: saved.name });
      }}
      render={(form) => <PersonFields form={form} colleagues={colleagues} selfId={person?.id} />}
    />
  );
}
