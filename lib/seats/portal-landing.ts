import "server-only";
import type { CustomerActor } from "@/lib/auth/actor";
import { client, findPortalHoldings } from "./queries";

/**
 * Which page a signed-in person starts on: what they pay for, or, when they pay for
 * nothing with seats and hold a seat someone gave them, the seats they hold (an invitee who
 * signs in later would otherwise land on an empty list of subscriptions).
 */
export async function portalLanding(actor: CustomerActor | null): Promise<"owned" | "held"> {
  if (!actor) return "owned";
  const { owns, holds } = await findPortalHoldings(client(), actor.customerId);
  return !owns && holds ? "held" : "owned";
}
