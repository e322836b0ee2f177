/** SCIM 2.0 filters (RFC 7644 §3.4.2.2): parse to an AST, compile to a portable SQL WHERE fragment. */
export * from "./ast";
export { FilterError } from "./errors";
export { MAX_FILTER_LENGTH } from "./lexer";
export { MAX_FILTER_DEPTH, parseFilter } from "./parser";
export { compileFilter } from "./compile";
export type * from "./targets";
