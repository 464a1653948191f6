import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";

export type AnnualPlan = Schemas["AnnualPlanOut"];

/** Every recorded plan, newest year first (one a year: a page holds many years). */
export function useAnnualPlans() {
  return useQuery({
    queryKey: ["annual-plans"],
    queryFn: () => unwrap(api.GET("/api/v1/annual-plans", { params: { query: { limit: 200 } } })),
    select: (page) => page.items,
  });
}

/** The forum's decisions adopting an annual plan; the form proposes those no plan records yet. */
export function useAdoptingDecisions() {
  return useQuery({
    queryKey: ["decisions", { kind: "annual_plan" }],
    queryFn: () => unwrap(api.GET("/api/v1/decisions", { params: { query: { kind: "annual_plan", limit: 100 } } })),
    select: (page) => page.items,
  });
}

/** The plan documents to choose from: the plan is the forum's record, so a document of the forum's
 * (written by the AU). */
export function usePlanDocuments(forumId: string) {
  return useQuery({
    queryKey: ["documents", { kind: "annual_plan" }],
    queryFn: () => unwrap(api.GET("/api/v1/documents", { params: { query: { kind: "annual_plan", limit: 200 } } })),
    select: (page) => page.items.filter((document) => document.owner_body_id === forumId),
  });
}

export function useRecordPlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["AnnualPlanCreate"]) => unwrap(api.POST("/api/v1/annual-plans", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["annual-plans"] }),
  });
}
