import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";

export type Finding = Schemas["RuleReport"];

/** Every invariant that does not hold now, with the entities concerned (`GET /api/v1/compliance`). */
export function useComplianceReport() {
  return useQuery({ queryKey: ["compliance"], queryFn: () => unwrap(api.GET("/api/v1/compliance")) });
}
