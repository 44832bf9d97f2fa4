// Expected failures, each carrying its wire name and status explicitly: class names do
// not survive minification, and the name is part of the API contract (Polar's `error`).
export class DomainError extends Error {
  /**
   * Which rule refused, for the portal to say it in the reader's language: Polar gives some
   * rules one wire name (a 422 PolarRequestValidationError) with a sentence each, and a
   * sentence is no key. Never on the wire.
   */
  reason?: string;
  /** The numbers the message names (a minimum, the seats in use), for the same purpose. */
  values?: Record<string, number>;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  /** The same error, telling the portal which rule refused and with which numbers. */
  because(reason: string, values?: Record<string, number>): this {
    this.reason = reason;
    this.values = values;
    return this;
  }
}

export class Unauthorized extends DomainError {
  constructor(message = "Unauthorized") {
    super("Unauthorized", 401, message);
  }
}

export class NotPermitted extends DomainError {
  constructor(message = "You don't have the permission to do this.") {
    super("NotPermitted", 403, message);
  }
}

export class FeatureNotEnabled extends DomainError {
  constructor(message = "Seat-based pricing is not enabled for this organization.") {
    super("FeatureNotEnabled", 403, message);
  }
}

export class ResourceNotFound extends DomainError {
  constructor(message = "Not found") {
    super("ResourceNotFound", 404, message);
  }
}

export class CustomerNotFound extends DomainError {
  constructor(message = "Customer not found.") {
    super("CustomerNotFound", 404, message);
  }
}

export class BadRequest extends DomainError {
  constructor(message: string) {
    super("BadRequest", 400, message);
  }
}

export class TooManyRequests extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many requests. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`,
  ) {
    super("TooManyRequests", 429, message);
  }
}

/** A validation failure found by the service rather than by the request schema (Polar's PolarRequestValidationError). */
export class RequestValidationFailure extends DomainError {
  constructor(
    readonly loc: (string | number)[],
    message: string,
    readonly input: unknown = null,
  ) {
    super("PolarRequestValidationError", 422, message);
  }
}
