/** RFC 7643 §2.3 data types. */
export type AttributeType =
  "string" | "boolean" | "decimal" | "integer" | "dateTime" | "reference" | "complex" | "binary";

/** RFC 7643 §7 attribute characteristics. */
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";
export type Uniqueness = "none" | "server" | "global";

export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

/** A resource type (RFC 7643 §6): its core schema and the extensions it accepts. */
export interface ResourceDefinition {
  readonly name: "User" | "Group";
  readonly core: SchemaDefinition;
  readonly extensions: readonly SchemaDefinition[];
  /**
   * Extension whose attributes may also arrive unprefixed at the top level (Entra sends
   * `"department": "Sales"` outside the enterprise object; INTEROP.md "Create").
   */
  readonly liftedExtension?: SchemaDefinition;
}

type Overrides = Partial<Omit<AttributeDefinition, "name" | "type" | "description">>;

/** A simple attribute with RFC 7643 §7 defaults (optional, caseExact false, readWrite, default, none). */
export function attr(
  name: string,
  type: AttributeType,
  description: string,
  overrides: Overrides = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...overrides,
  };
}

export function complex(
  name: string,
  description: string,
  subAttributes: readonly AttributeDefinition[],
  overrides: Overrides = {},
): AttributeDefinition {
  return attr(name, "complex", description, { ...overrides, subAttributes });
}

interface MultiOptions {
  valueType?: AttributeType;
  types?: readonly string[];
  mutability?: AttributeDefinition["mutability"];
  referenceTypes?: readonly string[];
}

/** RFC 7643 §2.4: the standard value/display/type/primary sub-attributes of a multi-valued attribute. */
export function multi(name: string, description: string, options: MultiOptions = {}): AttributeDefinition {
  const mutability = options.mutability ?? "readWrite";
  const valueType = options.valueType ?? "string";
  return complex(
    name,
    description,
    [
      attr("value", valueType, `The value of ${name}.`, {
        mutability,
        ...(options.referenceTypes ? { referenceTypes: options.referenceTypes } : {}),
      }),
      attr("display", "string", "A human-readable name, primarily used for display purposes.", {
        mutability,
      }),
      attr("type", "string", "A label indicating the attribute's function.", {
        mutability,
        ...(options.types ? { canonicalValues: options.types } : {}),
      }),
      attr("primary", "boolean", "Indicates the 'primary' or preferred attribute value.", { mutability }),
    ],
    { multiValued: true, mutability },
  );
}
