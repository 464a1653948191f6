import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";

export type Subcommittee = Schemas["SubcommitteeOut"];
export type SubcommitteeFilters = {
  status?: Schemas["BodyStatus"];
  deadline_after?: string;
  deadline_before?: string;
  sort: Schemas["SubcommitteeSort"];
};

/** The subcommittees the person may read, with their members and deliveries. */
export function useSubcommittees(filters: SubcommitteeFilters, cursor: string | null) {
  return useQuery({
    queryKey: ["subcommittees", filters, cursor],
    queryFn: () => unwrap(api.GET("/api/v1/subcommittees", { params: { query: { ...filters, cursor, limit: 25 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useSubcommittee(id: string) {
  return useQuery({
    queryKey: ["subcommittee", id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/subcommittees/{subcommittee_id}", { params: { path: { subcommittee_id: id } } })),
  });
}

/** The subcommittee as a body: what the person may do on it (`can`), and its ETag for a transition. */
export function useBody(id: string) {
  return useQuery({
    queryKey: ["body", id],
    queryFn: () => unwrap(api.GET("/api/v1/bodies/{body_id}", { params: { path: { body_id: id } } })),
  });
}

/** The forum's decisions establishing a subcommittee; the form proposes those not yet used. */
export function useEstablishingDecisions() {
  return useQuery({
    queryKey: ["decisions", { kind: "establish_subcommittee" }],
    queryFn: () =>
      unwrap(api.GET("/api/v1/decisions", { params: { query: { kind: "establish_subcommittee", limit: 100 } } })),
    select: (page) => page.items,
  });
}

/** Every subcommittee's establishing decision, so that a used decision is not proposed again. */
export function useUsedDecisions() {
  return useQuery({
    queryKey: ["subcommittees", "all"],
    queryFn: () => unwrap(api.GET("/api/v1/subcommittees", { params: { query: { limit: 200 } } })),
    select: (page) => new Set(page.items.map((item) => item.established_by_decision_id)),
  });
}

export function usePersons() {
  return useQuery({
    queryKey: ["persons"],
    queryFn: () => unwrap(api.GET("/api/v1/persons", { params: { query: { limit: 200 } } })),
    select: (page) => page.items,
    staleTime: 5 * 60_000,
  });
}

/** The documents the subcommittee owns: a delivery is one of its own. */
export function useOwnDocuments(bodyId: string) {
  return useQuery({
    queryKey: ["documents", "owned", bodyId],
    queryFn: () => unwrap(api.GET("/api/v1/documents", { params: { query: { limit: 200 } } })),
    select: (page) => page.items.filter((document) => document.owner_body_id === bodyId),
  });
}

export function useEstablish() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["SubcommitteeCreate"]) => unwrap(api.POST("/api/v1/subcommittees", { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["subcommittees"] });
      void queryClient.invalidateQueries({ queryKey: ["bodies"] });
    },
  });
}

export function useRegisterDelivery(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["DeliveryCreate"]) =>
      unwrap(
        api.POST("/api/v1/subcommittees/{subcommittee_id}/deliveries", {
          params: { path: { subcommittee_id: id } },
          body,
        }),
      ),
    // The first delivery moves the subcommittee to «Har levert».
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["subcommittee", id] });
      void queryClient.invalidateQueries({ queryKey: ["body", id] });
      void queryClient.invalidateQueries({ queryKey: ["subcommittees"] });
    },
  });
}
