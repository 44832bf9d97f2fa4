import { z } from "zod";
import type { ContainerRef } from "@/lib/seats/types";

// /{org}/portal/subscriptions/{id} and /{org}/portal/orders/{id}: the container a path names.
// An enum, not a lookup in an object: `kind in {…}` also holds for __proto__, constructor or
// toString (inherited from Object.prototype), which then reached the services as a kind.
const ContainerPath = z.object({
  kind: z.enum(["subscriptions", "orders"]).transform((kind) => (kind === "subscriptions" ? ("subscription" as const) : ("order" as const))),
  id: z.uuid(),
});

export function containerFromPath(kind: string, id: string): ContainerRef | null {
  const parsed = ContainerPath.safeParse({ kind, id });
  return parsed.success ? { kind: parsed.data.kind, id: parsed.data.id } : null;
}

export function containerPath(org: string, ref: ContainerRef) {
  return `/${encodeURIComponent(org)}/portal/${ref.kind === "subscription" ? "subscriptions" : "orders"}/${ref.id}`;
}
