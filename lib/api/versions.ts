// Polar-Version: missing means the oldest version this API speaks; an unknown one is a
// 404 on every path, as Polar's APIVersionMiddleware does. Seat payloads are the same in
// every version; handlers receive the version so a future difference has one place to go.
export const API_VERSIONS = ["2026-04", "2026-10", "2027-01"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
export const DEFAULT_API_VERSION: ApiVersion = "2026-04";

export function resolveApiVersion(header: string | null): ApiVersion | null {
  if (header === null) return DEFAULT_API_VERSION;
  const value = header.trim();
  return (API_VERSIONS as readonly string[]).includes(value) ? (value as ApiVersion) : null;
}
