import { attr, complex, multi, type AttributeDefinition, type SchemaDefinition } from "./types";
import { USER_SCHEMA_ID } from "./urns";

const text = (name: string, description: string): AttributeDefinition => attr(name, "string", description);

/** RFC 7643 §4.1.1 name sub-attributes. */
const NAME = complex("name", "The components of the user's real name.", [
  text("formatted", "The full name, formatted for display."),
  text("familyName", "The family name of the User."),
  text("givenName", "The given name of the User."),
  text("middleName", "The middle name(s) of the User."),
  text("honorificPrefix", "The honorific prefix(es) of the User (e.g. 'Ms.')."),
  text("honorificSuffix", "The honorific suffix(es) of the User (e.g. 'III')."),
]);

/** RFC 7643 §4.1.2 addresses: no value/display, but address components. */
const ADDRESSES = complex(
  "addresses",
  "A physical mailing address for this User.",
  [
    text("formatted", "The full mailing address, formatted for display."),
    text("streetAddress", "The full street address component."),
    text("locality", "The city or locality component."),
    text("region", "The state or region component."),
    text("postalCode", "The zip code or postal code component."),
    text("country", "The country name component (ISO 3166-1 alpha-2)."),
    attr("type", "string", "A label indicating the address's function.", {
      canonicalValues: ["work", "home", "other"],
    }),
    attr("primary", "boolean", "Indicates the primary mailing address."),
  ],
  { multiValued: true },
);

/** Exported so coercion can recognise Entra's JSON-encoded role values (INTEROP.md "PATCH"). */
export const ROLES = multi("roles", "A list of roles for the User.");

/** RFC 7643 §8.7.1, core User schema. */
export const USER_SCHEMA: SchemaDefinition = {
  id: USER_SCHEMA_ID,
  name: "User",
  description: "User Account",
  attributes: [
    attr("userName", "string", "Unique identifier for the User, used to authenticate.", {
      required: true,
      uniqueness: "server",
    }),
    NAME,
    text("displayName", "The name of the User, suitable for display to end-users."),
    text("nickName", "The casual way to address the user in real life."),
    attr("profileUrl", "reference", "A fully qualified URL pointing to the User's online profile.", {
      referenceTypes: ["external"],
    }),
    text("title", "The user's title, such as 'Vice President'."),
    text("userType", "Identifies the relationship between the organization and the user."),
    text("preferredLanguage", "The User's preferred written or spoken language (RFC 7231 §5.3.5)."),
    text("locale", "The User's default location for localization (e.g. 'en-US')."),
    text("timezone", "The User's time zone in the IANA Time Zone database format."),
    attr("active", "boolean", "The User's administrative status."),
    attr("password", "string", "The User's cleartext password, never returned.", {
      mutability: "writeOnly",
      returned: "never",
    }),
    multi("emails", "Email addresses for the user.", { types: ["work", "home", "other"] }),
    multi("phoneNumbers", "Phone numbers for the User.", {
      types: ["work", "home", "mobile", "fax", "pager", "other"],
    }),
    multi("ims", "Instant messaging addresses for the User.", {
      types: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
    }),
    multi("photos", "URLs of photos of the User.", {
      valueType: "reference",
      referenceTypes: ["external"],
      types: ["photo", "thumbnail"],
    }),
    ADDRESSES,
    complex(
      "groups",
      "Groups the user belongs to; membership changes go through the Group resource.",
      [
        attr("value", "string", "The identifier of the User's group.", { mutability: "readOnly" }),
        attr("$ref", "reference", "The URI of the Group.", {
          mutability: "readOnly",
          referenceTypes: ["User", "Group"],
        }),
        attr("display", "string", "The group's display name.", { mutability: "readOnly" }),
        attr("type", "string", "How the membership was derived.", {
          mutability: "readOnly",
          canonicalValues: ["direct", "indirect"],
        }),
      ],
      { multiValued: true, mutability: "readOnly" },
    ),
    multi("entitlements", "A list of entitlements for the User."),
    ROLES,
    multi("x509Certificates", "A list of certificates issued to the User.", { valueType: "binary" }),
  ],
};
