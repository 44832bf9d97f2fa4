import { z } from "zod";
import { csvResponse, toCsv } from "@/lib/csv";
import { getPortalViewer } from "@/lib/auth/portal";
import { ResourceNotFound } from "@/lib/errors";
import { exportSeatEvents } from "@/lib/seats";
import { SEAT_EVENT_TYPES, SearchText } from "@/lib/seats/schemas";
import { containerFromPath } from "../../../container-path";

const Filter = z.object({
  type: z.enum(SEAT_EVENT_TYPES).optional().catch(undefined),
  person: SearchText.optional().catch(undefined),
});

const notFound = () => Response.json({ detail: "Not Found" }, { status: 404 });

// The activity log as CSV, with the page's filters.
export async function GET(request: Request, { params }: { params: Promise<{ org: string; kind: string; id: string }> }) {
  const { org, kind, id } = await params;
  const viewer = await getPortalViewer(org);
  const ref = containerFromPath(kind, id);
  if (!viewer?.signedIn || !viewer.actor || !ref) return notFound();
  const filter = Filter.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const events = await exportSeatEvents(viewer.actor, ref, { type: filter.type, email: filter.person || undefined });
    const csv = toCsv(
      ["time", "type", "email", "actor", "seat_id"],
      events.map((event) => [event.createdAt.toISOString(), event.type, event.email, event.actor, event.seatId]),
    );
    return csvResponse(`seat-activity-${ref.id}.csv`, csv);
  } catch (error) {
    if (error instanceof ResourceNotFound) return notFound();
    throw error;
  }
}
