/**
 * Exports (asset-bank issue, item 4): a list as the user sees it (filters and language applied)
 * to CSV or Excel, people to vCard, follow-ups and agreement renewals to a calendar file. The core
 * writes the file; the window saves it where the user chooses.
 */
import { z } from 'zod';
import { PortfolioInput, RecordId, TOUCHPOINT_KINDS } from './domain';

export const EXPORT_LISTS = ['portfolio', 'people', 'touchpoints', 'followups', 'purchases'] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const format = z.enum(EXPORT_FORMATS);
const ofAccount = (list: 'people' | 'purchases') => z.object({ list: z.literal(list), format, accountId: RecordId }).strict();

export const ExportListInput = z.discriminatedUnion('list', [
  /** The portfolio with the filters and order it is shown with (no paging: every matching account). */
  z.object({ list: z.literal('portfolio'), format, filter: PortfolioInput.omit({ offset: true, limit: true }).prefault({}) }).strict(),
  ofAccount('people'),
  /** An account's timeline, narrowed as on its page: one kind of touchpoint, one of their departments. */
  z
    .object({
      list: z.literal('touchpoints'),
      format,
      accountId: RecordId,
      kind: z.enum(TOUCHPOINT_KINDS).nullable().default(null),
      department: z.string().trim().max(100).nullable().default(null),
    })
    .strict(),
  ofAccount('purchases'),
  /** The follow-ups page: open tasks due within `withinDays` (overdue included), of one owner or everyone. */
  z
    .object({ list: z.literal('followups'), format, ownerId: RecordId.nullable().default(null), withinDays: z.number().int().min(0).max(365).default(14) })
    .strict(),
]);
export type ExportListInput = z.input<typeof ExportListInput>;

/** People as contact cards: one account's, or everyone's. */
export const ExportContactsInput = z.object({ accountId: RecordId.nullable().default(null) }).strict();
/** Open follow-ups with a due date and agreement renewals, as all-day calendar events: one owner's or everyone's. */
export const ExportCalendarInput = z.object({ ownerId: RecordId.nullable().default(null) }).strict();

/** A written file: its suggested name, its media type and its bytes (base64, so it travels as JSON). */
export const ExportFile = z.object({
  fileName: z.string(),
  mediaType: z.string(),
  base64: z.string(),
  /** Rows, cards or events in it. */
  count: z.number().int().min(0),
});
export type ExportFile = z.infer<typeof ExportFile>;

/** The page the window shows, printed to a PDF named so (the account plan, a handover pack). */
export const PrintPdfInput = z.object({ fileName: z.string().trim().min(1).max(200) }).strict();
