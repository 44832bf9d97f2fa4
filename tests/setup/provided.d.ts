import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgres" | "pglite";
    mailUrl: string;
    smtpUrl: string;
    baseUrl: string;
  }
}
