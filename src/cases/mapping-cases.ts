/**
 * The cases a tenant's own mapping brings (issue 10, items 6, 8 and 9): matching on the work email, the typed
 * work address, and account paging. Gathered here so the catalogue registers them with one entry.
 */
import { addressCases } from './addresses.ts';
import { matchingCases } from './matching.ts';
import { pagingCases } from './paging.ts';
import type { ConformanceCase } from './types.ts';

export const mappingCases: readonly ConformanceCase[] = [...matchingCases, ...addressCases, ...pagingCases];
