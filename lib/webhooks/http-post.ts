import http from "node:http";
import https from "node:https";
import dns from "node:dns";
import type { LookupFunction } from "node:net";
import { ipLiteralOf, isPublicAddress, webhookUrlRulesApply } from "./address-guard";

export type PostResult = { status: number | null; body: string; error: string | null; durationMs: number };

const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 2048;

export type LookupAll = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

const refusal = (address: string) => `refused to connect to ${address}: not a public address`;

/**
 * Resolves the host the way the connection will use it and refuses a private address, so
 * a name that resolved to a public address at creation cannot be re-pointed (DNS
 * rebinding) at an internal service before delivery.
 */
export function publicOnlyLookup(resolve: LookupAll = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, list) => {
      if (error) return callback(error, "", 0);
      const refused = list.find((entry) => !isPublicAddress(entry.address));
      if (refused || list.length === 0) {
        return callback(Object.assign(new Error(refusal(refused?.address ?? hostname)), { code: "EPRIVATE" }), "", 0);
      }
      if (options.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

// As for the creation check: injectable so that tests can turn the rules on and answer DNS.
export type DeliveryGuard = { rulesApply?: boolean; resolve?: LookupAll };

/** POSTs a webhook: 10 s at most, redirects not followed, the answer kept to 2 KB. */
export function postWebhook(url: string, body: string, headers: Record<string, string>, { rulesApply: guarded = webhookUrlRulesApply(), resolve }: DeliveryGuard = {}): Promise<PostResult> {
  const started = Date.now();
  const target = new URL(url);
  return new Promise((resolvePost) => {
    const done = (result: Omit<PostResult, "durationMs">) => resolvePost({ ...result, durationMs: Date.now() - started });
    if (guarded && target.protocol !== "https:") return done({ status: null, body: "", error: "refused: the URL is not https" });
    // Node connects to an IP host without calling `lookup`, so a stored URL such as
    // https://169.254.169.254/ would pass the lookup's check untouched: judge it here.
    const literal = ipLiteralOf(target);
    if (guarded && literal && !isPublicAddress(literal)) return done({ status: null, body: "", error: refusal(literal) });
    const transport = target.protocol === "https:" ? https : http;
    const request = transport.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "seat-portal-webhooks/1" },
        timeout: TIMEOUT_MS,
        ...(guarded ? { lookup: publicOnlyLookup(resolve) } : {}),
      },
      (response) => {
        let received = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (received.length < MAX_RESPONSE_BYTES) received += chunk;
        });
        response.on("end", () => done({ status: response.statusCode ?? null, body: received.slice(0, MAX_RESPONSE_BYTES), error: null }));
        response.on("error", (error) => done({ status: response.statusCode ?? null, body: received, error: error.message }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) => done({ status: null, body: "", error: error.message }));
    request.end(body);
  });
}
