import type { TestProject } from "vitest/node";
import { startMailCapture } from "../fixtures/mail-capture";
import { createTestDatabase } from "../fixtures/test-database";

export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  const mail = await startMailCapture();
  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", database.kind);
  project.provide("mailUrl", mail.httpUrl);
  project.provide("smtpUrl", mail.smtpUrl);
  project.provide("baseUrl", "");
  return async () => {
    await mail.stop();
    await database.drop();
  };
}
