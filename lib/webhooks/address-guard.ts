import { BlockList, isIP } from "node:net";
import { lookup } from "node:dns/promises";
import { env } from "@/lib/env";

// Addresses a webhook must never reach: loopback, private, link-local (cloud metadata),
// carrier-grade NAT, multicast and reserved ranges, in IPv4 and IPv6.
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["::ffff:0:0", 96],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv6");
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    // An IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1]!);
  }
  return !PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** In production a webhook may only go to a public https address; WEBHOOK_ALLOW_PRIVATE_URLS lifts both rules. */
export function webhookUrlRulesApply() {
  return env().NODE_ENV === "production" && !env().WEBHOOK_ALLOW_PRIVATE_URLS;
}

export class UnsafeWebhookUrl extends Error {}

/** Checks a URL at creation: https, and every address its host resolves to is public. */
export async function assertSafeWebhookUrl(raw: string) {
  const url = new URL(raw);
  if (!webhookUrlRulesApply()) return;
  if (url.protocol !== "https:") throw new UnsafeWebhookUrl("The webhook URL must use https.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true }).catch(() => []);
  if (addresses.length === 0) throw new UnsafeWebhookUrl("The webhook URL's host does not resolve.");
  if (!addresses.every(({ address }) => isPublicAddress(address))) {
    throw new UnsafeWebhookUrl("The webhook URL must resolve to a public address.");
  }
}
