import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";

export type Case = Schemas["CaseOut"];
export type CaseStatus = Schemas["CaseStatus"];
export type CaseKind = Schemas["CaseKind"];
export type CaseTransitionName = Schemas["CaseTransitionName"];
export type CaseFilters = { status?: CaseStatus; kind?: CaseKind; owner_body_id?: string };

export function useCases(filters: CaseFilters, cursor: string | null) {
  return useQuery({
    queryKey: ["cases", filters, cursor],
    queryFn: () => unwrap(api.GET("/api/v1/cases", { params: { query: { ...filters, cursor, limit: 25 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: ["case", id],
    queryFn: () => unwrap(api.GET("/api/v1/cases/{case_id}", { params: { path: { case_id: id } } })),
  });
}

export function useCaseTransitions(id: string) {
  return useQuery({
    queryKey: ["case", id, "transitions"],
    queryFn: () => unwrap(api.GET("/api/v1/cases/{entity_id}/transitions", { params: { path: { entity_id: id } } })),
  });
}

export function useCaseDocuments(id: string) {
  return useQuery({
    queryKey: ["case", id, "documents"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/cases/{case_id}/documents", { params: { path: { case_id: id }, query: { limit: 200 } } }),
      ),
  });
}

export function useStakeholderNames() {
  return useQuery({
    queryKey: ["organizations", "stakeholders"],
    queryFn: () => unwrap(api.GET("/api/v1/organizations", { params: { query: { limit: 200 } } })),
    select: (page) => new Map(page.items.map((organization) => [organization.id, organization.name])),
    staleTime: 5 * 60_000,
  });
}

export function useRegisterCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["CaseCreate"]) => unwrap(api.POST("/api/v1/cases", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["cases"] }),
  });
}

/** A transition, or its dry run (every rule evaluated, nothing changed). The case's ETag goes along. */
export function useTransition(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, dryRun, reason }: { name: CaseTransitionName; dryRun: boolean; reason?: string }) =>
      unwrap(
        api.POST("/api/v1/cases/{entity_id}/transitions/{name}", {
          params: { path: { entity_id: id, name }, query: { dry_run: dryRun } },
          body: reason ? { reason } : null,
        }),
      ),
    onSuccess: (_result, { dryRun }) => {
      if (!dryRun) void queryClient.invalidateQueries({ queryKey: ["case", id] });
    },
  });
}

/** After someone else's change (412): read the case afresh, with its new ETag. */
export function useReloadCase(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["case", id] });
}

/** The case's history from the audit log, newest first, for everyone who may read the case. */
export function useCaseHistory(id: string) {
  return useQuery({
    queryKey: ["case", id, "history"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/cases/{case_id}/history", { params: { path: { case_id: id }, query: { limit: 200 } } })),
  });
}
