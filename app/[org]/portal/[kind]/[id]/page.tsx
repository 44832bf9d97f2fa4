import { ContainerSeats } from "../../container-seats";
import { getTranslations } from "next-intl/server";

export async function generateMetadata() {
  return { title: (await getTranslations("Titles"))("seats") };
}

type Search = { page?: string; q?: string; status?: string; sort?: string; confirm?: string };

export default async function SeatsPage({ params, searchParams }: { params: Promise<{ org: string; kind: string; id: string }>; searchParams: Promise<Search> }) {
  const { org, kind, id } = await params;
  return <ContainerSeats org={org} kind={kind} id={id} search={await searchParams} />;
}
