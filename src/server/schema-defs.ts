/**
 * Attribute definitions of the User, Group and EnterpriseUser schemas (RFC 7643 §4, §8.7.1), written once and
 * used for everything schema-driven: /Schemas output, caseExact in filters, mutability and types in PATCH.
 */

export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'reference'
  | 'binary'
  | 'complex';

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact?: boolean;
  canonicalValues?: string[];
  referenceTypes?: string[];
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness?: 'none' | 'server' | 'global';
  subAttributes?: AttributeDef[];
}

type Options = Partial<Omit<AttributeDef, 'name' | 'description'>>;

const base = (name: string, description: string, options: Options): AttributeDef => ({
  name,
  type: 'string',
  multiValued: false,
  description,
  required: false,
  mutability: 'readWrite',
  returned: 'default',
  ...options,
});

const str = (name: string, description: string, options: Options = {}): AttributeDef =>
  base(name, description, { caseExact: false, uniqueness: 'none', ...options });
const bool = (name: string, description: string, options: Options = {}): AttributeDef =>
  base(name, description, { type: 'boolean', ...options });
const ref = (name: string, description: string, referenceTypes: string[], options: Options = {}): AttributeDef =>
  str(name, description, { type: 'reference', referenceTypes, ...options });
const complex = (name: string, description: string, subAttributes: AttributeDef[], options: Options = {}) =>
  base(name, description, { type: 'complex', subAttributes, ...options });

/** The value/display/type/primary shape shared by emails, phoneNumbers, ims, photos, entitlements, roles… */
const multi = (name: string, description: string, canonicalTypes: string[] | undefined, value?: AttributeDef) =>
  complex(
    name,
    description,
    [
      value ?? str('value', `The ${name} value.`),
      str('display', 'A human-readable name, primarily used for display purposes.'),
      str('type', "A label indicating the attribute's function.", canonicalTypes ? { canonicalValues: canonicalTypes } : {}),
      bool('primary', "Whether this is the preferred value; 'true' appears at most once."),
    ],
    { multiValued: true },
  );

/** Common attributes (RFC 7643 §3.1): carried by every resource, not listed in /Schemas. */
export const COMMON_ATTRIBUTES: AttributeDef[] = [
  str('id', 'Unique identifier of the resource, assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  str('externalId', 'Identifier of the resource as defined by the provisioning client.', { caseExact: true }),
  complex(
    'meta',
    'Resource metadata.',
    [
      str('resourceType', 'Name of the resource type.', { caseExact: true, mutability: 'readOnly' }),
      base('created', 'When the resource was added.', { type: 'dateTime', mutability: 'readOnly' }),
      base('lastModified', 'When the resource was last updated.', { type: 'dateTime', mutability: 'readOnly' }),
      ref('location', 'URI of the resource.', ['uri'], { caseExact: true, mutability: 'readOnly' }),
      str('version', 'Version of the resource.', { caseExact: true, mutability: 'readOnly' }),
    ],
    { mutability: 'readOnly' },
  ),
  ref('schemas', 'Schema URIs the resource conforms to.', ['uri'], { multiValued: true, caseExact: true, mutability: 'readOnly' }),
];

export const USER_ATTRIBUTES: AttributeDef[] = [
  str('userName', 'Unique identifier for the User, used to authenticate. REQUIRED.', { required: true, uniqueness: 'server' }),
  complex('name', "The components of the user's real name.", [
    str('formatted', 'The full name, formatted for display.'),
    str('familyName', 'The family name (last name).'),
    str('givenName', 'The given name (first name).'),
    str('middleName', 'The middle name(s).'),
    str('honorificPrefix', "The honorific prefix(es), e.g. 'Ms.'."),
    str('honorificSuffix', "The honorific suffix(es), e.g. 'III'."),
  ]),
  str('displayName', 'The name of the User, suitable for display.'),
  str('nickName', 'The casual way to address the user.'),
  ref('profileUrl', "URL of the User's online profile.", ['external']),
  str('title', "The user's title."),
  str('userType', 'Relationship between the organization and the user.'),
  str('preferredLanguage', "The User's preferred written or spoken language."),
  str('locale', "The User's default location for localisation."),
  str('timezone', "The User's time zone in IANA format."),
  bool('active', "The User's administrative status."),
  str('password', "The User's cleartext password; never returned.", { mutability: 'writeOnly', returned: 'never' }),
  multi('emails', 'Email addresses for the User.', ['work', 'home', 'other']),
  multi('phoneNumbers', 'Phone numbers for the User.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
  multi('ims', 'Instant messaging addresses for the User.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
  multi('photos', 'URLs of photos of the User.', ['photo', 'thumbnail'], ref('value', 'URL of a photo.', ['external'])),
  complex(
    'addresses',
    'Physical mailing addresses for this User.',
    [
      str('formatted', 'The full mailing address, formatted for display.'),
      str('streetAddress', 'The full street address component.'),
      str('locality', 'The city or locality component.'),
      str('region', 'The state or region component.'),
      str('postalCode', 'The zip code or postal code component.'),
      str('country', 'The country name component.'),
      str('type', "A label indicating the attribute's function.", { canonicalValues: ['work', 'home', 'other'] }),
      bool('primary', "Whether this is the preferred address; 'true' appears at most once."),
    ],
    { multiValued: true },
  ),
  complex(
    'groups',
    'Groups the user belongs to; maintained by the service provider.',
    [
      str('value', 'The identifier of the group.', { caseExact: true, mutability: 'readOnly' }),
      ref('$ref', 'The URI of the group.', ['User', 'Group'], { mutability: 'readOnly' }),
      str('display', 'The group displayName.', { mutability: 'readOnly' }),
      str('type', 'How the membership arose.', { canonicalValues: ['direct', 'indirect'], mutability: 'readOnly' }),
    ],
    { multiValued: true, mutability: 'readOnly' },
  ),
  multi('entitlements', 'Entitlements of the User.', undefined),
  multi('roles', 'Roles of the User.', undefined),
  multi('x509Certificates', 'Certificates issued to the User.', undefined, base('value', 'A DER certificate, base64.', { type: 'binary' })),
];

export const GROUP_ATTRIBUTES: AttributeDef[] = [
  // RFC 7643 §8.7.1 lists displayName as not required and not unique; Entra matches groups on it and the
  // Microsoft docs require uniqueness, so this server requires it and enforces uniqueness (and says so here).
  str('displayName', 'A human-readable name for the Group. REQUIRED.', { required: true, uniqueness: 'server' }),
  complex(
    'members',
    'A list of members of the Group.',
    [
      // RFC 7643's representation says caseExact false; the value is a resource id, and ids are caseExact (§3.1).
      str('value', 'Identifier of the member.', { caseExact: true, mutability: 'immutable' }),
      ref('$ref', 'The URI of the member resource.', ['User', 'Group'], { mutability: 'immutable' }),
      str('display', 'A human-readable name for the member.', { mutability: 'immutable' }),
      str('type', 'The type of the member.', { canonicalValues: ['User', 'Group'], mutability: 'immutable' }),
    ],
    { multiValued: true },
  ),
];

export const ENTERPRISE_ATTRIBUTES: AttributeDef[] = [
  str('employeeNumber', 'Identifier assigned to a person by the organization.'),
  str('costCenter', 'Name of a cost center.'),
  str('organization', 'Name of an organization.'),
  str('division', 'Name of a division.'),
  str('department', 'Name of a department.'),
  complex('manager', "The User's manager.", [
    // An id (see members.value above).
    str('value', 'The id of the manager User.', { caseExact: true }),
    ref('$ref', 'The URI of the manager User.', ['User']),
    str('displayName', 'The displayName of the manager.', { mutability: 'readOnly' }),
  ]),
];
