import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";
import { etagFor } from "@/lib/etags";

export type Decision = Schemas["DecisionOut"];
export type FollowUpStatus = Schemas["FollowUpStatus"];
export type DecisionKind = Schemas["DecisionKind"];
export type DecisionFilters = { follow_up_status?: string; kind?: DecisionKind; from?: string; to?: string };

/** The decisions of the person's bodies (the API lists those they may read), newest first. */
export function useDecisions(filters: DecisionFilters, cursor: string | null) {
  return useQuery({
    queryKey: ["decisions", filters, cursor],
    queryFn: () => unwrap(api.GET("/api/v1/decisions", { params: { query: { ...filters, cursor, limit: 25 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useDecision(id: string) {
  return useQuery({
    queryKey: ["decision", id],
    queryFn: () => unwrap(api.GET("/api/v1/decisions/{decision_id}", { params: { path: { decision_id: id } } })),
  });
}

/** The follow-up's note, responsible body and due date; the decision's ETag goes along as If-Match. */
export function useUpdateFollowUp(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["DecisionUpdate"]) =>
      unwrap(
        api.PATCH("/api/v1/decisions/{decision_id}", {
          params: { path: { decision_id: id }, header: { "if-match": etagFor(`/api/v1/decisions/${id}`) } },
          body,
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["decision", id] });
      void queryClient.invalidateQueries({ queryKey: ["decisions"] });
    },
  });
}

export function useReloadDecision(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["decision", id] });
}
