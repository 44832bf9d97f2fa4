// Issue 10 / SPEC §3 and §4: with SMTP_URL unset, emails go to the console. In development
// the whole message is printed (its links are how one signs in and claims a seat without a
// mail server); in production only who would have got what, with every token masked.
// lib/email/transport.ts is loaded afresh under each NODE_ENV, since lib/env.ts reads the
// environment once. (logs.test.ts checks the same on a running production server.)
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EmailMessage } from "@/lib/email/message";

const CLAIM_TOKEN = "Zk3v9Qx_2mTq8LrWb1Yc7Hn4Jd6Fs0Ap-uEoGiKlMn";
const SIGN_IN_TOKEN = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const SEAT_ID = "2942d441-3e8d-4018-8e81-5f0f0770eec8";

const invitation: EmailMessage = {
  kind: "seat_invitation",
  to: "invitee@example.com",
  subject: "You have a seat on Acme Team",
  text: [
    "Hello,",
    "",
    "Alice invited you to a seat on Acme Team.",
    "",
    `Claim your seat: https://portal.example.com/acme/portal/claim?token=${CLAIM_TOKEN}`,
    `Sign in: https://portal.example.com/api/auth/callback/nodemailer?callbackUrl=%2Facme%2Fportal&token=${SIGN_IN_TOKEN}&email=invitee%40example.com`,
    `A token in a path: https://portal.example.com/v1/customer-seats/claim/${CLAIM_TOKEN}`,
    `Your seats: https://portal.example.com/acme/portal/subscriptions/${SEAT_ID}/seats`,
  ].join("\n"),
  html: `<p><a href="https://portal.example.com/acme/portal/claim?token=${CLAIM_TOKEN}">Claim</a></p>`,
};

async function printed(nodeEnv: "development" | "production") {
  vi.resetModules();
  vi.stubEnv("NODE_ENV", nodeEnv);
  vi.stubEnv("SMTP_URL", undefined);
  vi.stubEnv("DATABASE_URL", "postgresql://nowhere.invalid:1/none");
  vi.stubEnv("PUBLIC_URL", "https://portal.example.com");
  let output = "";
  const capture = (chunk: unknown) => {
    output += String(chunk);
    return true;
  };
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(capture);
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void capture(`${args.join(" ")}\n`));
  try {
    const { currentDelivery, send } = await import("@/lib/email/transport");
    expect(currentDelivery()).toBe("console");
    await send(invitation, "console", { id: "11111111-2222-4333-8444-555555555555", queuedAt: new Date() });
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    log.mockRestore();
  }
  return output;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("console mail without SMTP_URL", () => {
  it("development prints the whole message, links and tokens included", async () => {
    const output = await printed("development");
    expect(output).toContain("invitee@example.com");
    expect(output).toContain(invitation.subject);
    expect(output).toContain(invitation.text);
    expect(output).toContain(CLAIM_TOKEN);
  });

  it("production writes one JSON line: to whom, the subject, the links with every token masked, and nothing of the body", async () => {
    const output = await printed("production");
    const lines = output.split("\n").filter((line) => line.trim() !== "");
    expect(lines, output).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: "info",
      msg: "email not delivered: SMTP_URL is not set",
      email_id: "11111111-2222-4333-8444-555555555555",
      kind: "seat_invitation",
      to: "invitee@example.com",
      subject: invitation.subject,
      links: [
        "https://portal.example.com/acme/portal/claim?token=[masked]",
        "https://portal.example.com/api/auth/callback/nodemailer?callbackUrl=[masked]&token=[masked]&email=[masked]",
        "https://portal.example.com/v1/customer-seats/claim/:token",
        `https://portal.example.com/acme/portal/subscriptions/${SEAT_ID}/seats`,
      ],
    });
    expect(output).not.toContain(CLAIM_TOKEN);
    expect(output).not.toContain(SIGN_IN_TOKEN);
    expect(output).not.toContain("Alice invited you");
    expect(output).not.toContain("callbackUrl=%2F");
  });
});
