// Runs once when a server process starts: a long-running `next start` drains the email
// and webhook queues on an interval, so a message that failed (or was queued by another
// instance that stopped) still goes out. Serverless hosts use the cron route instead.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundWorker } = await import("./lib/background");
  startBackgroundWorker();
}
