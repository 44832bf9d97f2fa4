import "server-only";
import { ResourceNotFound } from "@/lib/errors";
import { describeInvitation } from "./describe-invitation";
import type { SeatClaimInfo } from "./types";

/**
 * What an invitation link offers. Read-only, so a mail scanner that opens the link claims
 * nothing; a link that cannot be claimed is not found, as on Polar.
 */
export async function getClaimInfo(invitationToken: string): Promise<SeatClaimInfo> {
  const invitation = await describeInvitation(invitationToken);
  if (invitation.state !== "valid") {
    throw new ResourceNotFound("This invitation link is invalid, expired, already used or revoked.");
  }
  return invitation.info;
}
