// A TCP proxy in front of PostgreSQL that reads the wire protocol as it passes, for the
// profiler: it counts round trips (each Sync or simple Query the client sends, answered
// by a ReadyForQuery) and keeps their SQL, parameters and duration.
import net from "node:net";

export type RoundTrip = { sql: string[]; params: (string | null)[][]; ms: number; connection: number };

export type PgProxy = {
  url: string;
  /** Starts recording round trips (and forgets what was recorded). */
  record(): void;
  /** Stops recording and returns what was recorded. */
  take(): RoundTrip[];
  close(): Promise<void>;
};

type Pending = { sql: string[]; params: (string | null)[][]; started: number };

function cString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  return [buffer.toString("utf8", offset, end), end + 1];
}

// Bind: portal, statement, format codes, parameter values (text format is what pg sends).
function bindParams(body: Buffer): (string | null)[] {
  let offset = cString(body, cString(body, 0)[1])[1];
  const formats = body.readInt16BE(offset);
  offset += 2 + formats * 2;
  const count = body.readInt16BE(offset);
  offset += 2;
  const values: (string | null)[] = [];
  for (let i = 0; i < count; i++) {
    const length = body.readInt32BE(offset);
    offset += 4;
    if (length < 0) values.push(null);
    else {
      values.push(body.toString("utf8", offset, offset + length));
      offset += length;
    }
  }
  return values;
}

export async function startPgProxy(upstreamUrl: string): Promise<PgProxy> {
  const upstream = new URL(upstreamUrl);
  let recording = false;
  let trips: RoundTrip[] = [];
  let connections = 0;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const id = ++connections;
    const server = net.connect(Number(upstream.port || 5432), upstream.hostname);
    sockets.add(client).add(server);
    const pending: Pending[] = [];
    let batch: Pending | null = null;
    let started = false;
    let fromClient = Buffer.alloc(0);
    let fromServer = Buffer.alloc(0);

    client.on("data", (chunk: Buffer) => {
      server.write(chunk);
      fromClient = Buffer.concat([fromClient, chunk]);
      for (;;) {
        if (!started) {
          // The startup message has no type byte.
          if (fromClient.length < 4) break;
          const length = fromClient.readInt32BE(0);
          if (fromClient.length < length) break;
          fromClient = fromClient.subarray(length);
          started = true;
          continue;
        }
        if (fromClient.length < 5) break;
        const type = String.fromCharCode(fromClient[0]!);
        const length = fromClient.readInt32BE(1);
        if (fromClient.length < 1 + length) break;
        const body = fromClient.subarray(5, 1 + length);
        fromClient = fromClient.subarray(1 + length);
        // Extended-protocol messages up to a Sync, or one simple Query, make a round trip.
        if (!"PBDEHCSQ".includes(type)) continue;
        batch ??= { sql: [], params: [], started: performance.now() };
        if (type === "P") batch.sql.push(cString(body, cString(body, 0)[1])[0]);
        else if (type === "B") batch.params.push(bindParams(body));
        else if (type === "Q") batch.sql.push(cString(body, 0)[0]);
        if (type === "S" || type === "Q") {
          pending.push(batch);
          batch = null;
        }
      }
    });
    server.on("data", (chunk: Buffer) => {
      client.write(chunk);
      fromServer = Buffer.concat([fromServer, chunk]);
      for (;;) {
        if (fromServer.length < 5) break;
        const type = String.fromCharCode(fromServer[0]!);
        const length = fromServer.readInt32BE(1);
        if (fromServer.length < 1 + length) break;
        fromServer = fromServer.subarray(1 + length);
        if (type === "Z") {
          const done = pending.shift();
          if (done && recording) trips.push({ sql: done.sql, params: done.params, ms: performance.now() - done.started, connection: id });
        }
      }
    });
    const close = () => {
      client.destroy();
      server.destroy();
      sockets.delete(client);
      sockets.delete(server);
    };
    client.on("close", close).on("error", close);
    server.on("close", close).on("error", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(upstreamUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    record() {
      trips = [];
      recording = true;
    },
    take() {
      recording = false;
      return trips;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
