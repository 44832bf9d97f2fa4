import { BlockList, isIP } from "node:net";
import { lookup } from "node:dns/promises";
import { env } from "@/lib/env";

// Addresses a webhook must never reach: loopback, private, link-local (cloud metadata),
// carrier-grade NAT, multicast and reserved ranges, in IPv4 and IPv6. One list per family:
// a BlockList checks an IPv4 address against its IPv6 rules as ::ffff:a.b.c.d, so the
// IPv4-mapped rule below would otherwise refuse every IPv4 address there is.
const PRIVATE_V4 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  // The 6to4 relay anycast: a relay unwraps and forwards to whatever IPv4 is inside.
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  PRIVATE_V4.addSubnet(network, prefix, "ipv4");
}
const PRIVATE_V6 = new BlockList();
for (const [network, prefix] of [
  // The unspecified address, loopback and the deprecated IPv4-compatible ::a.b.c.d.
  ["::", 96],
  // Mapped addresses are judged by the IPv4 they carry (mappedIPv4); a spelling it does
  // not read stays refused here.
  ["::ffff:0:0", 96],
  // Forms that carry an IPv4 address a translator or a tunnel delivers to, loopback and
  // private ones included: IPv4-translated ::ffff:0:a.b.c.d (written ::ffff:0:7f00:1),
  // NAT64 (the well-known prefix and the local-use one), 6to4 and Teredo. Refused whole:
  // a webhook has no business going through a translator.
  ["::ffff:0:0:0", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["2002::", 16],
  ["2001::", 32],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  PRIVATE_V6.addSubnet(network, prefix, "ipv6");
}

/** The IPv4 address an IPv4-mapped IPv6 address carries (::ffff:a.b.c.d in any spelling), else null. */
function mappedIPv4(address: string): string | null {
  let canonical: string;
  try {
    // URL writes an IPv6 host in its one compressed form, the mapped part in hex.
    canonical = new URL(`http://[${address.replace(/%.*$/, "")}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return null;
  const [high, low] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !PRIVATE_V4.check(address, "ipv4");
  if (family !== 6) return false;
  const carried = mappedIPv4(address);
  if (carried) return isPublicAddress(carried);
  return !PRIVATE_V6.check(address, "ipv6");
}

/** The host of a URL when it is an IP address (URL keeps IPv6 hosts in brackets), else null. */
export function ipLiteralOf(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return isIP(host) ? host : null;
}

/** In production a webhook may only go to a public https address; WEBHOOK_ALLOW_PRIVATE_URLS lifts both rules. */
export function webhookUrlRulesApply() {
  return env().NODE_ENV === "production" && !env().WEBHOOK_ALLOW_PRIVATE_URLS;
}

export class UnsafeWebhookUrl extends Error {}

export type ResolveAll = (hostname: string) => Promise<readonly { address: string }[]>;

const resolveAll: ResolveAll = (hostname) => lookup(hostname, { all: true });

// The rules and the resolver are parameters so that the check can be proven with the rules
// on and a name that resolves wherever the test needs it; the server passes neither.
export type UrlCheckOptions = { rulesApply?: boolean; resolve?: ResolveAll };

// One refusal for a host that resolves to a private address and for one that does not
// resolve at all: two answers would let anyone who may create a webhook probe which names
// exist on the server's internal network.
const NOT_PUBLIC = "The webhook URL must resolve to a public address.";

/** Checks a URL at creation: https, and every address its host resolves to is public. */
export async function assertSafeWebhookUrl(raw: string, { rulesApply = webhookUrlRulesApply(), resolve = resolveAll }: UrlCheckOptions = {}) {
  const url = new URL(raw);
  if (!rulesApply) return;
  if (url.protocol !== "https:") throw new UnsafeWebhookUrl("The webhook URL must use https.");
  const literal = ipLiteralOf(url);
  const addresses = literal ? [{ address: literal }] : await resolve(url.hostname).catch(() => []);
  if (addresses.length === 0 || !addresses.every(({ address }) => isPublicAddress(address))) throw new UnsafeWebhookUrl(NOT_PUBLIC);
}
