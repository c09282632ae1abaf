/** Defaults of `scim-conformance load`, small enough for a laptop; kept apart so `--help` loads nothing else. */
export const LOAD_DEFAULTS = { users: 200, groups: 10, membersPerGroup: 20, memberBatch: 1, concurrency: 4, changeFraction: 0.1, sample: 20, projectUsers: 50_000 } as const;
