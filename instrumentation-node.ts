// The configuration is checked first: a missing or malformed variable stops the server with
// one line naming it. A long-running server then drains the email and webhook queues on an
// interval (a message that failed, or that another instance left behind, still goes out),
// and hands the production server (scripts/next-server.mjs) its part of a graceful stop.
// Serverless hosts use the cron route instead of the interval.
import { env } from "./lib/env";
import { shutDownBackgroundWork, startBackgroundWorker } from "./lib/background";

try {
  env();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
(globalThis as Record<symbol, unknown>)[Symbol.for("seat-portal.shutdown")] = shutDownBackgroundWork;
startBackgroundWorker();
