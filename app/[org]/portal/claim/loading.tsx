import { ClaimSkeleton } from "@/components/portal/skeletons";

// Safe here: the claim page never answers with a status of its own (a dead link is a page
// that says so, with 200), so streaming it behind this placeholder changes no status.
// Pages whose notFound() must be a real 404 (a container of another customer) have no
// loading.tsx above them; they stream only what comes after that check.
export default function ClaimLoading() {
  return <ClaimSkeleton />;
}
