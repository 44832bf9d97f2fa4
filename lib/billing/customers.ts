import "server-only";
import { followCustomerEmail } from "@/lib/members";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrganizationActor } from "@/lib/auth/actor";
import { violatedUniqueIndex } from "@/lib/db-errors";
import { RequestValidationFailure, ResourceNotFound } from "@/lib/errors";
import { createdAtOrder, pageWindow, type Page } from "@/lib/paging";
import type { CustomerRow } from "@/lib/rows/merchant";
import { endCustomer } from "@/lib/seats/end-customer";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueCustomerWebhook } from "@/lib/webhooks/queue";
import { billingTransaction, countCustomers, findCustomers, findLiveCustomer, insertCustomer, updateCustomerRow } from "./queries";
import type { CustomerCreateInput, CustomerListInput, CustomerUpdateInput } from "./schemas";

// Polar answers a duplicate with a 422 on the field.
function duplicateField(error: unknown, input: { email?: string | null; external_id?: string | null }): never {
  const index = violatedUniqueIndex(error);
  if (index === "customers_organization_id_email_key_live_key") {
    throw new RequestValidationFailure(["body", "email"], "A customer with this email address already exists.", input.email);
  }
  if (index === "customers_organization_id_external_id_live_key") {
    throw new RequestValidationFailure(["body", "external_id"], "A customer with this external ID already exists.", input.external_id);
  }
  throw error;
}

export async function createCustomer(actor: OrganizationActor, input: CustomerCreateInput): Promise<CustomerRow> {
  try {
    const { customer, queued } = await billingTransaction(async (tx) => {
      const customer = await insertCustomer(tx, {
        organizationId: actor.organizationId,
        email: input.email,
        emailKey: input.email.toLowerCase(),
        name: input.name ?? null,
        externalId: input.external_id ?? null,
        metadata: input.metadata ?? {},
        billingAddress: input.billing_address ?? undefined,
        taxId: input.tax_id ?? null,
        locale: input.locale ?? null,
      });
      return { customer, queued: await queueCustomerWebhook(tx, actor.organizationId, "customer.created", customer.id) };
    });
    if (queued) void scheduleWebhookDelivery();
    return customer;
  } catch (error) {
    return duplicateField(error, input);
  }
}

export async function getCustomer(actor: OrganizationActor, by: { id: string } | { externalId: string }) {
  const customer = await findLiveCustomer(actor.organizationId, by);
  if (!customer) throw new ResourceNotFound("Customer not found.");
  return customer;
}

export async function listCustomers(actor: OrganizationActor, query: CustomerListInput): Promise<Page<CustomerRow>> {
  const window = pageWindow(query);
  const where: Prisma.CustomerWhereInput = {
    organizationId: actor.organizationId,
    deletedAt: null,
    ...(query.email ? { emailKey: query.email.trim().toLowerCase() } : {}),
    ...(query.query
      ? { OR: [{ emailKey: { contains: query.query.toLowerCase() } }, { name: { contains: query.query, mode: "insensitive" } }, { externalId: query.query }] }
      : {}),
  };
  const [items, totalCount] = await Promise.all([
    findCustomers(where, { order: createdAtOrder(query.sorting), skip: window.skip, take: window.take }),
    countCustomers(where),
  ]);
  return { items, totalCount, page: window.page, limit: window.limit };
}

export async function updateCustomer(actor: OrganizationActor, id: string, input: CustomerUpdateInput): Promise<CustomerRow> {
  try {
    const { customer, queued } = await billingTransaction(async (tx) => {
      const before = await findLiveCustomer(actor.organizationId, { id }, tx);
      if (!before) throw new ResourceNotFound("Customer not found.");
      // The billing customer's own member of its team (the owner, or what it kept after a handover) keeps its address.
      const memberWebhooks = input.email ? await followCustomerEmail(tx, id, actor.organizationId, before.email, input.email) : 0;
      const customer = await updateCustomerRow(tx, id, {
        modifiedAt: new Date(),
        ...(input.email ? { email: input.email, emailKey: input.email.toLowerCase() } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.external_id !== undefined ? { externalId: input.external_id } : {}),
        ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
        ...(input.billing_address !== undefined ? { billingAddress: input.billing_address ?? undefined } : {}),
        ...(input.tax_id !== undefined ? { taxId: input.tax_id } : {}),
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
      });
      return { customer, queued: memberWebhooks + (await queueCustomerWebhook(tx, actor.organizationId, "customer.updated", id)) };
    });
    if (queued) void scheduleWebhookDelivery();
    return customer;
  } catch (error) {
    if (error instanceof ResourceNotFound) throw error;
    return duplicateField(error, input);
  }
}

/**
 * Deletes a customer as Polar does: their subscriptions end, the seats they hold are
 * revoked, their sessions end, and the record is kept, marked deleted.
 */
export async function deleteCustomer(actor: OrganizationActor, id: string) {
  await endCustomer(actor, id);
}
