export * from "./errors";
export * from "./crypto";
export * from "./ids";
export * from "./clock";
export * from "./logger";
export * from "./polling-dispatcher";
export * from "./heap";
