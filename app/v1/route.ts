import { notFound } from "@/lib/api/fallbacks";

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
