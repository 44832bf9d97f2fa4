// Emails speak the organization's language to invitees (whose own is not known), with the
// date in that language and its time zone named (issue 23).
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { assignSeat, claimSeat } from "@/lib/seats";
import { signInLinkEmail } from "@/lib/email/sign-in-link";
import { createWorld, customerActor, uniqueEmail } from "../fixtures/factories";
import { Mailbox, invitationTokenFrom } from "../fixtures/mailbox";

const mailbox = new Mailbox(inject("mailUrl"));

describe("emails in the organization's language", () => {
  it("invites in German, and tells the giver in German that the seat was claimed", async () => {
    const world = await createWorld();
    await db().prisma.organization.update({ where: { id: world.organization.id }, data: { defaultLocale: "de" } });
    const email = uniqueEmail("eingeladen");
    await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
    const invitation = await mailbox.waitForEmail(email);
    expect(invitation.subject).toMatch(/ hat Sie zu .+ eingeladen$|^Sie sind zu .+ eingeladen$/);
    expect(invitation.text).toMatch(/^Hallo,/);
    // "Der Link gilt bis 14. Dezember 2026 um 15:23 UTC": a German date, the zone named.
    expect(invitation.text).toMatch(/Der Link gilt bis \d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4} um \d{2}:\d{2} UTC/);
    expect(invitation.html).toContain("Platz annehmen");

    await claimSeat(invitationTokenFrom(invitation), { via: "api" });
    const notice = await mailbox.waitForEmail(world.owner.email);
    expect(notice.subject).toBe(`${email} hat den Platz für ${world.product.name} angenommen`);
  });

  it("keeps English for an organization that speaks it, word for word", async () => {
    const world = await createWorld();
    const email = uniqueEmail("invited");
    await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
    const invitation = await mailbox.waitForEmail(email);
    expect(invitation.text).toMatch(/^Hello,/);
    expect(invitation.text).toMatch(/The link works until [A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M UTC and can be used once\./);
  });

  it("writes a sign-in link in the language it is asked for, with plural minutes", () => {
    const expiresAt = new Date(Date.now() + 15 * 60_000);
    const french = signInLinkEmail({ to: "a@example.com", url: "http://localhost/api/auth/callback/nodemailer?token=x", organization: "Maison", expiresAt, locale: "fr" });
    expect(french.subject).toBe("Se connecter au portail client de Maison");
    expect(french.text).toContain("pendant 15 minutes");
    const english = signInLinkEmail({ to: "a@example.com", url: "http://localhost/api/auth/callback/nodemailer?token=x", organization: null, expiresAt: new Date(Date.now() + 60_000), locale: "en" });
    expect(english.subject).toBe("Sign in to the customer portal");
    expect(english.text).toContain("for the next 1 minute.");
  });
});
