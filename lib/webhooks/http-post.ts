import http from "node:http";
import https from "node:https";
import dns from "node:dns";
import type { LookupFunction } from "node:net";
import { isPublicAddress, webhookUrlRulesApply } from "./address-guard";

export type PostResult = { status: number | null; body: string; error: string | null; durationMs: number };

const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 2048;

/**
 * Resolves the host the way the connection will use it and refuses a private address, so
 * a name that resolved to a public address at creation cannot be re-pointed (DNS
 * rebinding) at an internal service before delivery.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as dns.LookupAddress[];
    const refused = list.find((entry) => !isPublicAddress(entry.address));
    if (refused || list.length === 0) {
      return callback(Object.assign(new Error(`refused to connect to ${refused?.address ?? hostname}: not a public address`), { code: "EPRIVATE" }), "", 0);
    }
    if (options.all) return callback(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
};

/** POSTs a webhook: 10 s at most, redirects not followed, the answer kept to 2 KB. */
export function postWebhook(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
  const started = Date.now();
  const target = new URL(url);
  const guarded = webhookUrlRulesApply();
  return new Promise((resolve) => {
    const done = (result: Omit<PostResult, "durationMs">) => resolve({ ...result, durationMs: Date.now() - started });
    if (guarded && target.protocol !== "https:") return done({ status: null, body: "", error: "refused: the URL is not https" });
    const transport = target.protocol === "https:" ? https : http;
    const request = transport.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "seat-portal-webhooks/1" },
        timeout: TIMEOUT_MS,
        ...(guarded ? { lookup: publicOnlyLookup } : {}),
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
