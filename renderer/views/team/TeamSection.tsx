/**
 * Our team on the Settings page: the members who own accounts and people, join touchpoints and
 * take follow-ups. Add, edit, delete to the bin (with Undo) and restore from it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Member as MemberEntity, MEMBER_ROLES } from '../../../shared/domain';
import { BinExpiry, BinNotice } from '../../components/BinNotice';
import { ListState } from '../../components/LoadState';
import { RowActions } from '../../components/RowActions';
import { Section } from '../../components/Section';
import { useNow } from '../../components/useNow';
import { useEnumLabel, useEnumOptions } from '../../enums';
import { SelectField, TextField } from '../../forms/Fields';
import { FormDialog } from '../../forms/FormDialog';
import { fromText, textOf } from '../../forms/schema';
import { useFormat } from '../../format';
import { useRecordChanges, useRecordList, useRestoreFromBin, type Member } from '../queries';
import { HandoverDialog } from './HandoverDialog';
import { SinglePointSection } from './SinglePointSection';

const M = MemberEntity.fields;
const MemberForm = z.object({
  name: fromText(M.name),
  email: fromText(M.email),
  role: fromText(M.role),
  active: M.active,
});

const memberFormValues = (member?: Member): z.input<typeof MemberForm> => ({
  name: member?.name ?? '',
  email: textOf(member?.email),
  role: member?.role ?? 'rep',
  active: member?.active ?? true,
});

const VIEWS = ['active', 'bin'] as const;

export function TeamSection() {
  const { t } = useTranslation();
  const [view, setView] = useState<(typeof VIEWS)[number]>('active');
  const [editing, setEditing] = useState<Member | 'new' | null>(null);

  return (
    <>
      <Section
        title={t('members.title')}
        className="team-section"
        actions={
          <>
            <div className="segmented" role="group" aria-label={t('members.viewsLabel')}>
              {VIEWS.map((option) => (
                <button key={option} type="button" className="segment" aria-pressed={option === view} onClick={() => setView(option)}>
                  {t(`members.tabs.${option}`)}
                </button>
              ))}
            </div>
            <button type="button" className="button button-small button-primary" onClick={() => setEditing('new')}>
              {t('members.add')}
            </button>
          </>
        }
      >
        <p className="sync-intro">{t('members.intro')}</p>
        {view === 'active' ? <ActiveMembers onEdit={setEditing} /> : <MembersBin />}
        {editing && <MemberDialog member={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
      </Section>
      <SinglePointSection />
    </>
  );
}

function ActiveMembers({ onEdit }: { onEdit: (member: Member) => void }) {
  const { t } = useTranslation();
  const enumLabel = useEnumLabel();
  const list = useRecordList('members', { state: 'active' });
  // Removing someone asks first and hands their work over (HandoverDialog).
  const [leaving, setLeaving] = useState<Member | null>(null);
  return (
    <ListState query={list} empty={t('members.empty')}>
      <ul className="plain-list" aria-label={t('members.list')}>
        {(list.data ?? []).map((member) => (
          <li key={member.id} className="plain-row">
            <span>
              {member.name}
              <span className="muted"> · {enumLabel('memberRole', member.role)}</span>
              {member.email && <span className="muted"> · {member.email}</span>}
              {!member.active && <span className="badge"> {t('members.inactive')}</span>}
            </span>
            <RowActions label={member.name} onEdit={() => onEdit(member)} onDelete={() => setLeaving(member)} />
          </li>
        ))}
      </ul>
      {leaving && <HandoverDialog member={leaving} onClose={() => setLeaving(null)} />}
    </ListState>
  );
}

function MembersBin() {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow();
  const list = useRecordList('members', { state: 'deleted' });
  const { restore, restoringId } = useRestoreFromBin();
  return (
    <>
      <BinNotice />
      <ListState query={list} empty={t('members.emptyBin')}>
        <ul className="plain-list" aria-label={t('members.tabs.bin')}>
          {(list.data ?? []).map((member) => (
            <li key={member.id} className="plain-row" data-deleted>
              <span>
                {member.name}
                <span className="muted">
                  {' · '}
                  {t('members.deletedOn', { date: format.dateTime(member.deletedAt) })}
                  {' · '}
                  <BinExpiry updatedAt={member.updatedAt} now={now} />
                </span>
              </span>
              <span className="row-actions">
                <button
                  type="button"
                  className="button button-small"
                  aria-label={t('members.restoreNamed', { name: member.name })}
                  disabled={restoringId === member.id}
                  onClick={() => void restore('members', member, member.name)}
                >
                  {t('members.restore')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      </ListState>
    </>
  );
}

function MemberDialog({ member, onClose }: { member?: Member; onClose: () => void }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const { create, update } = useRecordChanges('members');
  return (
    <FormDialog
      title={member ? t('members.editTitle', { name: member.name }) : t('members.add')}
      schema={MemberForm}
      defaults={memberFormValues(member)}
      size="small"
      onClose={onClose}
      save={async (values) => {
        if (member) {
          const saved = await update.mutateAsync({ id: member.id, ...values });
          return t('members.saved', { name: saved.name });
        }
        const saved = await create.mutateAsync(values);
        return t('members.added', { name: saved.name });
      }}
      render={(form) => (
        <>
          <TextField form={form} name="name" label={t('fields.name')} required />
          <TextField form={form} name="email" label={t('fields.email')} type="email" />
          <SelectField form={form} name="role" label={t('fields.role')} options={enumOptions('memberRole', MEMBER_ROLES)} />
          <label className="checkbox" data-wide>
            <input type="checkbox" {...form.register('active')} />
            <span>{t('members.activeLabel')}</span>
          </label>
        </>
      )}
    />
  );
}
