import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { prisma } from "../db";
import { sha256 } from "./auth";

/** The signed-in customer of an organization's portal (Auth.js's session cookie, stored hashed). */
export async function portalCustomer(org: string) {
  const token = (await cookies()).get("authjs.session-token")?.value;
  const session = token
    ? await prisma.session.findUnique({ where: { sessionToken: sha256(token) }, select: { expires: true, organizationId: true, user: { select: { email: true } } } })
    : null;
  if (!session?.user.email || session.expires <= new Date()) redirect(`/${org}/portal/sign-in`);
  const organization = await prisma.organization.findUnique({ where: { slug: org }, select: { id: true } });
  if (!organization || (session.organizationId && session.organizationId !== organization.id)) notFound();
  const customer = await prisma.customer.findFirst({
    where: { organizationId: organization.id, emailKey: session.user.email.toLowerCase(), deletedAt: null },
    select: { id: true },
  });
  if (!customer) notFound();
  return customer;
}
