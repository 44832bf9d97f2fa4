import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/client-address";

const of = (forwarded: string | null) => clientAddress(new Headers(forwarded === null ? {} : { "x-forwarded-for": forwarded }));

describe("clientAddress", () => {
  it("is the first entry of X-Forwarded-For (the one address the production server leaves there)", () => {
    expect(of("203.0.113.5")).toBe("203.0.113.5");
    expect(of(" 203.0.113.5 , 10.0.0.1")).toBe("203.0.113.5");
  });

  it("reads an IPv4 address written as IPv6 as the IPv4 address", () => {
    expect(of("::ffff:198.51.100.2")).toBe("198.51.100.2");
  });

  it("keys an IPv6 client by its /64, however the address is written", () => {
    expect(of("2001:db8:7:7::1")).toBe("2001:0db8:0007:0007::/64");
    expect(of("2001:0DB8:0007:0007:ffff::2")).toBe("2001:0db8:0007:0007::/64");
    expect(of("2001:db8::1")).toBe("2001:0db8:0000:0000::/64");
    expect(of("fe80::1%eth0")).toBe("fe80:0000:0000:0000::/64");
    expect(of("2001:db8:7:8::1")).not.toBe(of("2001:db8:7:7::1"));
  });

  it("is 'unknown' for no header, a name, or anything too long to be an address", () => {
    expect(of(null)).toBe("unknown");
    expect(of("proxy.internal")).toBe("unknown");
    expect(of("1".repeat(10_000))).toBe("unknown");
  });
});
