// Teams (issue 24) at the service: the races the team's lock and the unique indexes settle,
// and the rules of a team's members (one owner, no self-service, what a removal takes away,
// who the activity names, who may change a seat count).
import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import type { CustomerActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createOrganizationMember, deleteOrganizationMember, updateOrganizationMember } from "@/lib/members/merchant";
import { ensureOwnerOf } from "@/lib/members/owner";
import { getTeamPage } from "@/lib/members/portal-teams";
import { addTeamMember, listTeamActivity, listTeamMembers, removeTeamMember, updateTeamMember } from "@/lib/members/team";
import type { MemberRow } from "@/lib/rows/member";
import { assignSeat } from "@/lib/seats";
import { changeSeatCount } from "@/lib/seats/change-seat-count";
import { endCustomer } from "@/lib/seats/end-customer";
import { updateCustomer } from "@/lib/billing/customers";
import { createCustomer, createSubscription, createWorld, customerActor, organizationActor, uniqueEmail } from "../fixtures/factories";
import { testPool } from "../fixtures/sql";
import type pg from "pg";

const isPostgres = inject("databaseKind") === "postgres";
const N = 8;
// Enough pairs that, on PostgreSQL, the race of an assign and a removal is hit in every run
// (a round of 16 pairs hit it in 6 runs of 7, a few pairs each time).
const RACE_PAIRS = 16;
const RACE_ROUNDS = 5;

// Each test its own token id: the assign rate limit counts per token, and other files share "test-token".
const vendor = (organizationId: string) => organizationActor(organizationId, `members-test-${randomBytes(4).toString("hex")}`);
const asMember = (actor: CustomerActor, memberId: string): CustomerActor => ({ ...actor, memberId });

const liveMembers = (customerId: string) => db().prisma.member.findMany({ where: { customerId, deletedAt: null }, orderBy: { createdAt: "asc" } });
const liveOwners = (customerId: string) => db().prisma.member.findMany({ where: { customerId, deletedAt: null, role: "owner" } });
const teamEvents = (customerId: string, type?: string) => db().prisma.teamEvent.findMany({ where: { customerId, ...(type ? { type } : {}) }, orderBy: { createdAt: "asc" } });

/** A team: a billing customer with a subscription and an order, its owner made, and members added by the owner. */
async function createTeam(options: { seats?: number; members?: number; billingManagers?: number } = {}) {
  const world = await createWorld({ seats: options.seats ?? 10 });
  const customer = customerActor(world.owner);
  const { items } = await listTeamMembers(customer, {});
  const owner = items.find((m) => m.role === "owner")!;
  const members: MemberRow[] = [];
  for (let i = 0; i < (options.members ?? 0); i++) members.push(await addTeamMember(customer, { email: uniqueEmail(`member${i}`), role: "member" }));
  const managers: MemberRow[] = [];
  for (let i = 0; i < (options.billingManagers ?? 0); i++) managers.push(await addTeamMember(customer, { email: uniqueEmail(`manager${i}`), role: "billing_manager" }));
  return { ...world, customer, owner, members, managers, vendor: vendor(world.organization.id) };
}

const settledCodes = (results: PromiseSettledResult<unknown>[]) =>
  results.map((r) => (r.status === "fulfilled" ? "ok" : `${(r.reason as { code?: string }).code ?? String(r.reason)}`));

/** Live seats of a subscription whose member was removed. */
const strandedSeats = (subscriptionId: string) =>
  db().prisma.customerSeat.findMany({
    where: { subscriptionId, status: { in: ["pending", "claimed"] }, member: { deletedAt: { not: null } } },
    select: { id: true, status: true, email: true, memberId: true },
  });

type Settled<T> = { value: T; error: null } | { value: null; error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ value, error: null }),
    (error: unknown) => ({ value: null, error }),
  );

/** After an assign raced a removal: no live seat names the removed member. */
async function expectNoSeatOnRemovedMember(outcome: Settled<{ id: string }>) {
  if (!outcome.value) {
    expect(outcome.error).toMatchObject({ code: "MemberNotFound", status: 404 });
    return;
  }
  const seat = await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: outcome.value.id }, select: { status: true, member: { select: { email: true, deletedAt: true } } } });
  if (seat.member?.deletedAt) expect(seat.status, `the seat of ${seat.member.email}, who was removed`).toBe("revoked");
}

/**
 * Runs `run` while a transaction of the test's own holds what `hold` locks, then rolls it
 * back. `run` is handed a wait for the first backend that waits on that transaction (its
 * pid), and a check whether any backend waits on a given pid. Whatever `run` returns must
 * not wait on the transaction itself (wrap such promises in an object).
 */
async function withBlocker<T extends object>(
  hold: (blocker: pg.PoolClient) => Promise<unknown>,
  run: (blocked: () => Promise<number>, waitingOn: (pid: number) => Promise<boolean>) => Promise<T>,
): Promise<T> {
  const blocker = await testPool().connect();
  try {
    await blocker.query("BEGIN");
    await hold(blocker);
    const { rows } = await blocker.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const blockerPid = rows[0]!.pid;
    const waiters = async (pid: number) =>
      (await testPool().query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, [pid])).rows.map((r) => r.pid);
    const blocked = async () => {
      let pid: number | undefined;
      await waitUntil(async () => (pid = (await waiters(blockerPid))[0]) !== undefined);
      return pid!;
    };
    return await run(blocked, async (pid) => (await waiters(pid)).length > 0);
  } finally {
    await blocker.query("ROLLBACK").catch(() => {});
    blocker.release();
  }
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("races on a team", () => {
  it(`hands the ownership over ${N} times at once through the vendor's API: one owner, every former owner a billing manager`, async () => {
    const team = await createTeam({ members: N });
    const results = await Promise.allSettled(team.members.map((m) => updateOrganizationMember(team.vendor, { id: m.id }, { role: "owner" })));
    expect(settledCodes(results)).toEqual(team.members.map(() => "ok"));
    const owners = await liveOwners(team.owner.customerId);
    expect(owners).toHaveLength(1);
    expect(team.members.map((m) => m.id)).toContain(owners[0]!.id);
    const others = (await liveMembers(team.owner.customerId)).filter((m) => m.id !== owners[0]!.id);
    expect(others.map((m) => m.role)).toEqual(others.map(() => "billing_manager"));
    expect(others).toHaveLength(N);
    // Each handover: the former owner demoted, the new one promoted.
    expect(await teamEvents(team.owner.customerId, "member_role_changed")).toHaveLength(2 * N);
  });

  it(`lets the billing customer hand the ownership over once of ${N} tries at once: then it is a billing manager, never the new owner`, async () => {
    const team = await createTeam({ members: N });
    const results = await Promise.allSettled(team.members.map((m) => updateTeamMember(team.customer, m.id, { role: "owner" })));
    const codes = settledCodes(results);
    expect(codes.filter((c) => c === "ok")).toHaveLength(1);
    expect(codes.filter((c) => c !== "ok")).toEqual(Array.from({ length: N - 1 }, () => "PolarRequestValidationError"));
    const members = await liveMembers(team.owner.customerId);
    expect(members.filter((m) => m.role === "owner").map((m) => m.id)).toEqual([team.members[codes.indexOf("ok")]!.id]);
    // The former owner (the billing customer's own address) is a billing manager now.
    expect(members.find((m) => m.id === team.owner.id)?.role).toBe("billing_manager");
  });

  it("a billing customer whose address the vendor changes stays its team's owner: its own member's address follows", async () => {
    const team = await createTeam({ members: 1 });
    const email = uniqueEmail("renamed");
    await updateCustomer(team.vendor, team.owner.customerId, { email });
    const owner = (await liveMembers(team.owner.customerId)).find((m) => m.role === "owner")!;
    expect(owner).toMatchObject({ id: team.owner.id, email });
    // It still manages the team as its owner.
    await expect(addTeamMember(team.customer, { email: uniqueEmail("after"), role: "member" })).resolves.toMatchObject({ role: "member" });
  });

  it("a billing customer who handed the ownership over and was removed manages the team no more (403), and never acts as the new owner", async () => {
    const team = await createTeam({ members: 1 });
    await updateTeamMember(team.customer, team.members[0]!.id, { role: "owner" });
    const newOwner = asMember(team.customer, team.members[0]!.id);
    await removeTeamMember(newOwner, team.owner.id);
    await expect(addTeamMember(team.customer, { email: uniqueEmail("late"), role: "member" })).rejects.toMatchObject({ code: "NotPermitted", status: 403 });
    await expect(updateTeamMember(team.customer, team.members[0]!.id, { name: "Taken back" })).rejects.toMatchObject({ code: "NotPermitted", status: 403 });
  });

  it(`lets the owner signed in as a member hand the ownership over once of ${N} tries at once; then they are no owner any more`, async () => {
    const team = await createTeam({ members: N });
    const owner = asMember(team.customer, team.owner.id);
    const results = await Promise.allSettled(team.members.map((m) => updateTeamMember(owner, m.id, { role: "owner" })));
    const codes = settledCodes(results);
    expect(codes.filter((c) => c === "ok")).toHaveLength(1);
    expect(codes.filter((c) => c !== "ok")).toEqual(Array.from({ length: N - 1 }, () => "PolarRequestValidationError"));
    const winner = team.members[codes.indexOf("ok")]!;
    const members = await liveMembers(team.owner.customerId);
    expect(members.filter((m) => m.role === "owner").map((m) => m.id)).toEqual([winner.id]);
    expect(members.find((m) => m.id === team.owner.id)!.role).toBe("billing_manager");
    expect(members.filter((m) => m.role === "member")).toHaveLength(N - 1);
  });

  it(`adds one member for ${N} concurrent adds of one address, whatever its case and door`, async () => {
    const team = await createTeam();
    const email = uniqueEmail("same");
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) =>
        i % 2
          ? addTeamMember(team.customer, { email: i % 4 === 1 ? email.toUpperCase() : email, role: "member" })
          : createOrganizationMember(team.vendor, { id: team.owner.customerId }, { email, role: "member" }),
      ),
    );
    expect(settledCodes(results)).toEqual(results.map(() => "ok"));
    const ids = new Set(results.map((r) => (r as PromiseFulfilledResult<MemberRow>).value.id));
    expect(ids.size).toBe(1);
    expect((await liveMembers(team.owner.customerId)).filter((m) => m.emailKey === email.toLowerCase())).toHaveLength(1);
    expect(await teamEvents(team.owner.customerId, "member_added")).toHaveLength(1);
  });

  it(`makes one owner when ${N} transactions make a new team's owner at once`, async () => {
    const world = await createWorld();
    const customer = await createCustomer(world.organization.id, { name: "New Team", externalId: `crm-${randomUUID()}` });
    await createSubscription(world.organization.id, customer.id, world.product.id);
    const results = await Promise.allSettled(Array.from({ length: N }, () => db().prisma.$transaction((tx) => ensureOwnerOf(tx, customer.id, world.organization.id))));
    expect(settledCodes(results)).toEqual(results.map(() => "ok"));
    const members = await liveMembers(customer.id);
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ role: "owner", email: customer.email, emailKey: customer.emailKey, name: "New Team", externalId: customer.externalId });
  });

  it(`makes the member who has the customer's address the owner when ${N} transactions make the owner at once`, async () => {
    const world = await createWorld();
    const customer = await createCustomer(world.organization.id);
    const subscription = await createSubscription(world.organization.id, customer.id, world.product.id);
    // They gave a seat to their own address before their team had an owner.
    const seat = await assignSeat(vendor(world.organization.id), { subscription_id: subscription.id, email: customer.email.toUpperCase() });
    expect(await liveOwners(customer.id)).toEqual([]);
    const results = await Promise.allSettled(Array.from({ length: N }, () => db().prisma.$transaction((tx) => ensureOwnerOf(tx, customer.id, world.organization.id))));
    expect(settledCodes(results)).toEqual(results.map(() => "ok"));
    const members = await liveMembers(customer.id);
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ id: (await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).memberId, role: "owner" });
  });

  // An assign and a removal of the same member take turns: the assign holds the billing
  // customer's row (FOR SHARE, with its container's lock) and a removal locks it first
  // (lib/members lockTeam), so a removal never misses a seat written meanwhile, and an assign
  // that comes after the removal finds no member. Before this, 2 or 3 of 8 seats were left
  // live on removed members in each run on PostgreSQL. The embedded database runs one
  // transaction at a time, so there the rule holds by construction.
  it(`answers ${N} pairs of assigns that link one new external_member_id to two addresses at once with one seat and one MemberEmailMismatch`, async () => {
    // Two subscriptions of one team: the container's lock does not put the pair in line.
    const team = await createTeam({ seats: N + 1 });
    const other = await createSubscription(team.organization.id, team.customer.customerId, team.product.id, { seats: N + 1 });
    const assigner = vendor(team.organization.id);
    const ids = Array.from({ length: N }, () => `ext-${randomUUID()}`);
    const results = await Promise.allSettled(
      ids.flatMap((id, i) => [
        assignSeat(assigner, { subscription_id: team.subscription.id, external_member_id: id, email: uniqueEmail(`first${i}`) }),
        assignSeat(assigner, { subscription_id: other.id, external_member_id: id, email: uniqueEmail(`second${i}`) }),
      ]),
    );
    const codes = settledCodes(results);
    // What the later of the two answers when they come one after the other (400), never the index's refusal (a 500).
    for (let i = 0; i < N; i++) expect([codes[2 * i], codes[2 * i + 1]].sort(), `pair ${i}: ${codes.join(", ")}`).toEqual(["MemberEmailMismatch", "ok"]);
    const linked = await db().prisma.member.findMany({ where: { customerId: team.customer.customerId, externalId: { in: ids }, deletedAt: null }, select: { externalId: true } });
    expect(linked.map((m) => m.externalId).sort()).toEqual([...ids].sort());
  });

  it(`removals racing assigns by member_id (${RACE_ROUNDS} rounds of ${RACE_PAIRS} pairs) never leave a live seat on a removed member`, async () => {
    const team = await createTeam({ seats: RACE_ROUNDS * RACE_PAIRS + 2 });
    const assigner = vendor(team.organization.id);
    for (let round = 0; round < RACE_ROUNDS && (await strandedSeats(team.subscription.id)).length === 0; round++) {
      const members: MemberRow[] = [];
      for (let i = 0; i < RACE_PAIRS; i++) members.push(await addTeamMember(team.customer, { email: uniqueEmail(`raced${round}-${i}`), role: "member" }));
      const results = await Promise.allSettled(
        members.flatMap((m) => [assignSeat(assigner, { subscription_id: team.subscription.id, member_id: m.id }), removeTeamMember(team.customer, m.id)]),
      );
      // Every removal goes through; an assign that comes after its removal finds no member.
      const codes = settledCodes(results);
      expect(codes.filter((_, i) => i % 2 === 1)).toEqual(members.map(() => "ok"));
      expect(codes.filter((c, i) => i % 2 === 0 && c !== "ok" && c !== "MemberNotFound")).toEqual([]);
    }
    expect(await strandedSeats(team.subscription.id)).toEqual([]);
  });

  // The same interleaving, forced: the assign has read the member (live) and waits, on the
  // customer it makes for the member's address; the removal starts and must wait for the
  // assign; once the assign commits, the removal revokes the seat it wrote. Needs two
  // transactions at once (not on PGlite).
  (isPostgres ? it : it.skip)("an assign by member_id under way while its member is removed: the removal waits, then revokes the seat", async () => {
    const team = await createTeam({ members: 1 });
    const member = team.members[0]!;
    const { assign, removal } = await withBlocker(
      // An uncommitted customer with the member's address: the assign's insert of it waits on this transaction.
      (blocker) =>
        blocker.query(`INSERT INTO customers (id, organization_id, email, email_key, metadata) VALUES (gen_random_uuid(), $1, $2, $3, '{}')`, [
          team.organization.id,
          member.email,
          member.email.toLowerCase(),
        ]),
      async (blocked, waitingOn) => {
        const assign = settle(assignSeat(vendor(team.organization.id), { subscription_id: team.subscription.id, member_id: member.id }));
        const assignPid = await blocked();
        let removed = false;
        const removal = settle(removeTeamMember(team.customer, member.id).finally(() => (removed = true)));
        // The removal waits for the assign (it must not go on and miss the seat).
        await waitUntil(async () => removed || (await waitingOn(assignPid)));
        expect(removed).toBe(false);
        return { assign, removal };
      },
    );
    expect((await removal).error).toBeNull();
    await expectNoSeatOnRemovedMember(await assign);
  });

  // The email door: the assign's upsert of the member holds its row; the removal waits for
  // the assign as above. Forced by holding the holder's customer row, which the seat's
  // foreign key check waits for.
  (isPostgres ? it : it.skip)("an assign by email under way while its member is removed: the removal waits, then revokes the seat", async () => {
    const team = await createTeam({ members: 1 });
    const member = team.members[0]!;
    const holder = await createCustomer(team.organization.id, { email: member.email });
    await withBlocker(
      (blocker) => blocker.query(`SELECT id FROM customers WHERE id = $1 FOR UPDATE`, [holder.id]),
      async (blocked, waitingOn) => {
        const assign = settle(assignSeat(vendor(team.organization.id), { subscription_id: team.subscription.id, email: member.email }));
        const assignPid = await blocked();
        let removed = false;
        const removal = removeTeamMember(team.customer, member.id).finally(() => (removed = true));
        await waitUntil(async () => removed || (await waitingOn(assignPid)));
        return { assign, removal };
      },
    ).then(async ({ assign, removal }) => {
      await removal;
      await expectNoSeatOnRemovedMember(await assign);
    });
  });
});

const refusal = (message: string) => ({ code: "PolarRequestValidationError", status: 422, message });

describe("one owner per team", () => {
  it("refuses a second owner: added as owner, handed over by a billing manager, or written straight to the table", async () => {
    const team = await createTeam({ members: 1, billingManagers: 1 });
    // addTeamMember throws this refusal before it returns a promise; inside a then it is a rejection like the others.
    await expect(Promise.resolve().then(() => addTeamMember(team.customer, { email: uniqueEmail("second-owner"), role: "owner" }))).rejects.toMatchObject(
      refusal("Cannot add a member as owner. There must be exactly one owner."),
    );
    const manager = asMember(team.customer, team.managers[0]!.id);
    await expect(updateTeamMember(manager, team.members[0]!.id, { role: "owner" })).rejects.toMatchObject(refusal("Only the owner can transfer ownership."));
    // The last word is the database's: one live owner per customer.
    const email = uniqueEmail("raw-owner");
    await expect(
      testPool().query(`INSERT INTO members (id, customer_id, email, email_key, role) VALUES (gen_random_uuid(), $1, $2, $2, 'owner')`, [team.owner.customerId, email]),
    ).rejects.toMatchObject({ code: "23505", constraint: "members_one_owner_per_customer_key" });
    expect((await liveOwners(team.owner.customerId)).map((m) => m.id)).toEqual([team.owner.id]);
    expect(await teamEvents(team.owner.customerId, "member_role_changed")).toEqual([]);
  });

  it("never demotes or removes the owner, whoever asks", async () => {
    const team = await createTeam({ billingManagers: 1 });
    const manager = asMember(team.customer, team.managers[0]!.id);
    const demote = refusal("Cannot change role. Customer must have exactly one owner.");
    const remove = refusal("Cannot delete the only owner. Transfer ownership first.");
    await expect(updateOrganizationMember(team.vendor, { id: team.owner.id }, { role: "billing_manager" })).rejects.toMatchObject(demote);
    await expect(deleteOrganizationMember(team.vendor, { id: team.owner.id })).rejects.toMatchObject(remove);
    await expect(updateTeamMember(manager, team.owner.id, { role: "member" })).rejects.toMatchObject(demote);
    await expect(removeTeamMember(manager, team.owner.id)).rejects.toMatchObject(remove);
    const owner = await db().prisma.member.findUniqueOrThrow({ where: { id: team.owner.id } });
    expect(owner).toMatchObject({ role: "owner", deletedAt: null });
    expect(await teamEvents(team.owner.customerId, "member_removed")).toEqual([]);
    expect(await teamEvents(team.owner.customerId, "member_role_changed")).toEqual([]);
  });

  it("refuses an admin's change of their own role and their own removal, but not of their own name", async () => {
    const team = await createTeam({ billingManagers: 1 });
    const self = team.managers[0]!;
    const manager = asMember(team.customer, self.id);
    await expect(updateTeamMember(manager, self.id, { role: "member" })).rejects.toMatchObject(refusal("You cannot modify your own role."));
    await expect(removeTeamMember(manager, self.id)).rejects.toMatchObject(refusal("You cannot remove yourself from the team."));
    // The billing customer acts as its owner: the owner is "self" there.
    await expect(updateTeamMember(team.customer, team.owner.id, { role: "billing_manager" })).rejects.toMatchObject(refusal("You cannot modify your own role."));
    await expect(removeTeamMember(team.customer, team.owner.id)).rejects.toMatchObject(refusal("You cannot remove yourself from the team."));
    expect(await updateTeamMember(manager, self.id, { name: "Renamed Self" })).toMatchObject({ id: self.id, name: "Renamed Self", role: "billing_manager" });
    expect(await db().prisma.member.findUniqueOrThrow({ where: { id: self.id } })).toMatchObject({ role: "billing_manager", deletedAt: null });
  });

  it("refuses a billing manager demoted since its session's role was read: the team's lock reads the role again", async () => {
    const team = await createTeam({ billingManagers: 1, members: 1 });
    // The door (lib/api/route.ts, requirePortalTeamAdmin) checked the role already; the service sees what committed since.
    const demoted = asMember(team.customer, team.managers[0]!.id);
    await updateTeamMember(team.customer, team.managers[0]!.id, { role: "member" });
    await expect(updateTeamMember(demoted, team.members[0]!.id, { role: "billing_manager" })).rejects.toMatchObject({ code: "NotPermitted", status: 403 });
    await expect(removeTeamMember(demoted, team.members[0]!.id)).rejects.toMatchObject({ code: "NotPermitted", status: 403 });
    await expect(addTeamMember(demoted, { email: uniqueEmail("by-demoted"), role: "member" })).rejects.toMatchObject({ code: "NotPermitted", status: 403 });
    expect(await db().prisma.member.findUniqueOrThrow({ where: { id: team.members[0]!.id } })).toMatchObject({ role: "member", deletedAt: null });
  });
});

describe("removing a member", () => {
  it("revokes their pending and claimed seats and signs them out of member and browser sessions; no one else's", async () => {
    const team = await createTeam({ members: 2 });
    const [leaving, staying] = team.members as [MemberRow, MemberRow];
    // Both doors find the member: by its address, and by member_id (claimed at once, as the vendor's onboarding).
    const pending = await assignSeat(team.customer, { subscription_id: team.subscription.id, email: leaving.email });
    const claimed = await assignSeat(team.vendor, { order_id: team.order.id, member_id: leaving.id }, { immediateClaim: true });
    const kept = await assignSeat(team.customer, { subscription_id: team.subscription.id, member_id: staying.id });
    const seats = await db().prisma.customerSeat.findMany({ where: { id: { in: [pending.id, claimed.id] } } });
    expect(seats.map((s) => [s.status, s.memberId]).sort()).toEqual([
      ["claimed", leaving.id],
      ["pending", leaving.id],
    ]);
    const user = await db().prisma.user.create({ data: { email: uniqueEmail("browser") } });
    const expires = new Date(Date.now() + 3600_000);
    for (const member of [leaving, staying]) {
      await db().prisma.memberSession.create({ data: { memberId: member.id, tokenHash: randomBytes(32).toString("hex"), expiresAt: expires } });
      await db().prisma.session.create({ data: { userId: user.id, sessionToken: randomBytes(32).toString("hex"), expires, memberId: member.id } });
    }
    await db().prisma.memberSession.create({ data: { memberId: leaving.id, tokenHash: randomBytes(32).toString("hex"), expiresAt: expires, seatId: claimed.id } });

    await removeTeamMember(team.customer, leaving.id);

    for (const seatId of [pending.id, claimed.id]) {
      const seat = await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seatId } });
      expect(seat).toMatchObject({ status: "revoked", memberId: null, customerId: null, email: null });
      expect(seat.revokedAt).not.toBeNull();
      const revoked = await db().prisma.seatEvent.findMany({ where: { seatId, type: "revoked" } });
      expect(revoked).toHaveLength(1);
      expect(revoked[0]).toMatchObject({ email: leaving.email, actorType: "customer", actorId: team.owner.customerId });
    }
    expect(await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({ status: "pending", memberId: staying.id });
    expect(await db().prisma.memberSession.count({ where: { memberId: leaving.id, revokedAt: null } })).toBe(0);
    expect(await db().prisma.memberSession.count({ where: { memberId: leaving.id } })).toBe(2);
    expect(await db().prisma.session.count({ where: { memberId: leaving.id } })).toBe(0);
    expect(await db().prisma.memberSession.count({ where: { memberId: staying.id, revokedAt: null } })).toBe(1);
    expect(await db().prisma.session.count({ where: { memberId: staying.id } })).toBe(1);

    expect((await db().prisma.member.findUniqueOrThrow({ where: { id: leaving.id } })).deletedAt).not.toBeNull();
    expect((await listTeamMembers(team.customer, {})).items.map((m) => m.id)).not.toContain(leaving.id);
    const [removed] = await teamEvents(team.owner.customerId, "member_removed");
    expect(removed).toMatchObject({ memberId: leaving.id, email: leaving.email, detail: { role: "member" }, actorType: "customer" });
    // Their address is free again: adding it makes a new member.
    expect((await addTeamMember(team.customer, { email: leaving.email, role: "member" })).id).not.toBe(leaving.id);
  });

  it("deleting the billing customer marks every member of its team deleted and ends their sessions; another team keeps its own", async () => {
    const team = await createTeam({ members: 2, billingManagers: 1 });
    const otherTeam = customerActor(team.other);
    const otherMember = await addTeamMember(otherTeam, { email: uniqueEmail("other-team"), role: "member" });
    const session = await db().prisma.memberSession.create({
      data: { memberId: team.members[0]!.id, tokenHash: randomBytes(32).toString("hex"), expiresAt: new Date(Date.now() + 3600_000) },
    });
    expect(await liveMembers(team.owner.customerId)).toHaveLength(4);

    await endCustomer(team.vendor, team.owner.customerId);

    const members = await db().prisma.member.findMany({ where: { customerId: team.owner.customerId } });
    expect(members).toHaveLength(4);
    expect(members.filter((m) => m.deletedAt === null)).toEqual([]);
    expect((await db().prisma.memberSession.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).not.toBeNull();
    expect((await liveMembers(team.other.id)).map((m) => m.id)).toContain(otherMember.id);
    await expect(listTeamMembers(team.customer, {})).rejects.toMatchObject({ code: "Unauthorized", status: 401 });
  });
});

describe("the team's activity", () => {
  it("names who did it: the billing customer, an admin signed in as a member, or the organization", async () => {
    const team = await createTeam({ billingManagers: 1 });
    const manager = team.managers[0]!;
    const byCustomer = await addTeamMember(team.customer, { email: uniqueEmail("by-customer"), role: "member" });
    const byManager = await addTeamMember(asMember(team.customer, manager.id), { email: uniqueEmail("by-manager"), role: "member" });
    const byVendor = await createOrganizationMember(team.vendor, { id: team.owner.customerId }, { email: uniqueEmail("by-vendor"), role: "member" });
    await updateTeamMember(asMember(team.customer, manager.id), byCustomer.id, { role: "billing_manager" });
    await deleteOrganizationMember(team.vendor, { id: byManager.id });

    const customerActorRow = { actorType: "customer", actorId: team.owner.customerId, actorLabel: team.owner.email };
    const managerActorRow = { actorType: "member", actorId: manager.id, actorLabel: manager.email };
    const vendorActorRow = { actorType: "organization", actorId: team.vendor.tokenId, actorLabel: "organization" };
    const events = await teamEvents(team.owner.customerId);
    const find = (type: string, email: string) => events.filter((e) => e.type === type && e.email === email);
    expect(find("member_added", manager.email)).toEqual([expect.objectContaining({ ...customerActorRow, memberId: manager.id, detail: { role: "billing_manager" } })]);
    expect(find("member_added", byCustomer.email)).toEqual([expect.objectContaining(customerActorRow)]);
    expect(find("member_added", byManager.email)).toEqual([expect.objectContaining(managerActorRow)]);
    expect(find("member_added", byVendor.email)).toEqual([expect.objectContaining(vendorActorRow)]);
    expect(find("member_role_changed", byCustomer.email)).toEqual([expect.objectContaining({ ...managerActorRow, detail: { from: "member", to: "billing_manager" } })]);
    expect(find("member_removed", byManager.email)).toEqual([expect.objectContaining({ ...vendorActorRow, memberId: byManager.id })]);
    expect(events).toHaveLength(6);

    const activity = await listTeamActivity(team.customer, {});
    expect(activity.totalCount).toBe(6);
    expect(activity.items.map((e) => `${e.type} ${e.email} by ${e.actor}`).sort()).toEqual(
      [
        `member_added ${manager.email} by ${team.owner.email}`,
        `member_added ${byCustomer.email} by ${team.owner.email}`,
        `member_added ${byManager.email} by ${manager.email}`,
        `member_added ${byVendor.email} by organization`,
        `member_role_changed ${byCustomer.email} by ${manager.email}`,
        `member_removed ${byManager.email} by organization`,
      ].sort(),
    );
  });
});

describe("getTeamPage", () => {
  it("lists the team by address, not by creation (a bulk invitation's members share one moment)", async () => {
    const team = await createTeam();
    const stamp = randomBytes(3).toString("hex");
    const moment = new Date();
    // Made at one moment, as a bulk invitation makes them, their ids in the reverse order of their addresses.
    const ids = [randomUUID(), randomUUID(), randomUUID()].sort();
    await db().prisma.member.createMany({
      data: ["carol", "bob", "alice"].map((name, index) => ({ id: ids[index], customerId: team.owner.customerId, email: `${name}-${stamp}@example.com`, emailKey: `${name}-${stamp}@example.com`, role: "member", createdAt: moment })),
    });
    const page = await getTeamPage(team.customer, { page: 1, limit: 50 });
    const emails = page.members.items.map((member) => member.email);
    expect(emails).toEqual([...emails].sort());
    expect(emails.filter((email) => email.endsWith(`-${stamp}@example.com`))).toEqual(["alice", "bob", "carol"].map((name) => `${name}-${stamp}@example.com`));
  });

  it("finds members by part of an address or a name, in any case, a % or _ taken as itself", async () => {
    const team = await createTeam();
    const stamp = randomBytes(3).toString("hex");
    const dora = await addTeamMember(team.customer, { email: `dora_${stamp}@example.com`, name: "Dora Explorer", role: "member" });
    const doris = await addTeamMember(team.customer, { email: `doris${stamp}@example.com`, name: null, role: "billing_manager" });
    const found = async (search: string) => (await getTeamPage(team.customer, { page: 1, limit: 50, search })).members.items.map((member) => member.id);
    expect(await found(stamp.toUpperCase())).toEqual([dora.id, doris.id]);
    expect(await found("explorer")).toEqual([dora.id]);
    expect(await found(`_${stamp}`)).toEqual([dora.id]);
    expect(await found("%")).toEqual([]);
    expect((await getTeamPage(team.customer, { page: 1, limit: 50, search: "nobody-at-all" })).members.totalCount).toBe(0);
  });
});

describe("changeSeatCount and the team", () => {
  const seatsOf = async (subscriptionId: string) => db().prisma.subscription.findUniqueOrThrow({ where: { id: subscriptionId }, select: { seats: true, amount: true } });
  const allowPortalSeatChanges = (organizationId: string, allowed: boolean) =>
    db().prisma.organization.update({ where: { id: organizationId }, data: { customerPortalUpdateSeats: allowed } });

  it("refuses the team's admins while the organization keeps the portal's seat changes closed; the vendor may", async () => {
    const team = await createTeam({ seats: 5, billingManagers: 1 });
    expect((await db().prisma.organization.findUniqueOrThrow({ where: { id: team.organization.id } })).customerPortalUpdateSeats).toBe(false);
    const closed = { code: "UpdateSubscriptionSeatsNotAllowed", status: 403 };
    await expect(changeSeatCount(team.customer, team.subscription.id, 7)).rejects.toMatchObject(closed);
    await expect(changeSeatCount(asMember(team.customer, team.managers[0]!.id), team.subscription.id, 7)).rejects.toMatchObject(closed);
    expect(await seatsOf(team.subscription.id)).toEqual({ seats: 5, amount: 5000 });
    expect(await teamEvents(team.owner.customerId, "seats_changed")).toEqual([]);

    await changeSeatCount(team.vendor, team.subscription.id, 6);
    expect(await seatsOf(team.subscription.id)).toEqual({ seats: 6, amount: 6000 });
    expect(await teamEvents(team.owner.customerId, "seats_changed")).toEqual([
      expect.objectContaining({ actorType: "organization", actorId: team.vendor.tokenId, actorLabel: "organization", detail: expect.objectContaining({ from: 5, to: 6 }) }),
    ]);
  });

  it("lets the billing customer and its billing managers change it once the organization allows it, each change a seats_changed event", async () => {
    const team = await createTeam({ seats: 5, billingManagers: 1 });
    const manager = team.managers[0]!;
    await allowPortalSeatChanges(team.organization.id, true);
    await changeSeatCount(team.customer, team.subscription.id, 8);
    expect(await seatsOf(team.subscription.id)).toEqual({ seats: 8, amount: 8000 });
    await changeSeatCount(asMember(team.customer, manager.id), team.subscription.id, 7);
    expect(await seatsOf(team.subscription.id)).toEqual({ seats: 7, amount: 7000 });
    // The same count is no change.
    await changeSeatCount(team.customer, team.subscription.id, 7);
    const events = await teamEvents(team.owner.customerId, "seats_changed");
    expect(events.map((e) => ({ actorType: e.actorType, actorId: e.actorId, actorLabel: e.actorLabel, detail: e.detail }))).toEqual([
      {
        actorType: "customer",
        actorId: team.owner.customerId,
        actorLabel: team.owner.email,
        detail: { subscription_id: team.subscription.id, product: team.product.name, from: 5, to: 8 },
      },
      { actorType: "member", actorId: manager.id, actorLabel: manager.email, detail: { subscription_id: team.subscription.id, product: team.product.name, from: 8, to: 7 } },
    ]);
  });

  it("never goes below the seats in use, whoever asks", async () => {
    const team = await createTeam({ seats: 5 });
    await allowPortalSeatChanges(team.organization.id, true);
    for (let i = 0; i < 3; i++) await assignSeat(team.customer, { subscription_id: team.subscription.id, email: uniqueEmail(`in-use${i}`) });
    const inUse = { code: "SeatsAlreadyAssigned", status: 400 };
    await expect(changeSeatCount(team.customer, team.subscription.id, 2)).rejects.toMatchObject(inUse);
    await expect(changeSeatCount(team.vendor, team.subscription.id, 2)).rejects.toMatchObject(inUse);
    expect(await seatsOf(team.subscription.id)).toEqual({ seats: 5, amount: 5000 });
    expect(await teamEvents(team.owner.customerId, "seats_changed")).toEqual([]);
    await changeSeatCount(team.customer, team.subscription.id, 3);
    expect(await seatsOf(team.subscription.id)).toEqual({ seats: 3, amount: 3000 });
  });
});
