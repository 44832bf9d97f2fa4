import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrganizationActor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { RequestValidationFailure, ResourceNotFound } from "@/lib/errors";
import { createdAtOrder, pageWindow, type Page } from "@/lib/paging";
import type { WebhookDeliveryRow, WebhookEndpointRow } from "@/lib/rows/webhooks";
import { seal } from "@/lib/seal";
import { UnsafeWebhookUrl, assertSafeWebhookUrl } from "./address-guard";
import { scheduleWebhookDelivery } from "./deliver";
import {
  countWebhookDeliveries,
  countWebhookEndpoints,
  deleteWebhookEndpointRow,
  findWebhookDeliveries,
  findWebhookEndpoint,
  findWebhookEndpoints,
  insertWebhookEndpoint,
  requeueWebhookEvent,
  updateWebhookEndpointRow,
} from "./queries";
import type { WebhookDeliveryListInput, WebhookEndpointCreateInput, WebhookEndpointUpdateInput } from "./schemas";

async function checkUrl(url: string) {
  try {
    await assertSafeWebhookUrl(url);
  } catch (error) {
    if (error instanceof UnsafeWebhookUrl) throw new RequestValidationFailure(["body", "url"], error.message, url);
    throw error;
  }
}

/** Registers an endpoint; its signing secret is returned here, once. */
export async function createWebhookEndpoint(actor: OrganizationActor, input: WebhookEndpointCreateInput) {
  await checkUrl(input.url);
  const secret = `polar_whs_${randomBytes(32).toString("base64url")}`;
  const endpoint = await insertWebhookEndpoint({
    organizationId: actor.organizationId,
    url: input.url,
    name: input.name ?? null,
    format: input.format,
    events: [...new Set(input.events)],
    secretSealed: seal(secret, env().AUTH_SECRET, "webhook-secret"),
    secretHint: `polar_whs_…${secret.slice(-4)}`,
  });
  return { endpoint, secret };
}

async function ownEndpoint(actor: OrganizationActor, id: string) {
  const endpoint = await findWebhookEndpoint(actor.organizationId, id);
  if (!endpoint) throw new ResourceNotFound("Webhook endpoint not found.");
  return endpoint;
}

export const getWebhookEndpoint = ownEndpoint;

export async function listWebhookEndpoints(actor: OrganizationActor, query: { page?: number; limit?: number; sorting?: string[] }): Promise<Page<WebhookEndpointRow>> {
  const window = pageWindow(query);
  const [items, totalCount] = await Promise.all([
    findWebhookEndpoints(actor.organizationId, { order: createdAtOrder(query.sorting), skip: window.skip, take: window.take }),
    countWebhookEndpoints(actor.organizationId),
  ]);
  return { items, totalCount, page: window.page, limit: window.limit };
}

export async function updateWebhookEndpoint(actor: OrganizationActor, id: string, input: WebhookEndpointUpdateInput) {
  await ownEndpoint(actor, id);
  if (input.url) await checkUrl(input.url);
  return updateWebhookEndpointRow(id, {
    modifiedAt: new Date(),
    ...(input.url ? { url: input.url } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.format ? { format: input.format } : {}),
    ...(input.events ? { events: [...new Set(input.events)] } : {}),
    ...(input.enabled != null ? { enabled: input.enabled } : {}),
  });
}

export async function deleteWebhookEndpoint(actor: OrganizationActor, id: string) {
  await ownEndpoint(actor, id);
  await deleteWebhookEndpointRow(id);
}

/** Every attempt to send an event to the organization's endpoints, newest first. */
export async function listWebhookDeliveries(actor: OrganizationActor, query: WebhookDeliveryListInput): Promise<Page<WebhookDeliveryRow>> {
  const window = pageWindow(query);
  const codeClass = query.http_code_class ? Number(query.http_code_class[0]) * 100 : null;
  const where: Prisma.WebhookDeliveryWhereInput = {
    webhookEvent: {
      endpoint: { organizationId: actor.organizationId },
      ...(query.event_type ? { type: { in: query.event_type } } : {}),
      ...(query.query ? { payload: { contains: query.query } } : {}),
    },
    ...(query.endpoint_id ? { endpointId: { in: query.endpoint_id } } : {}),
    ...(query.succeeded !== undefined ? { succeeded: query.succeeded } : {}),
    ...(codeClass !== null ? { httpCode: { gte: codeClass, lt: codeClass + 100 } } : {}),
    ...(query.start_timestamp || query.end_timestamp
      ? { createdAt: { ...(query.start_timestamp ? { gte: new Date(query.start_timestamp) } : {}), ...(query.end_timestamp ? { lte: new Date(query.end_timestamp) } : {}) } }
      : {}),
  };
  const [items, totalCount] = await Promise.all([
    findWebhookDeliveries(where, { order: createdAtOrder(query.sorting), skip: window.skip, take: window.take }),
    countWebhookDeliveries(where),
  ]);
  return { items, totalCount, page: window.page, limit: window.limit };
}

/** Sends an event again (as a new attempt series), whatever became of it before. */
export async function redeliverWebhookEvent(actor: OrganizationActor, eventId: string) {
  const count = await requeueWebhookEvent(actor.organizationId, eventId);
  if (count === 0) throw new ResourceNotFound("Webhook event not found.");
  void scheduleWebhookDelivery();
}
