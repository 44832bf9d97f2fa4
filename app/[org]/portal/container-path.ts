import { z } from "zod";
import type { ContainerRef } from "@/lib/seats/types";

// /{org}/portal/subscriptions/{id} and /{org}/portal/orders/{id}: the container a path names.
const KINDS = { subscriptions: "subscription", orders: "order" } as const;
const Id = z.uuid();

export function containerFromPath(kind: string, id: string): ContainerRef | null {
  const parsed = Id.safeParse(id);
  if (!(kind in KINDS) || !parsed.success) return null;
  return { kind: KINDS[kind as keyof typeof KINDS], id: parsed.data };
}

export function containerPath(org: string, ref: ContainerRef) {
  return `/${encodeURIComponent(org)}/portal/${ref.kind === "subscription" ? "subscriptions" : "orders"}/${ref.id}`;
}
