import { ACTIVATION_ENTITIES } from "./activation";
import { AUDIT_ENTITIES } from "./audit";
import { AccessToken, Session } from "./auth";
import {
  Department,
  DirectoryEvent,
  JobProfile,
  Organisation,
  PermissionType,
  User,
  UserDepartment,
  UserPermissionType,
} from "./directory";
import { IMPORT_ENTITIES } from "./import";
import { MappingRule } from "./mapping";
import { OIDC_ENTITIES } from "./oidc";
import { OutboxMessage } from "./notify";
import { SCIM_ENTITIES } from "./scim";
import { SIGNUP_ENTITIES } from "./signup";
import { SSO_ENTITIES } from "./sso";
import { WEBHOOK_ENTITIES } from "./webhooks";

/** Every entity the DataSource knows; each module that owns tables adds its own here. */
export const ENTITIES = [
  Organisation,
  Department,
  JobProfile,
  PermissionType,
  User,
  UserDepartment,
  UserPermissionType,
  DirectoryEvent,
  AccessToken,
  Session,
  MappingRule,
  ...SCIM_ENTITIES,
  OutboxMessage,
  ...ACTIVATION_ENTITIES,
  ...SSO_ENTITIES,
  ...SIGNUP_ENTITIES,
  ...IMPORT_ENTITIES,
  ...WEBHOOK_ENTITIES,
  ...OIDC_ENTITIES,
  ...AUDIT_ENTITIES,
];
