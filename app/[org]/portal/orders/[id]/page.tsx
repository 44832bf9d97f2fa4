import { ContainerSeats } from "../../container-seats";

export const metadata = { title: "Seats" };

export default async function OrderSeatsPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; id: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const { org, id } = await params;
  const { page } = await searchParams;
  return <ContainerSeats org={org} kind="order" id={id} pageParam={page} />;
}
