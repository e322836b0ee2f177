export { createHttpServer } from "./server";
export type { HttpOptions } from "./server";
export { problemHandler, problemOf, toAppError, logIfServerError } from "./problem";
export type { Problem } from "./problem";
export { parseInput } from "./validate";
export { requestContext } from "./request-context";
