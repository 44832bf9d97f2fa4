import { env } from "@/lib/env";
import { scheduleDelivery } from "./outbox";

const holder = globalThis as unknown as { seatPortalWorker?: NodeJS.Timeout };

export function startOutboxWorker() {
  const seconds = env().OUTBOX_POLL_SECONDS;
  if (holder.seatPortalWorker || seconds === 0) return;
  holder.seatPortalWorker = setInterval(() => void scheduleDelivery(), seconds * 1000);
  holder.seatPortalWorker.unref();
  void scheduleDelivery();
}

export function stopOutboxWorker() {
  if (holder.seatPortalWorker) clearInterval(holder.seatPortalWorker);
  holder.seatPortalWorker = undefined;
}
