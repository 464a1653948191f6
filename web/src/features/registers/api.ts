import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";
import { etagFor, versionEtag } from "@/lib/etags";

export type Organization = Schemas["OrganizationOut"];
export type Person = Schemas["PersonOut"];
export type Membership = Schemas["MembershipOut"];
export type DryRun = Schemas["DryRun"];
export type OrganizationFilters = {
  q?: string;
  central_health_administration?: boolean;
  collaboration_actor?: boolean;
  stakeholder?: boolean;
};
export type PersonFilters = { q?: string; organization_id?: string };

const PAGE = 25;

export function useOrganizations(filters: OrganizationFilters, cursor: string | null) {
  return useQuery({
    queryKey: ["organizations", filters, cursor],
    queryFn: () => unwrap(api.GET("/api/v1/organizations", { params: { query: { ...filters, cursor, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
}

/** Every organization, for a form's choice. */
export function useAllOrganizations() {
  return useQuery({
    queryKey: ["organizations", "all"],
    queryFn: () => unwrap(api.GET("/api/v1/organizations", { params: { query: { limit: 200 } } })),
    select: (page) => page.items,
    staleTime: 5 * 60_000,
  });
}

export function useOrganization(id: string | undefined) {
  return useQuery({
    queryKey: ["organization", id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/organizations/{organization_id}", { params: { path: { organization_id: id ?? "" } } })),
    enabled: id !== undefined,
  });
}

export function useSaveOrganization(id: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["OrganizationCreate"]) =>
      unwrap(
        id === undefined
          ? api.POST("/api/v1/organizations", { body })
          : api.PATCH("/api/v1/organizations/{organization_id}", {
              params: {
                path: { organization_id: id },
                header: { "if-match": etagFor(`/api/v1/organizations/${id}`) },
              },
              body,
            }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["organizations"] });
      void queryClient.invalidateQueries({ queryKey: ["organization", id] });
    },
  });
}

export function usePersons(filters: PersonFilters, cursor: string | null) {
  return useQuery({
    queryKey: ["persons", filters, cursor],
    queryFn: () => unwrap(api.GET("/api/v1/persons", { params: { query: { ...filters, cursor, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
}

/** Every person, for a form's choice. */
export function useAllPersons() {
  return useQuery({
    queryKey: ["persons", "all"],
    queryFn: () => unwrap(api.GET("/api/v1/persons", { params: { query: { limit: 200 } } })),
    select: (page) => page.items,
    staleTime: 5 * 60_000,
  });
}

export function usePerson(id: string | undefined) {
  return useQuery({
    queryKey: ["person", id],
    queryFn: () => unwrap(api.GET("/api/v1/persons/{person_id}", { params: { path: { person_id: id ?? "" } } })),
    enabled: id !== undefined,
  });
}

export function useSavePerson(id: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["PersonCreate"]) =>
      unwrap(
        id === undefined
          ? api.POST("/api/v1/persons", { body })
          : api.PATCH("/api/v1/persons/{person_id}", {
              params: { path: { person_id: id }, header: { "if-match": etagFor(`/api/v1/persons/${id}`) } },
              body,
            }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["persons"] });
      void queryClient.invalidateQueries({ queryKey: ["person", id] });
    },
  });
}

export function useBodyMemberships(bodyId: string, activeOn: string | undefined, cursor: string | null) {
  return useQuery({
    queryKey: ["memberships", "body", bodyId, activeOn, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/bodies/{body_id}/memberships", {
          params: { path: { body_id: bodyId }, query: { active_on: activeOn, cursor, limit: PAGE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** The seats a deputy may stand in for: the body's chairs and members. */
export function useSeats(bodyId: string) {
  return useQuery({
    queryKey: ["memberships", "body", bodyId, "seats"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/bodies/{body_id}/memberships", {
          params: { path: { body_id: bodyId }, query: { limit: 200 } },
        }),
      ),
    select: (page) => page.items.filter((seat) => seat.role === "chair" || seat.role === "member"),
    enabled: bodyId !== "",
  });
}

export function usePersonMemberships(personId: string, cursor: string | null) {
  return useQuery({
    queryKey: ["memberships", "person", personId, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/persons/{person_id}/memberships", {
          params: { path: { person_id: personId }, query: { cursor, limit: PAGE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export type MembershipWrite =
  | { kind: "add"; bodyId: string; body: Schemas["MembershipCreate"] }
  | { kind: "change"; membership: Membership; body: Schemas["MembershipUpdate"] };

/** Adds or changes a membership, or (`dryRun`) asks the rules what they would say and changes nothing. */
function writeMembership(write: MembershipWrite, dryRun: boolean) {
  const query = { dry_run: dryRun };
  if (write.kind === "add")
    return unwrap(
      api.POST("/api/v1/bodies/{body_id}/memberships", {
        params: { path: { body_id: write.bodyId }, query },
        body: write.body,
      }),
    );
  return unwrap(
    api.PATCH("/api/v1/memberships/{membership_id}", {
      params: {
        path: { membership_id: write.membership.id },
        query,
        header: { "if-match": versionEtag(write.membership) },
      },
      body: write.body,
    }),
  );
}

export function useMembershipDryRun() {
  return useMutation({
    mutationFn: async (write: MembershipWrite): Promise<DryRun> => {
      const result = await writeMembership(write, true);
      if (!("dry_run" in result)) throw new Error("a dry run answered with the membership");
      return result;
    },
  });
}

/** Saves; the answer's `warnings` are the rules that warn about what was saved. */
export function useSaveMembership() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (write: MembershipWrite) => writeMembership(write, false),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["memberships"] }),
  });
}
