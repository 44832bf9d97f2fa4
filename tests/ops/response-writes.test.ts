// Issue 7 (performance): the production server sends what a response writes within one turn
// of the event loop in one write to the socket. Without it, Next.js sends a JSON answer in
// three writes (the headers on their own, the body, the end of the chunked body), each
// reaching the client as a read of its own. Read over a raw socket, every answer here must
// arrive whole in the first read; a streamed page must still arrive in full.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { createPostgresDatabase, type TestDatabase } from "../fixtures/test-database";
import { serverEnv, startAppServer, startMailSink, stopServer, type AppServer, type MailSink } from "./helpers";

let database: TestDatabase;
let mail: MailSink;
let server: AppServer;

beforeAll(async () => {
  database = await createPostgresDatabase();
  process.env.DATABASE_URL = database.url;
  mail = await startMailSink();
  server = await startAppServer(serverEnv(database.url, mail.smtpUrl));
});

afterAll(async () => {
  if (server && server.process.exitCode === null) await stopServer(server);
  await closeDb();
  await mail?.stop();
  await database?.drop();
});

/** The chunks in which one response arrives, read until its chunked body ends. */
function readsOfOneResponse(socket: net.Socket, path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const reads: string[] = [];
    const timer = setTimeout(() => finish(new Error(`no complete answer to ${path} within 10 s: ${JSON.stringify(reads)}`)), 10_000);
    const onData = (chunk: Buffer) => {
      reads.push(chunk.toString("latin1"));
      if (reads.join("").endsWith("0\r\n\r\n")) finish();
    };
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.off("data", onData);
      if (error) reject(error);
      else resolve(reads);
    };
    socket.on("data", onData);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
  });
}

async function connect() {
  const socket = net.connect(server.port, "127.0.0.1");
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  return socket;
}

describe("the production server's writes", () => {
  it("sends a JSON answer's headers, body and end in one write", async () => {
    const socket = await connect();
    try {
      // An API 404 (no database work) and the liveness answer, ten times each on one
      // kept-alive connection: each must come in a single read.
      for (let i = 0; i < 10; i++) {
        for (const path of ["/v1/", "/api/health"]) {
          const reads = await readsOfOneResponse(socket, path);
          expect(reads[0], `${path}, request ${i + 1}`).toMatch(/^HTTP\/1\.1 (200|404) /);
          expect(reads, `${path}, request ${i + 1}: ${reads.length} reads`).toHaveLength(1);
          expect(reads[0]).toMatch(/\r\n\r\n[0-9a-f]+\r\n\{.*\}\r\n0\r\n\r\n$/s);
        }
      }
    } finally {
      socket.destroy();
    }
  });

  it("still streams a page to its end", async () => {
    const socket = await connect();
    try {
      const reads = await readsOfOneResponse(socket, "/nonexistent-organization/portal");
      const whole = reads.join("");
      expect(whole).toMatch(/^HTTP\/1\.1 404 /);
      expect(whole).toContain("</html>");
    } finally {
      socket.destroy();
    }
  });
});
