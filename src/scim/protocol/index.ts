/** The pure SCIM protocol core: schemas, normalization, PATCH and filters. No HTTP, no database. */
export * from "./errors";
export * from "./normalize";
export * from "./patch";
export * from "./filter";
export {
  schemaDocuments,
  schemaDocument,
  findAttribute,
  USER_SCHEMA_ID,
  GROUP_SCHEMA_ID,
  ENTERPRISE_SCHEMA_ID,
  LMS_SCHEMA_ID,
  PATCH_OP_SCHEMA_ID,
} from "./schemas";
export type { SchemaDocument } from "./schemas";
