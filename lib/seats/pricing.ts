import { DomainError } from "@/lib/errors";
import type { SeatTier } from "./types";

/** The seat count a price starts at (its first tier's minimum). */
export function minimumSeats(tiers: SeatTier[]) {
  return tiers[0]?.min_seats ?? 1;
}

/** The most seats a price allows (its last tier's maximum), or null for no limit. */
export function maximumSeats(tiers: SeatTier[]) {
  return tiers.length ? (tiers[tiers.length - 1]!.max_seats ?? null) : null;
}

/**
 * What `seats` seats cost, in cents. Volume: every seat at the price of the tier the count
 * falls in. Graduated: each tier's seats at that tier's price.
 */
export function seatAmount(tiers: SeatTier[], tierType: string, seats: number) {
  if (tierType === "graduated") {
    let total = 0;
    for (const tier of tiers) {
      const upper = tier.max_seats ?? Number.POSITIVE_INFINITY;
      const inTier = Math.max(0, Math.min(seats, upper) - tier.min_seats + 1);
      total += inTier * tier.price_per_seat;
    }
    return total;
  }
  const tier = tiers.find((t) => seats >= t.min_seats && (t.max_seats == null || seats <= t.max_seats)) ?? tiers[tiers.length - 1];
  return (tier?.price_per_seat ?? 0) * seats;
}

export class BelowMinimumSeats extends DomainError {
  constructor(minimum: number) {
    super("BelowMinimumSeats", 400, `Minimum ${minimum} seat${minimum === 1 ? "" : "s"} required.`);
    this.values = { minimum };
  }
}

export class AboveMaximumSeats extends DomainError {
  constructor(maximum: number) {
    super("AboveMaximumSeats", 400, `Maximum ${maximum} seat${maximum === 1 ? "" : "s"} allowed.`);
    this.values = { maximum };
  }
}

/** A seat count the price's tiers allow, or Polar's BelowMinimumSeats / AboveMaximumSeats. */
export function checkSeatCount(tiers: SeatTier[], seats: number) {
  const max = maximumSeats(tiers);
  if (seats < minimumSeats(tiers)) throw new BelowMinimumSeats(minimumSeats(tiers));
  if (max !== null && seats > max) throw new AboveMaximumSeats(max);
  return seats;
}
