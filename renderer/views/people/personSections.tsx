/** The person page's side sections: role history, influence links, communication strategy, private notes. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { InfluenceLink, Person, PersonNote, type BuyingRole } from '../../../shared/domain';
import type { Translate } from '../../../shared/i18n';
import { useApi } from '../../api/context';
import { ListState } from '../../components/LoadState';
import { RecordsSection } from '../../components/RecordsSection';
import { RowActions } from '../../components/RowActions';
import { Section } from '../../components/Section';
import { useErrorToast, useToast } from '../../components/Toasts';
import { useEnumLabel, type EnumLabel } from '../../enums';
import { FormActions, FormError, SelectField, TextareaField, TextField } from '../../forms/Fields';
import { FormDialog } from '../../forms/FormDialog';
import { fromNumber, fromText } from '../../forms/schema';
import { useSchemaForm } from '../../forms/useSchemaForm';
import { useFormat } from '../../format';
import { useTranslate } from '../../i18n';
import { useMembers, useMoveToBin, usePeopleOf, useRecordChanges, useRecordList, useTeamStrategies, type PersonRecord } from '../queries';
import { RoleStrategyItem, StrategyEditor, type StrategySchema } from '../team/RoleStrategyItem';

// ---- Role history ------------------------------------------------------------------------------

/** A tracked field's value as words: role names, people's names, “4 of 5”… */
function historyValue(
  field: string,
  value: unknown,
  words: {
    enumLabel: EnumLabel;
    personName: (id: string) => string;
    memberName: (id: string) => string;
    t: Translate;
  },
): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return words.t('common.notSet');
  const list = (values: unknown, word: (v: string) => string) => (Array.isArray(values) ? values.map((v) => word(String(v))).join('、') : word(String(values)));
  switch (field) {
    case 'roles':
      return list(value, (v) => words.enumLabel('role', v));
    case 'stance':
      return words.enumLabel('stance', String(value));
    case 'status':
      return words.enumLabel('personStatus', String(value));
    case 'reportsToId':
    case 'successorId':
      return words.personName(String(value));
    case 'ownerIds':
      return list(value, words.memberName);
    case 'influence':
    case 'strength':
      return words.t('people.scoreOf', { score: value });
    default:
      return String(value);
  }
}

export function RoleHistory({ person }: { person: PersonRecord }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const api = useApi();
  const enumLabel = useEnumLabel();
  const format = useFormat();
  const members = useMembers();
  const people = usePeopleOf(person.accountId);
  const history = useQuery({ queryKey: ['people.history', person.id], queryFn: () => api['people.history']({ personId: person.id }) });
  const words = { enumLabel, t: translate, personName: people.displayName, memberName: members.displayName };
  const changes = [...(history.data ?? [])].reverse();

  return (
    <Section title={t('person.history.title')}>
      <ListState query={history} empty={t('person.history.empty')}>
        <ol className="timeline-compact history">
          {changes.map((change) => (
            <li key={change.id}>
              <time dateTime={change.at}>{format.day(change.at)}</time>
              <span className="timeline-what">
                <span className="muted">{t(`fields.${change.field}` as 'fields.name', { defaultValue: change.field })}</span>
                {' → '}
                {historyValue(change.field, change.value, words)}
              </span>
            </li>
          ))}
        </ol>
      </ListState>
    </Section>
  );
}

// ---- Influence links ---------------------------------------------------------------------------

const L = InfluenceLink.fields;
const LinkForm = z.object({
  direction: z.enum(['influences', 'influencedBy']),
  otherId: fromText(L.toId),
  strength: fromNumber(L.strength),
  note: fromText(L.note),
});

export function InfluenceLinks({ person }: { person: PersonRecord }) {
  const { t } = useTranslation();
  const people = usePeopleOf(person.accountId);
  const links = useRecordList('links', { accountId: person.accountId });
  const { create } = useRecordChanges('links');
  const moveToBin = useMoveToBin();
  const mine = (links.data ?? []).filter((link) => link.fromId === person.id || link.toId === person.id);
  const others = people.options.filter((option) => option.value !== person.id);

  return (
    <RecordsSection
      title={t('person.links.title')}
      addLabel={t('person.links.add')}
      query={links}
      count={mine.length}
      empty={t('person.links.empty')}
      dialog={(_record, close) => (
        <FormDialog
          title={t('person.links.add')}
          schema={LinkForm}
          defaults={{ direction: 'influences', otherId: '', strength: '3', note: '' }}
          size="small"
          onClose={close}
          save={async ({ direction, otherId, ...rest }) => {
            const [fromId, toId] = direction === 'influences' ? [person.id, otherId] : [otherId, person.id];
            await create.mutateAsync({ accountId: person.accountId, fromId, toId, ...rest });
            return t('common.saved');
          }}
          render={(form) => (
            <>
              <SelectField
                form={form}
                name="direction"
                label={t('person.links.direction')}
                options={[
                  { value: 'influences', label: t('person.links.directionInfluences', { name: person.name }) },
                  { value: 'influencedBy', label: t('person.links.directionInfluencedBy', { name: person.name }) },
                ]}
              />
              <SelectField form={form} name="otherId" label={t('person.links.other')} required blank={t('common.choose')} options={others} />
              <SelectField form={form} name="strength" label={t('fields.strength')} options={['1', '2', '3', '4', '5'].map((s) => ({ value: s, label: s }))} />
              <TextField form={form} name="note" label={t('fields.note')} wide />
            </>
          )}
        />
      )}
    >
      <ul className="plain-list">
        {mine.map((link) => {
          const outgoing = link.fromId === person.id;
          const otherId = outgoing ? link.toId : link.fromId;
          const otherName = people.displayName(otherId);
          const sentence = outgoing ? t('person.links.influences', { name: otherName }) : t('person.links.influencedBy', { name: otherName });
          return (
            <li key={link.id} className="plain-row">
              <span>
                {outgoing ? t('person.links.influencesPrefix') : t('person.links.influencedByPrefix')} <Link to={`/people/${otherId}`}>{otherName}</Link>
                <span className="muted"> · {t('people.scoreOf', { score: link.strength })}</span>
                {link.note && <span className="muted"> · {link.note}</span>}
              </span>
              {/* “Remove” rather than RowActions' “Delete”: the people stay, only the link between them goes. */}
              <button
                type="button"
                className="button button-small button-quiet button-danger"
                aria-label={t('person.links.remove', { link: sentence })}
                onClick={() => void moveToBin('links', link, sentence)}
              >
                {t('person.links.removeShort')}
              </button>
            </li>
          );
        })}
      </ul>
    </RecordsSection>
  );
}

// ---- Communication strategy per role -----------------------------------------------------------

const StrategyText = Person.fields.strategies.unwrap().valueType;
const StrategyForm: StrategySchema = z.object({ strategy: fromText(StrategyText.min(1)) });

export function RoleStrategies({ person }: { person: PersonRecord }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const toast = useToast();
  const failed = useErrorToast();
  const { strategyFor } = useTeamStrategies();
  const { update } = useRecordChanges('people');
  const [editing, setEditing] = useState<BuyingRole | null>(null);
  const roles = person.roles as BuyingRole[];
  const save = (strategies: Partial<Record<BuyingRole, string>>) => update.mutateAsync({ id: person.id, strategies });

  return (
    <Section title={t('person.strategy.title')}>
      {roles.length === 0 ? (
        <p className="section-empty">{t('person.strategy.noRoles')}</p>
      ) : (
        <ul className="strategy-list">
          {roles.map((role) => {
            const own = person.strategies[role];
            const roleName = enumLabel('role', role);
            const close = () => setEditing(null);
            const resetToTeamDefault = async () => {
              const { [role]: _dropped, ...rest } = person.strategies;
              try {
                await save(rest);
              } catch (error) {
                failed(error, person.id);
                return;
              }
              toast(t('person.strategy.reset', { role: roleName }));
              close();
            };
            return (
              <RoleStrategyItem
                key={role}
                role={role}
                text={own ?? strategyFor(role)}
                badge={<span className="badge">{own ? t('person.strategy.personal') : t('person.strategy.teamDefault')}</span>}
                editLabel={t('person.strategy.editFor', { role: roleName })}
                onEdit={() => setEditing(role)}
                editor={
                  editing === role ? (
                    <StrategyEditor
                      schema={StrategyForm}
                      label={t('person.strategy.label', { role: roleName })}
                      initial={own ?? strategyFor(role)}
                      save={async (strategy) => {
                        await save({ ...person.strategies, [role]: strategy });
                        return t('person.strategy.saved', { role: roleName });
                      }}
                      onClose={close}
                    >
                      {own && (
                        <button type="button" className="button button-quiet" onClick={() => void resetToTeamDefault()}>
                          {t('person.strategy.useDefault')}
                        </button>
                      )}
                    </StrategyEditor>
                  ) : null
                }
              />
            );
          })}
        </ul>
      )}
    </Section>
  );
}

// ---- Private notes -----------------------------------------------------------------------------

const NoteForm = z.object({ body: fromText(PersonNote.fields.body) });

export function PrivateNotes({ person }: { person: PersonRecord }) {
  const { t } = useTranslation();
  const format = useFormat();
  const toast = useToast();
  const notes = useRecordList('notes', { personId: person.id });
  const { create } = useRecordChanges('notes');
  const moveToBin = useMoveToBin();
  const { form, submit } = useSchemaForm(NoteForm, { body: '' });
  const onSubmit = submit(async (values) => {
    await create.mutateAsync({ personId: person.id, ...values });
    form.reset({ body: '' });
    toast(t('person.notes.added'));
  });
  const list = [...(notes.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <Section
      title={t('person.notes.title')}
      className="private-notes"
      note={
        <span className="private-badge">
          <svg className="lock-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
            <path
              d="M4.5 7V5a3.5 3.5 0 1 1 7 0v2h.5A1 1 0 0 1 13 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 1 0-4 0v2Z"
              fill="currentColor"
            />
          </svg>
          {t('person.notes.private')}
        </span>
      }
    >
      <p className="private-explainer">{t('person.notes.explainer')}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextareaField form={form} name="body" label={t('person.notes.new')} rows={2} />
        <FormError form={form} />
        <FormActions busy={form.formState.isSubmitting} submitLabel={t('person.notes.add')} />
      </form>
      {list.length > 0 && (
        <ul className="note-list" aria-label={t('person.notes.title')}>
          {list.map((note) => (
            <li key={note.id} className="note">
              <p className="prewrap">{note.body}</p>
              <div className="note-meta">
                <time dateTime={note.createdAt}>{format.dateTime(note.createdAt)}</time>
                <RowActions label={note.body.slice(0, 30)} onDelete={() => void moveToBin('notes', note, note.body.slice(0, 30))} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
