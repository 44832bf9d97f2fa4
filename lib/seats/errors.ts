// The seat rules' own refusals (SPEC §1 Errors), named exactly as on the wire.
import { DomainError } from "@/lib/errors";

export class SeatNotAvailable extends DomainError {
  constructor(message = "No seats are available on this subscription or order.") {
    super("SeatNotAvailable", 400, message);
  }
}

export class SeatAlreadyAssigned extends DomainError {
  constructor(message = "This person already holds a seat on this subscription or order.") {
    super("SeatAlreadyAssigned", 400, message);
  }
}

export class SeatNotPending extends DomainError {
  constructor(message = "Only a pending invitation can be resent.") {
    super("SeatNotPending", 400, message);
  }
}

export class InvalidInvitationToken extends DomainError {
  constructor(message = "This invitation link is invalid, expired, already used or revoked.") {
    super("InvalidInvitationToken", 400, message);
  }
}

export class InvalidSeatAssignmentRequest extends DomainError {
  constructor(message = "Give exactly one of email, external_customer_id or customer_id.") {
    super("InvalidSeatAssignmentRequest", 400, message);
  }
}

// Polar's name for a seat count below the seats in use.
export class SeatsAlreadyAssigned extends DomainError {
  constructor(live: number, wanted: number) {
    super(
      "SeatsAlreadyAssigned",
      400,
      // Polar's words (subscription/service.py); the portal says it in the reader's language from `values`.
      `Cannot decrease seats to ${wanted}. Currently ${live} seats are assigned. Revoke seats first.`,
    );
    this.values = { live, revoke: live - wanted, wanted };
  }
}

export class AlreadyCanceledSubscription extends DomainError {
  constructor(message = "This subscription is already canceled or will be at the end of the period.") {
    super("AlreadyCanceledSubscription", 403, message);
  }
}

/**
 * A link handed to the person who gave the seat proves nothing about the invited address:
 * the portal claims it only for someone signed in as that address (by an email link).
 */
export class ProofOfAddressRequired extends DomainError {
  constructor(message = "This link was shared by the person who gave the seat: open it in the portal and sign in as the invited address to claim it.") {
    super("NotPermitted", 403, message);
  }
}

// Polar's names for an assign that names a member the team does not have, or an external
// member id whose member has another address.
export class MemberNotFound extends DomainError {
  constructor(identifier: string) {
    super("MemberNotFound", 404, `Member not found: ${identifier}`);
  }
}

export class MemberEmailMismatch extends DomainError {
  constructor(externalMemberId: string, email: string) {
    super("MemberEmailMismatch", 400, `Member with external_member_id '${externalMemberId}' exists but has a different email than '${email}'`);
  }
}

// Polar's refusal when the organization lets no customer change a seat count in the portal.
export class UpdateSubscriptionSeatsNotAllowed extends DomainError {
  constructor() {
    super("UpdateSubscriptionSeatsNotAllowed", 403, "Updating subscription seats is not allowed.");
  }
}
