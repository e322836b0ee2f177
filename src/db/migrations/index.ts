import { Initial1700000000000 } from "./1700000000000-initial";
import { Scim1700000000001 } from "./1700000000001-scim";
import { Mapping1700000000002 } from "./1700000000002-mapping";
import { DirectoryEvents1700000000003 } from "./1700000000003-directory-events";
import { Outbox1700000000004 } from "./1700000000004-outbox";
import { Activation1700000000005 } from "./1700000000005-activation";
import { Sso1700000000006 } from "./1700000000006-sso";
import { Import1700000000007 } from "./1700000000007-import";
import { Signup1700000000008 } from "./1700000000008-signup";
import { Webhooks1700000000009 } from "./1700000000009-webhooks";
import { OidcProvider1700000000010 } from "./1700000000010-oidc-provider";
import { Audit1700000000011 } from "./1700000000011-audit";
import { OidcLogout1700000000012 } from "./1700000000012-oidc-logout";

/** Every migration, in order. Listed explicitly so the compiled and the test builds agree. */
export const MIGRATIONS = [
  Initial1700000000000,
  Scim1700000000001,
  Mapping1700000000002,
  DirectoryEvents1700000000003,
  Outbox1700000000004,
  Activation1700000000005,
  Sso1700000000006,
  Import1700000000007,
  Signup1700000000008,
  Webhooks1700000000009,
  OidcProvider1700000000010,
  Audit1700000000011,
  OidcLogout1700000000012,
];
