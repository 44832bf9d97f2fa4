// How many connections the kernel has completed on a listening port that the process has not
// accepted yet. A busy Node process accepts roughly one connection per turn of its event
// loop, so at SIGTERM clients that already sent their request may still be queued here, and
// closing the listener would reset them. Linux exposes the queue as the rx_queue of the
// LISTEN row in /proc/net/tcp{,6}; elsewhere this answers null.
import { readFileSync } from "node:fs";

const LISTEN = "0A";

export function acceptQueueLength(port) {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  let found = false;
  let queued = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let table;
    try {
      table = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of table.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 5 || fields[3] !== LISTEN || !fields[1].endsWith(`:${hexPort}`)) continue;
      found = true;
      queued += parseInt(fields[4].split(":")[1], 16);
    }
  }
  return found ? queued : null;
}
