import { unknownPath } from "@/lib/api/endpoint";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = unknownPath;

export const dynamic = "force-dynamic";
