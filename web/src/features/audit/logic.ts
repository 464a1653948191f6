// The audit log's filters as the address holds them (Norwegian names) and as the API takes them.
import { osloInstant } from "@/lib/format";

export type AuditFilterValues = { type: string; objekt: string; aktor: string; fra: string };
export type AuditQuery = { entity_type?: string; entity_id?: string; actor?: string; since?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The API's query, or what is wrong with the filters in bokmål (then nothing is asked). */
export function auditQuery(values: AuditFilterValues): { query: AuditQuery; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const entityId = values.objekt.trim();
  const day = values.fra.trim();
  const validId = UUID.test(entityId);
  const validDay = DAY.test(day);
  if (entityId && !validId) errors.objekt = "Skriv objektets id, 36 tegn som 3f2b…-…";
  if (day && !validDay) errors.fra = "Velg en dato";
  const query: AuditQuery = {
    entity_type: values.type || undefined,
    entity_id: validId ? entityId : undefined,
    actor: values.aktor.trim() || undefined,
    // From the start of that day in Norway.
    since: validDay ? osloInstant(day, "00:00") : undefined,
  };
  return { query, errors };
}
