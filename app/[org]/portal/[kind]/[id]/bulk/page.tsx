import { notFound } from "next/navigation";
import { ContainerHeader } from "@/components/portal/container-header";
import { cardStyles, linkStyles } from "@/components/ui/styles";
import { requirePortalViewer } from "@/lib/auth/portal";
import { ResourceNotFound } from "@/lib/errors";
import { BULK_LIST_MAX_BYTES, BULK_LIST_MAX_ROWS } from "@/lib/form-limits.mjs";
import { getSeatsPage } from "@/lib/seats";
import { bulkInviteAction } from "../../../actions";
import { containerFromPath, containerPath } from "../../../container-path";
import { BulkInviteForm } from "./bulk-invite-form";

export const metadata = { title: "Invite many" };

export default async function BulkInvitePage({ params }: { params: Promise<{ org: string; kind: string; id: string }> }) {
  const { org, kind, id } = await params;
  const viewer = await requirePortalViewer(org, `/${encodeURIComponent(org)}/portal/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/bulk`);
  const ref = containerFromPath(kind, id);
  if (!ref || !viewer.actor) notFound();
  let view;
  try {
    view = await getSeatsPage(viewer.actor, ref, { page: 1 });
  } catch (error) {
    if (error instanceof ResourceNotFound) notFound();
    throw error;
  }
  const path = containerPath(org, ref);
  return (
    <div className="space-y-6">
      <ContainerHeader
        overviewHref={`/${encodeURIComponent(org)}/portal`}
        basePath={path}
        productName={view.container.productName}
        current="bulk"
        subtitle={`${view.counts.free} of ${view.counts.total} seats available`}
      />
      <section className={`${cardStyles} p-5`}>
        <h2 className="text-sm font-semibold">Invite many people at once</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Paste addresses (one per line, or separated by commas), or choose a CSV file with an <code className="font-mono">email</code> column; its other columns become each seat&apos;s metadata. You see what each row will do before anything is sent. Up to {BULK_LIST_MAX_ROWS.toLocaleString("en-US")} rows and {BULK_LIST_MAX_BYTES / 1024} KB.
        </p>
        <p className="mt-2 text-sm">
          <a href="/seat-invitations-template.csv" download className={linkStyles}>
            Download a CSV template
          </a>
        </p>
        <BulkInviteForm action={bulkInviteAction.bind(null, org, ref)} seatsHref={path} />
      </section>
    </div>
  );
}
