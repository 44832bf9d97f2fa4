// The SSRF guard at delivery (lib/webhooks/http-post.ts): with the rules on, the POST's own
// DNS lookup refuses a private answer (a name that was public when it was saved can be
// re-pointed before delivery: DNS rebinding), and a stored URL whose host is a private IP
// literal is refused before any connection (Node never calls `lookup` for an IP host).
// A listener on loopback counts the connections that reach it: a refusal must make none.
import net from "node:net";
import type dns from "node:dns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postWebhook, publicOnlyLookup, type LookupAll } from "@/lib/webhooks/http-post";

let listener: net.Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  // A minimal HTTP/1.1 server: any request gets a 204, so an allowed POST completes.
  listener = net.createServer((socket) => {
    connections++;
    socket.once("data", () => socket.end("HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n"));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  port = (listener.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => listener.close(() => resolve()));
});

beforeEach(() => {
  connections = 0;
});

const post = (url: string, guard: Parameters<typeof postWebhook>[3]) => postWebhook(url, '{"type":"customer.created"}', { "webhook-id": "evt_1" }, guard);

/** A resolver that answers each name from a table, as dns.lookup does with `all: true`. */
function dnsOf(table: Record<string, string[]>): LookupAll & { asked: string[] } {
  const asked: string[] = [];
  const resolve: LookupAll = (hostname, _options, callback) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
    callback(
      null,
      addresses.map((address) => ({ address, family: net.isIP(address) })),
    );
  };
  return Object.assign(resolve, { asked });
}

describe("postWebhook with the rules on", () => {
  it.each([
    ["IPv4 loopback", () => `https://127.0.0.1:${port}/hooks`, "127.0.0.1"],
    ["loopback in another spelling", () => `https://0x7f000001:${port}/hooks`, "127.0.0.1"],
    ["IPv6 loopback", () => `https://[::1]:${port}/hooks`, "::1"],
    ["IPv4-mapped loopback", () => `https://[::ffff:127.0.0.1]:${port}/hooks`, "::ffff:7f00:1"],
    ["the metadata address", () => "https://169.254.169.254/latest/meta-data/", "169.254.169.254"],
    ["0.0.0.0 (reaches this host)", () => `https://0.0.0.0:${port}/hooks`, "0.0.0.0"],
  ])("refuses a stored IP-literal URL to %s, without connecting", async (_name, url, address) => {
    const resolve = dnsOf({});
    const result = await post(url(), { rulesApply: true, resolve });
    expect(result).toMatchObject({ status: null, body: "", error: `refused to connect to ${address}: not a public address` });
    expect(connections).toBe(0);
    expect(resolve.asked, "an IP host never reaches the lookup: it must be judged before").toEqual([]);
  });

  it("refuses a name that resolves to a private address at delivery (DNS rebinding), without connecting", async () => {
    const resolve = dnsOf({ "hooks.example.com": ["127.0.0.1"] });
    const result = await post(`https://hooks.example.com:${port}/hooks`, { rulesApply: true, resolve });
    expect(result.status).toBeNull();
    expect(result.error).toBe("refused to connect to 127.0.0.1: not a public address");
    expect(resolve.asked).toEqual(["hooks.example.com"]);
    expect(connections).toBe(0);
  });

  it("refuses a name with one private answer among public ones", async () => {
    const resolve = dnsOf({ "split.example.com": ["93.184.215.14", "10.0.0.7"] });
    const result = await post(`https://split.example.com:${port}/hooks`, { rulesApply: true, resolve });
    expect(result.error).toBe("refused to connect to 10.0.0.7: not a public address");
    expect(connections).toBe(0);
  });

  it("refuses a name through the real resolver: localhost", async () => {
    const result = await post(`https://localhost:${port}/hooks`, { rulesApply: true });
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/^refused to connect to (127\.0\.0\.1|::1): not a public address$/);
    expect(connections).toBe(0);
  });

  it("refuses http, even to a public address", async () => {
    const result = await post("http://93.184.215.14/hooks", { rulesApply: true, resolve: dnsOf({}) });
    expect(result).toMatchObject({ status: null, error: "refused: the URL is not https" });
  });
});

describe("postWebhook with the rules lifted", () => {
  it.each([
    ["an IPv4 loopback literal", () => `http://127.0.0.1:${port}/hooks`],
    ["localhost", () => `http://localhost:${port}/hooks`],
  ])("delivers to %s", async (_name, url) => {
    const result = await post(url(), { rulesApply: false });
    expect(result).toMatchObject({ status: 204, error: null });
    expect(connections).toBe(1);
  });
});

describe("publicOnlyLookup", () => {
  const lookupOf = (table: Record<string, string[]>) => publicOnlyLookup(dnsOf(table));
  type Answer = { error: NodeJS.ErrnoException | null; address: string | dns.LookupAddress[]; family?: number };
  const ask = (lookup: ReturnType<typeof publicOnlyLookup>, hostname: string, options: dns.LookupOptions) =>
    new Promise<Answer>((resolve) => lookup(hostname, options, (error, address, family) => resolve({ error, address, family })));

  it("answers a public name with its first address, or every address when asked for all", async () => {
    const lookup = lookupOf({ "hooks.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"] });
    expect(await ask(lookup, "hooks.example.com", {})).toEqual({ error: null, address: "93.184.215.14", family: 4 });
    expect(await ask(lookup, "hooks.example.com", { all: true })).toEqual({
      error: null,
      address: [
        { address: "93.184.215.14", family: 4 },
        { address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6 },
      ],
      family: undefined,
    });
  });

  it.each([
    ["RFC 1918", "10.1.2.3"],
    ["link-local", "169.254.169.254"],
    ["IPv6 link-local", "fe80::1"],
    ["carrier-grade NAT", "100.100.100.100"],
    ["unique-local", "fd00::2"],
    ["IPv4-mapped loopback", "::ffff:127.0.0.1"],
    ["multicast", "224.0.0.251"],
  ])("refuses a name resolving to %s (%s) with EPRIVATE", async (_name, address) => {
    const answer = await ask(lookupOf({ "rebound.example.com": [address] }), "rebound.example.com", {});
    expect(answer.error?.code).toBe("EPRIVATE");
    expect(answer.error?.message).toBe(`refused to connect to ${address}: not a public address`);
  });

  it("refuses a name that resolves to nothing, and passes DNS errors on", async () => {
    expect((await ask(lookupOf({ "empty.example.com": [] }), "empty.example.com", {})).error?.code).toBe("EPRIVATE");
    expect((await ask(lookupOf({}), "nowhere.example.com", {})).error?.code).toBe("ENOTFOUND");
  });
});
