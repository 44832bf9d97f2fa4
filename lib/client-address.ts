import "server-only";
import { isIP } from "node:net";

// Long enough for any IPv6 address with a zone; a longer value is no address.
const LONGEST_ADDRESS = 64;

/** The first four groups of an IPv6 address (its /64), written out in full. */
function network64(address: string): string | null {
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const groups = halves.length === 2 ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill("0"), ...tail] : head;
  if (groups.length < 4) return null;
  return groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().padStart(4, "0"))
    .join(":");
}

/**
 * Who sent a request, as a rate-limit key, from X-Forwarded-For's first entry. The
 * production server (scripts/next-server.mjs) replaces that header with the one address it
 * trusts (the socket's, or the one the nearest TRUSTED_PROXY_HOPS proxies reported), so a
 * client cannot choose it; Vercel's edge does the same. An IPv6 client is keyed by its /64,
 * which one host usually holds whole (a key per address would give it 2^64 budgets). An
 * IPv4 address written as IPv6 (::ffff:a.b.c.d) is the IPv4 address.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for") ?? "";
  const comma = forwarded.indexOf(",");
  let address = (comma === -1 ? forwarded : forwarded.slice(0, comma)).trim();
  if (address.length > LONGEST_ADDRESS) return "unknown";
  const zone = address.indexOf("%");
  if (zone !== -1) address = address.slice(0, zone);
  const lower = address.toLowerCase();
  if (lower.startsWith("::ffff:") && isIP(address.slice(7)) === 4) return address.slice(7);
  switch (isIP(address)) {
    case 4:
      return address;
    case 6:
      return `${network64(address) ?? address}::/64`;
    default:
      return "unknown";
  }
}
