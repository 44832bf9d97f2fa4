"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import type { ActionState } from "@/components/ui/action-state";
import type { CustomerActor } from "@/lib/auth/actor";
import { requirePortalTeamAdmin } from "@/lib/auth/portal";
import { pendingBackgroundWork } from "@/lib/background";
import { DomainError } from "@/lib/errors";
import { addOrFindTeamMember, findTeamMember, removeTeamMember, updateTeamMember } from "@/lib/members";
import { PortalMemberCreateBody, PortalMemberUpdateBody } from "@/lib/members/schemas";
import { teamRefusalMessage } from "../team-refusals";

// The Team page's forms. As every portal action: the session first (an action is reachable
// by a direct POST, whatever the page showed), then the input, then the team service, which
// holds every rule; a refusal comes back as a sentence for people.

const MemberIdForm = z.object({ member_id: z.uuid() });

type Caller = { actor: CustomerActor; refusal?: never } | { actor?: never; refusal: ActionState };

async function callerOf(orgSlug: string): Promise<Caller> {
  try {
    return { actor: await requirePortalTeamAdmin(orgSlug) };
  } catch (error) {
    if (error instanceof DomainError) return { refusal: { status: "error", message: await teamRefusalMessage(error) } };
    throw error;
  }
}

/** Runs a change; what changed shows in the header (a role) and on every page of the portal. */
async function run(orgSlug: string, work: () => Promise<string>, values?: Record<string, string>): Promise<ActionState> {
  // Removing a member revokes their seats, whose webhooks leave after the answer.
  after(pendingBackgroundWork);
  try {
    const message = await work();
    revalidatePath(`/${encodeURIComponent(orgSlug)}/portal`, "layout");
    return { status: "success", message, values };
  } catch (error) {
    if (error instanceof DomainError) return { status: "error", message: await teamRefusalMessage(error), code: error.code, values };
    throw error;
  }
}

const roleName = async (role: string) => {
  const roles = await getTranslations("Roles");
  return roles.has(role as "owner") ? roles(role as "owner") : role;
};

export async function addTeamMemberAction(orgSlug: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const caller = await callerOf(orgSlug);
  if (caller.refusal) return caller.refusal;
  const values = { email: String(formData.get("email") ?? ""), name: String(formData.get("name") ?? ""), role: String(formData.get("role") ?? "") };
  const parsed = PortalMemberCreateBody.safeParse(values);
  const t = await getTranslations("TeamPage");
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors;
    // The schema speaks English (the API's 422s too); other readers get their words for the field.
    const english = (await getLocale()) === "en";
    return {
      status: "error",
      values,
      fieldErrors: {
        ...(errors.email ? { email: english ? errors.email : [t("invalidEmail")] } : {}),
        ...(errors.name ? { name: [t("invalidName")] } : {}),
        ...(errors.role ? { role: [t("invalidRole")] } : {}),
      },
    };
  }
  const result = await run(orgSlug, async () => {
    const { member, existed } = await addOrFindTeamMember(caller.actor, parsed.data);
    const answer = { email: member.email, role: await roleName(member.role) };
    return existed ? t("alreadyOnTeam", answer) : t("added", answer);
  });
  // A refused form keeps what was typed; a done one starts empty.
  return result.status === "error" ? { ...result, values } : result;
}

type TeamWords = Awaited<ReturnType<typeof getTranslations<"TeamPage">>>;
type MemberForm = { actor: CustomerActor; memberId: string; t: TeamWords };

/**
 * The shape of every form that acts on one member (a row of the Team page): the caller, the
 * member's id, then the form's own fields (a refusal, or the change to run), then the
 * change; every answer keeps which row it was for.
 */
async function onMember(orgSlug: string, formData: FormData, change: (form: MemberForm) => ActionState | (() => Promise<string>)): Promise<ActionState> {
  const caller = await callerOf(orgSlug);
  if (caller.refusal) return caller.refusal;
  const t = await getTranslations("TeamPage");
  const id = MemberIdForm.safeParse({ member_id: formData.get("member_id") });
  if (!id.success) return { status: "error", message: t("memberNotFound") };
  const values = { member_id: id.data.member_id };
  const work = change({ actor: caller.actor, memberId: id.data.member_id, t });
  return typeof work === "function" ? run(orgSlug, work, values) : { ...work, values };
}

export async function changeMemberRoleAction(orgSlug: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  return onMember(orgSlug, formData, ({ actor, memberId, t }) => {
    const role = PortalMemberUpdateBody.shape.role.safeParse(formData.get("role"));
    if (!role.success || !role.data) return { status: "error", message: t("invalidRole") };
    const wanted = role.data;
    return async () => {
      const member = await updateTeamMember(actor, memberId, { role: wanted });
      return t("roleChanged", { email: member.email, role: await roleName(member.role) });
    };
  });
}

export async function removeMemberAction(orgSlug: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  return onMember(orgSlug, formData, ({ actor, memberId, t }) => async () => {
    // Named before it goes: the answer says who left.
    const member = await findTeamMember(actor, memberId);
    await removeTeamMember(actor, member.id);
    return t("removed", { email: member.email });
  });
}

export async function handOverOwnershipAction(orgSlug: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  return onMember(orgSlug, formData, ({ actor, memberId, t }) => async () => {
    const member = await updateTeamMember(actor, memberId, { role: "owner" });
    return t("handedOver", { email: member.email });
  });
}
