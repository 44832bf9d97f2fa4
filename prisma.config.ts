// Prisma CLI settings. The datasource URL is only needed by commands that talk to a
// database (`prisma migrate deploy` on a deployment that can download Prisma's engine);
// `prisma generate` runs without one.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Migrations talk to the database itself: DIRECT_URL when DATABASE_URL is a pooled URL.
  datasource: { url: process.env.DIRECT_URL || process.env.DATABASE_URL || "" },
});
