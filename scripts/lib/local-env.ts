// A checkout run on one machine (the embedded database) gets its own AUTH_SECRET on first
// start, kept in the git-ignored .env.local that Next.js reads; a deployment sets its own.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./embedded-db";

const LOCAL_ENV = path.join(PROJECT_ROOT, ".env.local");

function definedIn(file: string, name: string) {
  return existsSync(file) && new RegExp(`^\\s*${name}\\s*=\\s*\\S`, "m").test(readFileSync(file, "utf8"));
}

export function ensureLocalAuthSecret(log: (line: string) => void) {
  if (process.env.AUTH_SECRET) return;
  if (definedIn(LOCAL_ENV, "AUTH_SECRET") || definedIn(path.join(PROJECT_ROOT, ".env"), "AUTH_SECRET")) return;
  const secret = randomBytes(32).toString("base64url");
  appendFileSync(LOCAL_ENV, `# Generated on first start; keep it secret, keep it stable.\nAUTH_SECRET=${secret}\n`, { mode: 0o600 });
  process.env.AUTH_SECRET = secret;
  log("generated AUTH_SECRET into .env.local");
}
