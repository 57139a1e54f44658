/** The person form: every writable field of a key person, checked by the shared Person schema's fields. */
import { z } from 'zod';
import { Person } from '../../../shared/domain';
import { fromNumber, fromText, textOf } from '../../forms/schema';
import type { PersonRecord } from '../queries';

const P = Person.fields;

export const PersonForm = z.object({
  name: fromText(P.name),
  title: fromText(P.title),
  department: fromText(P.department),
  phone: fromText(P.phone),
  email: fromText(P.email),
  reportsToId: fromText(P.reportsToId),
  roles: P.roles,
  stance: fromText(P.stance),
  influence: fromNumber(P.influence),
  strength: fromNumber(P.strength),
  ownerIds: P.ownerIds,
  preferredChannel: fromText(P.preferredChannel),
  cadence: fromText(P.cadence),
  status: fromText(P.status),
  successorId: fromText(P.successorId),
});

export type PersonFormInput = z.input<typeof PersonForm>;

export function personFormValues(person?: PersonRecord): PersonFormInput {
  return {
    name: person?.name ?? '',
    title: textOf(person?.title),
    department: textOf(person?.department),
    phone: textOf(person?.phone),
    email: textOf(person?.email),
    reportsToId: textOf(person?.reportsToId),
    roles: person?.roles ?? [],
    stance: person?.stance ?? 'unknown',
    influence: textOf(person?.influence ?? 3),
    strength: textOf(person?.strength ?? 1),
    ownerIds: person?.ownerIds ?? [],
    preferredChannel: textOf(person?.preferredChannel),
    cadence: textOf(person?.cadence),
    status: person?.status ?? 'active',
    successorId: textOf(person?.successorId),
  };
}
