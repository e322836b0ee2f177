import { Initial1700000000000 } from "./1700000000000-initial";

/** Every migration, in order. Listed explicitly so the compiled and the test builds agree. */
export const MIGRATIONS = [Initial1700000000000];
