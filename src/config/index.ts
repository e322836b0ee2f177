export { loadConfig, renderExampleEnv, ConfigError } from "./load";
export type { Config, DatabaseConfig } from "./load";
export type { NotifyConfig } from "./notify";
