import "server-only";
import type { CustomerActor } from "@/lib/auth/actor";
import { client, holdsClaimedSeat } from "./queries";

/**
 * Which page a signed-in person starts on, asked once the overview found nothing they pay
 * for with seats: the seats they hold, when someone gave them one (an invitee who signs in
 * later would otherwise land on an empty list of subscriptions).
 */
export async function portalLanding(actor: CustomerActor | null): Promise<"owned" | "held"> {
  if (!actor) return "owned";
  return (await holdsClaimedSeat(client(), actor.customerId)) ? "held" : "owned";
}
