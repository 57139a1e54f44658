/** The one search box (store/search.ts: trigram indexes, and a scan for one or two characters). */
import type { z } from 'zod';
import type { SearchInput, SearchResult } from '../../shared/domain';
import { searchEverything as search } from '../store/search';
import type { ServiceContext } from './context';

export const searchEverything = (ctx: ServiceContext, input: z.output<typeof SearchInput>): SearchResult => search(ctx.store.sqlite, input);
