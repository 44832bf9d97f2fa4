// The seats page's weight at 100 rows (the bench's mix: claimed, pending, expired and
// revoked rows), as the browser receives it: raw and gzipped bytes of the HTML, for the page
// itself and for its no-JavaScript revoke confirmation step (?confirm=<seat>). Needs a
// production build (NEXT_DIST_DIR) and the local PostgreSQL. Run:
//   NEXT_DIST_DIR=.next tsx scripts/bench/page-weight.ts [file to keep the page's HTML in]
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { startAppServer } from "../../tests/fixtures/app-server";
import { createPostgresDatabase } from "../../tests/fixtures/test-database";
import { seed } from "./seed";

const database = await createPostgresDatabase();
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const seeded = await seed(client, { lists: [100], holder: false, writes: false });
await client.end();
const server = await startAppServer({ DATABASE_URL: database.url, AUTH_SECRET: "page-weight-0123456789abcdef0123456789abcdef", PUBLIC_URL: "http://localhost" });
try {
  const path = `/${seeded.orgSlug}/portal/subscriptions/${seeded.lists[100]}`;
  const get = async (query = "") => {
    const response = await fetch(`${server.url}${path}${query}`, { headers: { cookie: `authjs.session-token=${seeded.sessionCookie}` } });
    if (response.status !== 200) throw new Error(`${path}${query}: ${response.status}`);
    return response.text();
  };
  const measure = (html: string) => ({ raw_bytes: Buffer.byteLength(html), gzip_bytes: gzipSync(html).length, rows: html.match(/data-seat-id="/g)?.length ?? 0 });
  const page = await get();
  // Warm once so the figures are not a cold start's; the HTML is the same.
  const again = await get();
  if (process.argv[2]) writeFileSync(process.argv[2], again);
  const pendingId = /<tr data-seat-id="([^"]+)" data-email="[^"]+"/.exec(again)?.[1];
  const confirm = pendingId ? await get(`?confirm=${pendingId}`) : "";
  console.log(JSON.stringify({ page: measure(page), confirm: pendingId ? measure(confirm) : null }));
} finally {
  await server.stop();
  await database.drop();
}
