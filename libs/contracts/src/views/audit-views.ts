/** `GET /api/audit`: one event of the append-only, hash-chained audit log. */
export interface AuditEventView {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown> | null;
  hash: string;
  prevHash: string;
}

/** `GET /api/audit/verify`: whether every event still chains to the one before. */
export interface AuditVerification {
  ok: boolean;
  events: number;
  firstBadSeq?: number;
}
