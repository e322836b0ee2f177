import { attr, type SchemaDefinition } from "./types";
import { LMS_SCHEMA_ID } from "./urns";

/**
 * Admit's own User extension: the learning-platform assignments the mapping rules turn into
 * directory Departments, Job Profiles and Permission Types (PRODUCT.md).
 */
export const LMS_SCHEMA: SchemaDefinition = {
  id: LMS_SCHEMA_ID,
  name: "LmsUser",
  description: "Learning platform assignments of a User",
  attributes: [
    attr("jobProfile", "string", "Name or code of the user's job profile."),
    attr("departments", "string", "Names or codes of the departments the user belongs to.", {
      multiValued: true,
    }),
    attr("permissionTypes", "string", "Names or codes of the user's permission types.", {
      multiValued: true,
    }),
    attr("language", "string", "The user's learning language (BCP 47 tag, e.g. 'fr-FR')."),
  ],
};
