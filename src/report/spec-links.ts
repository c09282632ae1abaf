/**
 * Spec tags → readable labels and links, one table for every report (certification report, JUnit, summary).
 * RFC tags carry their section ("RFC 7644 §3.5.2"); ENTRA- tags carry a source key (the keys the fixtures
 * cite, see docs/entra-requests.md). Microsoft's pages are living documents, so they are cited by page.
 * Each source names who published it: a third party's capture or forum report is labelled as such, never
 * shown as Microsoft's word.
 */

const RFC_PREFIXES: Record<string, string> = {
  'RFC7643-': 'https://www.rfc-editor.org/rfc/rfc7643#section-',
  'RFC7644-': 'https://www.rfc-editor.org/rfc/rfc7644#section-',
  'RFC6750-': 'https://www.rfc-editor.org/rfc/rfc6750#section-',
  'RFC6749-': 'https://www.rfc-editor.org/rfc/rfc6749#section-',
  'RFC7523-': 'https://www.rfc-editor.org/rfc/rfc7523#section-',
};

const LEARN = 'https://learn.microsoft.com/en-us/entra/identity';

export type Publisher = 'microsoft' | 'third-party';

export interface EntraSource {
  /** Short name shown in reports after the publisher. */
  short: string;
  /** The page's own title. */
  title: string;
  url: string;
  publisher: Publisher;
}

export const ENTRA_SOURCES: Record<string, EntraSource> = {
  'ED-SCIM': { short: 'SCIM provisioning guide', title: 'Develop and plan provisioning for a SCIM endpoint', url: `${LEARN}/app-provisioning/use-scim-to-provision-users-and-groups`, publisher: 'microsoft' },
  'ED-COMPAT': { short: 'SCIM 2.0 compliance known issues', title: 'Known issues and resolutions with SCIM 2.0 protocol compliance', url: `${LEARN}/app-provisioning/application-provisioning-config-problem-scim-compatibility`, publisher: 'microsoft' },
  'ED-HOW': { short: 'How provisioning works', title: 'How application provisioning works', url: `${LEARN}/app-provisioning/how-provisioning-works`, publisher: 'microsoft' },
  'ED-ATTR': { short: 'Attribute mappings', title: 'Customize attribute mappings', url: `${LEARN}/app-provisioning/customize-application-attributes`, publisher: 'microsoft' },
  'ED-QUAR': { short: 'Provisioning quarantine', title: 'Application provisioning in quarantine status', url: `${LEARN}/app-provisioning/application-provisioning-quarantine-status`, publisher: 'microsoft' },
  'ED-LOGS': { short: 'Provisioning log error codes', title: 'Provisioning logs: error codes', url: `${LEARN}/monitoring-health/howto-analyze-provisioning-logs`, publisher: 'microsoft' },
  'ED-KNOWN': { short: 'Known provisioning issues', title: 'Known issues for provisioning', url: `${LEARN}/app-provisioning/known-issues`, publisher: 'microsoft' },
  'ED-AKAMAI': { short: 'Akamai EAA provisioning tutorial', title: 'Configure Akamai Enterprise Application Access for automatic user provisioning', url: 'https://learn.microsoft.com/en-us/entra/identity/saas-apps/akamai-enterprise-application-access-provisioning-tutorial', publisher: 'microsoft' },
  'ED-UPN': { short: 'Username policies (UPN characters and lengths)', title: 'Password policies and account restrictions in Microsoft Entra ID', url: 'https://learn.microsoft.com/en-us/entra/identity/authentication/concept-sspr-policy#username-policies', publisher: 'microsoft' },
  'GRAPH-USER': { short: 'Microsoft Graph user resource (attribute lengths)', title: 'user resource type (Microsoft Graph v1.0)', url: 'https://learn.microsoft.com/en-us/graph/api/resources/user', publisher: 'microsoft' },
  'ED-GALLERY': { short: 'App gallery provisioning requirements', title: 'User provisioning requirements for Microsoft Entra App Gallery', url: `${LEARN}/enterprise-apps/app-gallery-user-provisioning-requirements`, publisher: 'microsoft' },
  'ED-VAL': { short: 'SCIM Validator tutorial', title: 'Tutorial: Validate a SCIM endpoint (Microsoft SCIM Validator)', url: `${LEARN}/app-provisioning/scim-validator-tutorial`, publisher: 'microsoft' },
  'ED-GALVAL': { short: 'Gallery provisioning validation', title: 'Validate user provisioning for an app gallery listing', url: `${LEARN}/enterprise-apps/validate-user-provisioning-app-gallery`, publisher: 'microsoft' },
  'REF-CHK': { short: 'App gallery validation checklist (SCIMReferenceCode)', title: 'Microsoft Entra ID App Gallery validation checklist (AzureAD/SCIMReferenceCode Entra-AppGallery-AI-Validation-Checklist.md)', url: 'https://github.com/AzureAD/SCIMReferenceCode/blob/master/Entra-AppGallery-AI-Validation-Checklist.md', publisher: 'microsoft' },
  'REF-LA': { short: 'SCIM validation Logic App template (SCIMReferenceCode)', title: "Microsoft's SCIM validation Logic App template (AzureAD/SCIMReferenceCode)", url: 'https://github.com/AzureAD/SCIMReferenceCode', publisher: 'microsoft' },
  '3P-VAL': { short: 'SCIM Validator traffic captured by pranems/SCIMServer', title: 'Microsoft SCIM Validator traffic captured by a third party (pranems/SCIMServer)', url: 'https://github.com/pranems/SCIMServer', publisher: 'third-party' },
  // A community thread on Microsoft's Q&A site: the site is Microsoft's, the report is not.
  'QA-MEMBER409': { short: 'Microsoft Q&A thread on the member re-add 409 loop', title: 'Microsoft Q&A: repeating requests for members (409 loop)', url: 'https://learn.microsoft.com/en-us/answers/questions/471809/azure-ad-scim-provisioning-repeating-requests-for', publisher: 'third-party' },
};

const PUBLISHER_LABEL: Record<Publisher, string> = { microsoft: 'Microsoft', 'third-party': 'Third party' };

export interface SpecLink {
  tag: string;
  /** What a reader sees: "RFC 7644 §3.5.2", "Microsoft: SCIM provisioning guide", "Third party: …". */
  label: string;
  /** The source's full title (a link's tooltip, the Markdown report's detail line). */
  title: string;
  url?: string;
}

export function specLink(tag: string): SpecLink {
  for (const [prefix, base] of Object.entries(RFC_PREFIXES)) {
    if (tag.startsWith(prefix)) {
      const section = tag.slice(prefix.length);
      const label = `RFC ${prefix.slice(3, 7)} §${section}`;
      return { tag, label, title: label, url: `${base}${section}` };
    }
  }
  if (tag.startsWith('ENTRA-')) {
    const source = ENTRA_SOURCES[tag.slice('ENTRA-'.length)];
    if (source) return { tag, label: `${PUBLISHER_LABEL[source.publisher]}: ${source.short}`, title: source.title, url: source.url };
  }
  return { tag, label: tag, title: tag };
}

/** The readable labels of a case's spec tags, for plain-text reports. */
export function specLabels(tags: readonly string[]): string {
  return tags.map((tag) => specLink(tag).label).join(', ');
}

/** True when the tag resolves to a link; the catalogue test requires it of every tag. */
export function isKnownSpecTag(tag: string): boolean {
  return specLink(tag).url !== undefined;
}
