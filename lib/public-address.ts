import "server-only";
import { env } from "@/lib/env";

// The server never learns its public address from a request: the production server
// (scripts/next-server.mjs) hands Next.js every request as http://localhost:<PORT>, and a
// Host or X-Forwarded-Host header says whatever a client or a proxy wrote. A browser sent
// to the request's address lands on localhost (where its cookie is not sent) or on a host
// an attacker named. So every address a browser is sent to is relative, or made here from
// PUBLIC_URL.

const publicOrigin = () => new URL(env().PUBLIC_URL).origin;

/** A URL of this server, whatever host it was made on, moved to the public address. */
export function onPublicAddress(url: string | URL): string {
  const target = new URL(url);
  return `${publicOrigin()}${target.pathname}${target.search}${target.hash}`;
}

/**
 * A path of this portal, or a URL already on the public address, as a URL on the public
 * address; null for anything else (another site, or nothing that parses).
 */
export function portalAddress(address: string): string | null {
  let target: URL;
  try {
    target = new URL(address, publicOrigin());
  } catch {
    return null;
  }
  return target.origin === publicOrigin() ? onPublicAddress(target) : null;
}
