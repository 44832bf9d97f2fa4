import { csvResponse, toCsv } from "@/lib/csv";
import { getPortalViewer } from "@/lib/auth/portal";
import { ResourceNotFound } from "@/lib/errors";
import { exportSeats } from "@/lib/seats";
import { SeatTableFilter } from "@/lib/seats/schemas";
import { containerFromPath } from "../../../container-path";


const notFound = () => Response.json({ detail: "Not Found" }, { status: 404 });

// The seats table as CSV, with the page's search, filter and sort.
export async function GET(request: Request, { params }: { params: Promise<{ org: string; kind: string; id: string }> }) {
  const { org, kind, id } = await params;
  const viewer = await getPortalViewer(org);
  const ref = containerFromPath(kind, id);
  if (!viewer?.signedIn || !viewer.actor || !ref) return notFound();
  const filter = SeatTableFilter.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const seats = await exportSeats(viewer.actor, ref, { search: filter.q || undefined, status: filter.status, sort: filter.sort });
    const csv = toCsv(
      ["email", "status", "invited_at", "claimed_at", "revoked_at", "link_expires_at", "metadata"],
      seats.map((seat) => [
        // A revoked row: the person it was for, from its history.
        seat.email ?? seat.formerEmail,
        seat.shownAs,
        seat.assignedAt?.toISOString(),
        seat.claimedAt?.toISOString(),
        seat.revokedAt?.toISOString(),
        seat.status === "pending" ? seat.invitationTokenExpiresAt?.toISOString() : null,
        seat.seatMetadata && Object.keys(seat.seatMetadata).length ? JSON.stringify(seat.seatMetadata) : null,
      ]),
    );
    return csvResponse(`seats-${ref.id}.csv`, csv);
  } catch (error) {
    if (error instanceof ResourceNotFound) return notFound();
    throw error;
  }
}
