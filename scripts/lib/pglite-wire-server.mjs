// Serves one PGlite database over the PostgreSQL wire protocol to many connections.
//
// PGlite is a single backend: one session, shared by every connection. Two rules keep
// concurrent connections from corrupting each other's work:
// - a connection's messages run as whole batches, up to and including the Sync (or a
//   simple Query). Running single messages, as @electric-sql/pglite-socket 0.2.17 does,
//   interleaves one connection's Parse/Bind/Execute with another's, and since the unnamed
//   statement and portal belong to the session, queries get each other's statements
//   (seen here as 26000/34000 errors and empty results under 20 concurrent requests);
// - while a connection holds an open transaction, only that connection's batches run.
import net from "node:net";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

// Message types that end a batch: Sync, Query, Flush, Terminate.
const BATCH_END = new Set(["S", "Q", "H", "X"]);

export async function serveWireProtocol(db, port, maxConnections = 100) {
  const queue = [];
  let running = false;
  let transactionOwner = null;

  async function drain() {
    if (running) return;
    running = true;
    try {
      while (queue.length > 0) {
        const index = transactionOwner ? queue.findIndex((job) => job.connection === transactionOwner) : 0;
        if (index === -1) break;
        const [job] = queue.splice(index, 1);
        try {
          await db.runExclusive(() => db.execProtocolRawStream(job.bytes, { onRawData: (data) => job.connection.write(data) }));
          transactionOwner = db.isInTransaction() ? job.connection : null;
          job.resolve();
        } catch (error) {
          transactionOwner = db.isInTransaction() ? job.connection : null;
          job.reject(error);
        }
      }
    } finally {
      running = false;
    }
  }

  function run(connection, bytes) {
    return new Promise((resolve, reject) => {
      queue.push({ connection, bytes, resolve, reject });
      void drain();
    });
  }

  async function forget(connection) {
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i].connection === connection) queue.splice(i, 1);
    // A connection that goes away inside a transaction leaves it to be rolled back.
    if (transactionOwner === connection) {
      await db.runExclusive(() => db.exec("ROLLBACK")).catch(() => {});
      transactionOwner = null;
    }
    void drain();
  }

  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const connection = {
      write(data) {
        if (data.length > 0 && socket.writable) socket.write(Buffer.from(data));
      },
    };
    let buffer = Buffer.alloc(0);
    let started = false;
    let pending = [];
    let chain = Promise.resolve();

    const enqueue = (bytes) => {
      chain = chain.then(() => run(connection, bytes)).catch(() => socket.destroy());
    };

    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          const message = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write("N");
            continue;
          }
          if (code === CANCEL_REQUEST) {
            socket.end();
            return;
          }
          if (code !== PROTOCOL_3) {
            socket.destroy();
            return;
          }
          started = true;
          enqueue(Buffer.from(message));
          continue;
        }
        if (buffer.length < 5) return;
        const length = 1 + buffer.readInt32BE(1);
        if (buffer.length < length) return;
        const type = String.fromCharCode(buffer[0]);
        pending.push(buffer.subarray(0, length));
        buffer = buffer.subarray(length);
        if (type === "X") {
          pending = [];
          socket.end();
          return;
        }
        if (BATCH_END.has(type)) {
          enqueue(Buffer.concat(pending));
          pending = [];
        }
      }
    });
    socket.on("close", () => void forget(connection));
    socket.on("error", () => socket.destroy());
  });
  server.maxConnections = maxConnections;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return server;
}
