import "next-auth";

declare module "next-auth" {
  interface Session {
    /** Set when the session opens one organization's portal only (a vendor link or a claim). */
    organizationId: string | null;
  }
}
