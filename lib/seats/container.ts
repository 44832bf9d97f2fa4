import { BadRequest, FeatureNotEnabled, ResourceNotFound } from "@/lib/errors";
import type { Container } from "./queries";
import type { ContainerRef } from "./types";

/** The container a request names; the API reads subscription_id first when both are given, as Polar does. */
export function containerRefOf(input: { subscription_id?: string | null; order_id?: string | null }): ContainerRef {
  if (input.subscription_id) return { kind: "subscription", id: input.subscription_id };
  if (input.order_id) return { kind: "order", id: input.order_id };
  throw new BadRequest("Give either subscription_id or order_id.");
}

export function requireContainer<C extends Pick<Container, "seatBasedPricingEnabled">>(container: C | null): C {
  if (!container) throw new ResourceNotFound("Subscription or order not found.");
  if (!container.seatBasedPricingEnabled) throw new FeatureNotEnabled();
  return container;
}

/** Only a running subscription or a paid order takes new assignments. */
export function takesAssignments(container: Container) {
  return container.kind === "subscription"
    ? container.status === "active" || container.status === "trialing"
    : container.status === "paid";
}
