// The API door's own request and response: what a route needs of an HTTP exchange, with no
// web streams in between. The Pages Router's API routes hand us Node's request; building a
// Request and a Response around it (as App Router route handlers do) cost more CPU per call
// than the seat list itself (docs/performance.md).

export type ApiRequest = {
  method: string;
  /** The path as the client sent it (/v1/…), without the query. */
  pathname: string;
  search: URLSearchParams;
  header(name: string): string | null;
  /** The route's dynamic segments (and, where Next.js merged them in, query keys): each route's schema picks its own. */
  params: Record<string, string | string[] | undefined>;
  /** The body as it arrives, or null when the method has none. */
  body: AsyncIterable<Uint8Array> | null;
};

export type ApiResponse = {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or null for a response without a body (204). */
  body: string | null;
};
