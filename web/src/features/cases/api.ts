import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";

export type Case = Schemas["CaseOut"];
export type CaseStatus = Schemas["CaseStatus"];
export type CaseKind = Schemas["CaseKind"];
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
    queryFn: () => unwrap(api.GET("/api/v1/cases/{case_id}/transitions", { params: { path: { case_id: id } } })),
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

/** The case's history from the audit log, newest first, for everyone who may read the case. */
export function useCaseHistory(id: string) {
  return useQuery({
    queryKey: ["case", id, "history"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/cases/{case_id}/history", { params: { path: { case_id: id }, query: { limit: 200 } } })),
  });
}
