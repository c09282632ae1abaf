/** The Microsoft pages a load run's consequences cite, by the source keys of shared/reference/entra-wire.md §0. */
import { ENTRA_SOURCES } from '../report/spec-links.ts';

const LEARN = 'https://learn.microsoft.com/en-us/entra/identity';

export const LOAD_SOURCES: Record<string, { title: string; url: string }> = {
  ...ENTRA_SOURCES,
  'ED-WHEN': { title: 'Check the status of user provisioning (how long provisioning takes)', url: `${LEARN}/app-provisioning/application-provisioning-when-will-provisioning-finish-specific-user` },
  'ED-DISC': { title: 'Account discovery', url: `${LEARN}/app-provisioning/how-to-account-discovery` },
  'QA-60S': { title: 'Microsoft Q&A: SCIM endpoints must answer within 60 seconds', url: 'https://learn.microsoft.com/en-us/answers/questions/1151866/azure-ad-scim-attempting-to-create-the-same-user-r' },
};

export function loadSource(key: string): { key: string; title: string; url?: string } {
  const source = LOAD_SOURCES[key];
  return source === undefined ? { key, title: key } : { key, ...source };
}
