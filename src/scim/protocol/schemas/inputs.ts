/**
 * Typed, canonical resources produced by normalization and PATCH. Attribute names are RFC 7643
 * camelCase; extension attributes live under `enterprise` / `lms` instead of their URN keys.
 */
export interface ScimMultiValue {
  value: string;
  display?: string;
  type?: string;
  primary?: boolean;
}

export interface ScimName {
  formatted?: string;
  familyName?: string;
  givenName?: string;
  middleName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
}

export interface ScimAddress {
  formatted?: string;
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  type?: string;
  primary?: boolean;
}

export interface ScimEnterpriseInput {
  employeeNumber?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  department?: string;
  /** Always `{ value: id }`; absent means "no manager". */
  manager?: { value: string };
}

export interface ScimLmsInput {
  jobProfile?: string;
  departments?: string[];
  permissionTypes?: string[];
  language?: string;
}

export interface ScimUserInput {
  userName: string;
  externalId?: string;
  active?: boolean;
  name?: ScimName;
  displayName?: string;
  nickName?: string;
  profileUrl?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  /** Cleartext, writeOnly (never returned): hash it, never store or log it as is. */
  password?: string;
  emails?: ScimMultiValue[];
  phoneNumbers?: ScimMultiValue[];
  ims?: ScimMultiValue[];
  photos?: ScimMultiValue[];
  addresses?: ScimAddress[];
  entitlements?: ScimMultiValue[];
  roles?: ScimMultiValue[];
  x509Certificates?: ScimMultiValue[];
  enterprise?: ScimEnterpriseInput;
  lms?: ScimLmsInput;
}

export interface ScimMember {
  value: string;
  type?: string;
}

export interface ScimGroupInput {
  displayName: string;
  externalId?: string;
  members?: ScimMember[];
}
