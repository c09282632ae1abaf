/**
 * The embedded reference SCIM 2.0 server: what the suite's own tests and fault variants build on.
 */
export { createScimHandler, type ScimHandlerOptions } from './app.ts';
export { ScimError, errorResponse, ERROR_SCHEMA, type ScimType } from './errors.ts';
export { checkFilter, compileFilter, matchesElement, matchesFilter } from './filter-eval.ts';
export { parseFilter, parsePatchPath, type CompareOp, type Filter, type Literal, type PatchPath } from './filter.ts';
export { DEFAULT_BASE_PATH, DEFAULT_MAX_BODY_BYTES, startReferenceServer } from './http.ts';
export { MemberChanges, type Member, type MemberSet } from './members.ts';
export { applyAttributes, applyPatch, type PatchContext } from './patch.ts';
export { parseAttrPath, type AttrPath } from './paths.ts';
export { MAX_RESULTS } from './resources.ts';
export {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  PATCH_OP_SCHEMA,
  SEARCH_REQUEST_SCHEMA,
  USER_SCHEMA,
  type ResourceTypeName,
} from './schema.ts';
export { ScimStore, type StoredGroup, type StoredResource } from './store.ts';
export type {
  ReferenceServerOptions,
  RunningReferenceServer,
  ScimHandler,
  ScimMiddleware,
  ScimRequest,
  ScimResponse,
} from './types.ts';
