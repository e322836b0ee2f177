// The one place activation meets the notify module: its contract (src/notify/types.ts).
export type { Channel, DeliveryRecord, Outbox, OutgoingMessage } from "../notify";
