/**
 * Spec tags → links, one table for every report. RFC tags carry their section; ENTRA- tags carry a source
 * key of shared/reference/entra-wire.md §0 (Microsoft's pages are living documents, so they are cited by page).
 */

const RFC_PREFIXES: Record<string, string> = {
  'RFC7643-': 'https://www.rfc-editor.org/rfc/rfc7643#section-',
  'RFC7644-': 'https://www.rfc-editor.org/rfc/rfc7644#section-',
  'RFC6750-': 'https://www.rfc-editor.org/rfc/rfc6750#section-',
};

const LEARN = 'https://learn.microsoft.com/en-us/entra/identity';

export const ENTRA_SOURCES: Record<string, { title: string; url: string }> = {
  'ED-SCIM': { title: 'Develop and plan provisioning for a SCIM endpoint', url: `${LEARN}/app-provisioning/use-scim-to-provision-users-and-groups` },
  'ED-COMPAT': { title: 'Known issues and resolutions with SCIM 2.0 protocol compliance', url: `${LEARN}/app-provisioning/application-provisioning-config-problem-scim-compatibility` },
  'ED-HOW': { title: 'How application provisioning works', url: `${LEARN}/app-provisioning/how-provisioning-works` },
  'ED-ATTR': { title: 'Customize attribute mappings', url: `${LEARN}/app-provisioning/customize-application-attributes` },
  'ED-QUAR': { title: 'Application provisioning in quarantine status', url: `${LEARN}/app-provisioning/application-provisioning-quarantine-status` },
  'ED-LOGS': { title: 'Provisioning logs: error codes', url: `${LEARN}/monitoring-health/howto-analyze-provisioning-logs` },
  'ED-KNOWN': { title: 'Known issues for provisioning', url: `${LEARN}/app-provisioning/known-issues` },
  'ED-AKAMAI': { title: 'Configure Akamai Enterprise Application Access for automatic user provisioning', url: 'https://learn.microsoft.com/en-us/entra/identity/saas-apps/akamai-enterprise-application-access-provisioning-tutorial' },
  'REF-LA': { title: "Microsoft's SCIM validation Logic App template (AzureAD/SCIMReferenceCode)", url: 'https://github.com/AzureAD/SCIMReferenceCode' },
  '3P-VAL': { title: 'Microsoft SCIM Validator traffic captured by a third party (pranems/SCIMServer)', url: 'https://github.com/pranems/SCIMServer' },
  'QA-MEMBER409': { title: 'Microsoft Q&A: repeating requests for members (409 loop)', url: 'https://learn.microsoft.com/en-us/answers/questions/471809/azure-ad-scim-provisioning-repeating-requests-for' },
};

export interface SpecLink {
  tag: string;
  title: string;
  url?: string;
}

export function specLink(tag: string): SpecLink {
  for (const [prefix, base] of Object.entries(RFC_PREFIXES)) {
    if (tag.startsWith(prefix)) {
      const section = tag.slice(prefix.length);
      return { tag, title: `RFC ${prefix.slice(3, 7)} §${section}`, url: `${base}${section}` };
    }
  }
  if (tag.startsWith('ENTRA-')) {
    const source = ENTRA_SOURCES[tag.slice('ENTRA-'.length)];
    if (source) return { tag, title: source.title, url: source.url };
  }
  return { tag, title: tag };
}

/** True when the tag resolves to a link; the catalogue test requires it of every tag. */
export function isKnownSpecTag(tag: string): boolean {
  return specLink(tag).url !== undefined;
}
