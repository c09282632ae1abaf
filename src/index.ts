/**
 * The library, `import { runSuite } from 'scim-conformance'`: the configuration (`configure` turns settings
 * into the one Connection and Plan a run takes), the runner, the case catalogue, the embedded reference
 * server and the result model. The CLI (src/cli/) and the vitest adapter (src/vitest.ts) are
 * built on these same functions; nothing here loads vitest.
 */
export { runSuite, PreflightError } from './runner/run-suite.ts';
export type { Connection, Plan, RunHooks, RunInput, RunMode } from './runner/run-input.ts';
export { configure, plannedCases, ConfigError, type RunSettings } from './config.ts';
export { catalogue, catalogueHash, selectCases, type PlannedCase, type Selection } from './cases/catalogue.ts';
export type { ConformanceCase } from './cases/types.ts';
export { AREAS, DIALECTS, LEVELS, type Area, type CaseStatus, type Dialect, type Level } from './model/vocabulary.ts';
export { startReferenceServer } from './server/http.ts';
export type { ReferenceServerOptions, RunningReferenceServer } from './server/types.ts';
export { listProfileIds, loadProfile, type Profile } from './profiles/profile.ts';
export type { CaseResult, EntraVerdict, Leftover, RfcVerdict, RunResult, ServiceProviderSummary, StatusCounts, Verdict } from './model/result.ts';
export { REPORT_FORMATS, writeReports, type ReportFormat } from './report/write-reports.ts';
export type { Exchange } from './model/transport.ts';
