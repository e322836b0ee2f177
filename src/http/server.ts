import express, { type Express } from "express";
import helmet from "helmet";
import type { Logger } from "../lib";
import { requestContext } from "./request-context";

export interface HttpOptions {
  logger: Logger;
  trustProxy: boolean | number | string;
  production: boolean;
}

/** The express instance every module mounts its routes on: headers, ids and logging first. */
export function createHttpServer(options: HttpOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy);
  app.set("query parser", "simple");
  app.use(requestContext(options.logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          // Pages work without JavaScript; nothing inline is ever allowed.
          "script-src": ["'self'"],
          "style-src": ["'self'"],
          "form-action": ["'self'", "https:", "http:"],
          "upgrade-insecure-requests": options.production ? [] : null,
        },
      },
      strictTransportSecurity: options.production,
    }),
  );
  return app;
}
