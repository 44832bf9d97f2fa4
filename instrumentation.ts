// Runs once when a server process starts; the Node.js part lives in instrumentation-node.ts
// so that the Edge build never sees Node's APIs.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
