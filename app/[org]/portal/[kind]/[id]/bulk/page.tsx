import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/portal/client-messages";
import { ContainerHeader } from "@/components/portal/container-header";
import { cardStyles, linkStyles } from "@/components/ui/styles";
import { requirePortalViewer } from "@/lib/auth/portal";
import { ResourceNotFound } from "@/lib/errors";
import { BULK_LIST_MAX_BYTES, BULK_LIST_MAX_ROWS } from "@/lib/form-limits.mjs";
import { getSeatsPage } from "@/lib/seats";
import { bulkInviteAction } from "../../../actions";
import { containerFromPath, containerPath } from "../../../container-path";
import { BulkInviteForm } from "./bulk-invite-form";

export async function generateMetadata() {
  return { title: (await getTranslations("Titles"))("bulk") };
}

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
  const [t, tc] = await Promise.all([getTranslations("Bulk"), getTranslations("Container")]);
  return (
    <div className="space-y-6">
      <ContainerHeader
        overviewHref={`/${encodeURIComponent(org)}/portal`}
        basePath={path}
        productName={view.container.productName}
        current="bulk"
        subtitle={`${ref.kind === "subscription" ? tc("subscription") : tc("order")} · ${tc("available", { free: view.counts.free, total: view.counts.total })}`}
      />
      <section className={`${cardStyles} p-5`}>
        <h2 className="text-sm font-semibold">{t("title")}</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {t.rich("intro", { rows: BULK_LIST_MAX_ROWS, kb: BULK_LIST_MAX_BYTES / 1024, code: (chunks) => <code className="font-mono">{chunks}</code> })}
        </p>
        <p className="mt-2 text-sm">
          <a href="/seat-invitations-template.csv" download className={linkStyles}>
            {t("template")}
          </a>
        </p>
        <ClientMessages namespaces={["Bulk"]}>
          <BulkInviteForm action={bulkInviteAction.bind(null, org, ref)} seatsHref={path} />
        </ClientMessages>
      </section>
    </div>
  );
}
