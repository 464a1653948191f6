import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";
import type { AuditQuery } from "./logic";

export type AuditEvent = Schemas["AuditEventOut"];

/** The audit log, newest first, a page at a time; not asked while the filters are wrong. */
export function useAuditEvents(filters: AuditQuery, cursor: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ["audit-events", filters, cursor],
    queryFn: () =>
      unwrap(api.GET("/api/v1/audit-events", { params: { query: { ...filters, sort: "-at", cursor, limit: 25 } } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The hash chain walked whole by the service: intact, or where it breaks. The walk grows with the log
 * (seconds at a hundred thousand events), so a verdict is kept for five minutes unless asked again. */
export function useChainStatus() {
  return useQuery({
    queryKey: ["audit-chain"],
    queryFn: () => unwrap(api.GET("/api/v1/audit-events/verification")),
    staleTime: 5 * 60_000,
  });
}
