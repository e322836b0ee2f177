/** Schema URNs (RFC 7643 §8.7, §4.3) and Admit's own LMS extension. */
export const USER_SCHEMA_ID = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA_ID = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_SCHEMA_ID = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LMS_SCHEMA_ID = "urn:admit:params:scim:schemas:extension:lms:2.0:User";
/** RFC 7644 §3.5.2 and §8.7.1 message / meta-schema URNs. */
export const PATCH_OP_SCHEMA_ID = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const SCHEMA_SCHEMA_ID = "urn:ietf:params:scim:schemas:core:2.0:Schema";
