// The SSRF guard of webhook URLs, at creation (lib/webhooks/address-guard.ts): which
// addresses count as public, and the check of a URL with the rules on (https, every
// resolved address public) and lifted. DNS is answered by an injected resolver, so a name
// can resolve wherever a case needs it; tests/ops/webhook-url-guard.test.ts drives the same
// rules through a production server.
import { afterEach, describe, expect, it, vi } from "vitest";
import { assertSafeWebhookUrl, ipLiteralOf, isPublicAddress, UnsafeWebhookUrl, type ResolveAll } from "@/lib/webhooks/address-guard";

describe("isPublicAddress", () => {
  it.each([
    ["IPv4 loopback", "127.0.0.1"],
    ["IPv4 loopback, anywhere in 127/8", "127.255.0.9"],
    ["IPv6 loopback", "::1"],
    ["RFC 1918 10/8", "10.0.0.1"],
    ["RFC 1918 172.16/12", "172.16.0.1"],
    ["RFC 1918 172.16/12, its top", "172.31.255.255"],
    ["RFC 1918 192.168/16", "192.168.1.1"],
    ["link-local (cloud metadata)", "169.254.169.254"],
    ["IPv6 link-local", "fe80::1"],
    ["IPv6 link-local with a zone", "fe80::1%eth0"],
    ["carrier-grade NAT 100.64/10", "100.64.0.1"],
    ["carrier-grade NAT 100.64/10, its top", "100.127.255.254"],
    ["IPv6 unique-local fc00::/7 (fc)", "fc00::1"],
    ["IPv6 unique-local fc00::/7 (fd)", "fd12:3456:789a::1"],
    ["IPv4-mapped loopback", "::ffff:127.0.0.1"],
    ["IPv4-mapped loopback, in hex (how URL writes it)", "::ffff:7f00:1"],
    ["IPv4-mapped loopback, written out in full", "0:0:0:0:0:ffff:7f00:1"],
    ["IPv4-mapped RFC 1918", "::ffff:10.1.2.3"],
    ["IPv4-mapped 0.0.0.0", "::ffff:0:0"],
    ["IPv4-compatible loopback (deprecated ::a.b.c.d)", "::7f00:1"],
    ["IPv4-mapped link-local", "::ffff:169.254.169.254"],
    ["the unspecified IPv4 address", "0.0.0.0"],
    ["this network 0/8", "0.1.2.3"],
    ["the unspecified IPv6 address", "::"],
    ["IPv4 multicast", "224.0.0.1"],
    ["IPv4 multicast, its top", "239.255.255.250"],
    ["IPv6 multicast", "ff02::1"],
    ["reserved 240/4", "240.0.0.1"],
    ["broadcast", "255.255.255.255"],
    ["benchmarking 198.18/15", "198.18.0.1"],
    ["documentation 192.0.2/24", "192.0.2.10"],
    ["documentation 2001:db8::/32", "2001:db8::1"],
    ["NAT64 64:ff9b::/96 (may carry a private IPv4)", "64:ff9b::a00:1"],
    ["NAT64 64:ff9b::/96 carrying a public IPv4", "64:ff9b::808:808"],
    ["local-use NAT64 64:ff9b:1::/48", "64:ff9b:1::a00:1"],
    ["local-use NAT64 64:ff9b:1::/48, its top", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff"],
    ["IPv4-translated loopback ::ffff:0:0:0/96 (in hex)", "::ffff:0:7f00:1"],
    ["IPv4-translated loopback, dotted", "::ffff:0:127.0.0.1"],
    ["IPv4-translated loopback, written out in full", "0:0:0:0:ffff:0:7f00:1"],
    ["IPv4-translated RFC 1918", "::ffff:0:a00:1"],
    ["IPv4-translated link-local (cloud metadata)", "::ffff:0:a9fe:a9fe"],
    ["6to4 2002::/16 wrapping loopback", "2002:7f00:1::1"],
    ["6to4 2002::/16 wrapping RFC 1918", "2002:a00:1::1"],
    ["6to4 2002::/16 wrapping a public IPv4", "2002:808:808::1"],
    ["Teredo 2001::/32", "2001:0:4136:e378:8000:63bf:3fff:fdd2"],
    ["Teredo 2001::/32, its top", "2001:0:ffff:ffff:ffff:ffff:ffff:ffff"],
    ["the 6to4 relay anycast 192.88.99/24", "192.88.99.1"],
    ["the 6to4 relay anycast 192.88.99/24, its top", "192.88.99.255"],
    ["the 6to4 relay anycast, IPv4-mapped", "::ffff:192.88.99.1"],
    ["not an address", "example.com"],
    ["empty", ""],
  ])("refuses %s (%s)", (_name, address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ["a public IPv4 address", "93.184.215.14"],
    ["a public IPv4 address next to 10/8", "11.0.0.1"],
    ["just below 100.64/10", "100.63.255.255"],
    ["just above 100.64/10", "100.128.0.1"],
    ["just above 172.16/12", "172.32.0.1"],
    ["just below 224/4", "223.255.255.255"],
    ["a public IPv6 address", "2606:4700:4700::1111"],
    ["a public IPv6 address just above Teredo's 2001::/32", "2001:1::1"],
    ["a public IPv6 address in 2001::/16 (not Teredo)", "2001:4860:4860::8888"],
    ["just below 6to4's 2002::/16", "2001:ffff:ffff::1"],
    ["just above 6to4's 2002::/16", "2003::1"],
    ["just below 192.88.99/24", "192.88.98.255"],
    ["just above 192.88.99/24", "192.88.100.1"],
    ["a public IPv4-mapped address, judged as its IPv4 address", "::ffff:8.8.8.8"],
    ["a public IPv4-mapped address, in hex", "::ffff:808:808"],
  ])("allows %s (%s)", (_name, address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe("ipLiteralOf", () => {
  it.each([
    ["https://127.0.0.1/hooks", "127.0.0.1"],
    ["https://[::1]:8443/hooks", "::1"],
    // URL writes every IPv4 spelling as dotted decimal, so none of these slips past as a name.
    ["https://0x7f000001/", "127.0.0.1"],
    ["https://2130706433/", "127.0.0.1"],
    ["https://127.1/", "127.0.0.1"],
    ["https://[::ffff:127.0.0.1]/", "::ffff:7f00:1"],
    ["https://hooks.example.com/", null],
  ])("%s → %s", (url, expected) => {
    expect(ipLiteralOf(new URL(url))).toBe(expected);
  });
});

/** A resolver that answers from a table, as DNS would, and fails for any other name. */
function dnsOf(table: Record<string, string[]>): ResolveAll & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address }));
  };
  return Object.assign(resolve, { asked });
}

const DNS = {
  "hooks.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
  "intranet.example.com": ["10.0.0.7"],
  "metadata.example.com": ["169.254.169.254"],
  "loopback.example.com": ["::1"],
  "mapped.example.com": ["::ffff:127.0.0.1"],
  "translated.example.com": ["::ffff:0:7f00:1"],
  "sixtofour.example.com": ["2002:a00:1::1"],
  // One public and one private answer: a connection may take either, so the name is refused.
  "split.example.com": ["93.184.215.14", "192.168.0.10"],
  "empty.example.com": [],
};

const refusal = async (url: string, options: Parameters<typeof assertSafeWebhookUrl>[1]) => {
  const error = await assertSafeWebhookUrl(url, options).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `${url} was accepted`).toBeInstanceOf(UnsafeWebhookUrl);
  return (error as UnsafeWebhookUrl).message;
};

describe("assertSafeWebhookUrl with the rules on (production)", () => {
  const on = () => ({ rulesApply: true, resolve: dnsOf(DNS) });

  it.each([
    ["http to a public name", "http://hooks.example.com/hooks"],
    ["http to a public address", "http://93.184.215.14/hooks"],
  ])("refuses %s: https only", async (_name, url) => {
    expect(await refusal(url, on())).toBe("The webhook URL must use https.");
  });

  it.each([
    ["an IPv4 loopback literal", "https://127.0.0.1/hooks"],
    ["loopback in another spelling", "https://0x7f000001/hooks"],
    ["an IPv6 loopback literal", "https://[::1]/hooks"],
    ["an IPv4-mapped loopback literal", "https://[::ffff:127.0.0.1]/hooks"],
    ["an IPv4-translated loopback literal", "https://[::ffff:0:7f00:1]/hooks"],
    ["a NAT64 literal carrying RFC 1918", "https://[64:ff9b::a00:1]/hooks"],
    ["a local-use NAT64 literal", "https://[64:ff9b:1::7f00:1]/hooks"],
    ["a 6to4 literal wrapping loopback", "https://[2002:7f00:1::1]/hooks"],
    ["a Teredo literal", "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks"],
    ["a 6to4 relay anycast literal", "https://192.88.99.1/hooks"],
    ["a name resolving to an IPv4-translated loopback", "https://translated.example.com/hooks"],
    ["a name resolving to 6to4", "https://sixtofour.example.com/hooks"],
    ["the metadata address", "https://169.254.169.254/latest/meta-data/"],
    ["an RFC 1918 literal", "https://192.168.1.1/hooks"],
    ["a carrier-grade NAT literal", "https://100.64.0.1/hooks"],
    ["0.0.0.0", "https://0.0.0.0/hooks"],
    ["a unique-local literal", "https://[fd00::1]/hooks"],
    ["a name resolving to RFC 1918", "https://intranet.example.com/hooks"],
    ["a name resolving to the metadata address", "https://metadata.example.com/hooks"],
    ["a name resolving to IPv6 loopback", "https://loopback.example.com/hooks"],
    ["a name resolving to an IPv4-mapped loopback", "https://mapped.example.com/hooks"],
    ["a name with one private answer among public ones", "https://split.example.com/hooks"],
  ])("refuses %s", async (_name, url) => {
    expect(await refusal(url, on())).toBe("The webhook URL must resolve to a public address.");
  });

  // The same answer as for a private address: a different one would tell whoever may
  // create a webhook which names exist on the server's internal network.
  it.each([
    ["a name that does not resolve", "https://nowhere.example.com/hooks"],
    ["a name that resolves to nothing", "https://empty.example.com/hooks"],
  ])("refuses %s as it refuses a private address", async (_name, url) => {
    expect(await refusal(url, on())).toBe("The webhook URL must resolve to a public address.");
  });

  it("refuses a name that does not resolve and one that resolves to a private address with the same error and message", async () => {
    const [missing, internal] = await Promise.all(
      ["https://nowhere.example.com/hooks", "https://intranet.example.com/hooks"].map((url) =>
        assertSafeWebhookUrl(url, on()).then(
          () => null,
          (caught: unknown) => caught,
        ),
      ),
    );
    expect(missing).toBeInstanceOf(UnsafeWebhookUrl);
    expect(internal).toBeInstanceOf(UnsafeWebhookUrl);
    expect(Object.getPrototypeOf(missing)).toBe(Object.getPrototypeOf(internal));
    expect((missing as Error).message).toBe((internal as Error).message);
  });

  it("accepts a name whose every address is public, and asks DNS for the bare host", async () => {
    const resolve = dnsOf(DNS);
    await expect(assertSafeWebhookUrl("https://hooks.example.com:8443/hooks?x=1", { rulesApply: true, resolve })).resolves.toBeUndefined();
    expect(resolve.asked).toEqual(["hooks.example.com"]);
  });

  it("accepts a public address literal without asking DNS", async () => {
    const resolve = dnsOf(DNS);
    await expect(assertSafeWebhookUrl("https://93.184.215.14/hooks", { rulesApply: true, resolve })).resolves.toBeUndefined();
    await expect(assertSafeWebhookUrl("https://[2606:4700:4700::1111]/hooks", { rulesApply: true, resolve })).resolves.toBeUndefined();
    expect(resolve.asked).toEqual([]);
  });
});

describe("assertSafeWebhookUrl with the rules lifted", () => {
  it.each(["http://127.0.0.1:9/hooks", "https://[::1]/hooks", "http://intranet.example.com/hooks", "https://169.254.169.254/"])("accepts %s and asks no DNS", async (url) => {
    const resolve = dnsOf(DNS);
    await expect(assertSafeWebhookUrl(url, { rulesApply: false, resolve })).resolves.toBeUndefined();
    expect(resolve.asked).toEqual([]);
  });
});

// The defaults the server runs with: the rules follow NODE_ENV and WEBHOOK_ALLOW_PRIVATE_URLS.
describe("webhookUrlRulesApply (the server's default)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function guardUnder(variables: Record<string, string>) {
    vi.resetModules();
    vi.stubEnv("DATABASE_URL", "postgresql://nowhere.invalid:1/none");
    vi.stubEnv("AUTH_SECRET", "x".repeat(32));
    vi.stubEnv("PUBLIC_URL", "https://portal.example.com");
    vi.stubEnv("WEBHOOK_ALLOW_PRIVATE_URLS", "");
    for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
    return import("@/lib/webhooks/address-guard");
  }

  it("applies in production", async () => {
    const guard = await guardUnder({ NODE_ENV: "production" });
    expect(guard.webhookUrlRulesApply()).toBe(true);
    await expect(guard.assertSafeWebhookUrl("https://127.0.0.1/hooks")).rejects.toBeInstanceOf(guard.UnsafeWebhookUrl);
    await expect(guard.assertSafeWebhookUrl("http://93.184.215.14/hooks")).rejects.toBeInstanceOf(guard.UnsafeWebhookUrl);
  });

  it("is lifted in production by WEBHOOK_ALLOW_PRIVATE_URLS=true", async () => {
    const guard = await guardUnder({ NODE_ENV: "production", WEBHOOK_ALLOW_PRIVATE_URLS: "true" });
    expect(guard.webhookUrlRulesApply()).toBe(false);
    await expect(guard.assertSafeWebhookUrl("http://127.0.0.1:9/hooks")).resolves.toBeUndefined();
  });

  it.each(["development", "test"])("does not apply in %s", async (mode) => {
    const guard = await guardUnder({ NODE_ENV: mode });
    expect(guard.webhookUrlRulesApply()).toBe(false);
  });
});
