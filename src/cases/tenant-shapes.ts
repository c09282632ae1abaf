/**
 * The cases for request shapes a real tenant's data and Microsoft's validator produce beyond the documented
 * samples (issue 10, items 1–3), in run order; the catalogue takes them as one list.
 */
import { enterpriseAddCases } from './enterprise-adds.ts';
import { noPathReplaceCases } from './no-path-replaces.ts';
import { typedElementCases } from './typed-elements.ts';
import type { ConformanceCase } from './types.ts';

export const tenantShapeCases: ConformanceCase[] = [...typedElementCases, ...enterpriseAddCases, ...noPathReplaceCases];
