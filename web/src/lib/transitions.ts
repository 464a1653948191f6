// The transitions of a case, a meeting, a decision or a body (`GET …/transitions`, `POST …/transitions/{name}`):
// one pair of hooks for every stateful resource, so that each screen shows them the same way. The
// resource's ETag goes along as If-Match (lib/etags: a transition changes the resource it names).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./api";
import { etagFor } from "./etags";

export type TransitionEntity = "case" | "meeting" | "decision" | "body";
export type TransitionOption =
  | Schemas["CaseTransitionOption"]
  | Schemas["MeetingTransitionOption"]
  | Schemas["BodyTransitionOption"]
  | Schemas["DecisionTransitionOption"];
export type DryRun =
  | Schemas["CaseDryRunResult"]
  | Schemas["MeetingDryRunResult"]
  | Schemas["BodyDryRunResult"]
  | Schemas["DecisionDryRunResult"];
type TransitionListing =
  | Schemas["CaseTransitionList"]
  | Schemas["MeetingTransitionList"]
  | Schemas["BodyTransitionList"]
  | Schemas["DecisionTransitionList"];
type TransitionAnswer =
  | DryRun
  | Schemas["CaseTransitioned"]
  | Schemas["MeetingTransitioned"]
  | Schemas["BodyTransitioned"]
  | Schemas["DecisionTransitioned"];
export type TransitionCall = { name: string; dryRun: boolean; reason?: string; reasonPublic?: boolean };

function listOf(entity: TransitionEntity, id: string): Promise<TransitionListing> {
  if (entity === "case")
    return unwrap(api.GET("/api/v1/cases/{case_id}/transitions", { params: { path: { case_id: id } } }));
  if (entity === "meeting")
    return unwrap(api.GET("/api/v1/meetings/{meeting_id}/transitions", { params: { path: { meeting_id: id } } }));
  if (entity === "body")
    return unwrap(api.GET("/api/v1/bodies/{body_id}/transitions", { params: { path: { body_id: id } } }));
  return unwrap(api.GET("/api/v1/decisions/{decision_id}/transitions", { params: { path: { decision_id: id } } }));
}

// The name comes from the listing of the same resource, so it is one of its transitions.
function perform(
  entity: TransitionEntity,
  id: string,
  { name, dryRun, reason, reasonPublic }: TransitionCall,
): Promise<TransitionAnswer> {
  const plural = entity === "body" ? "bodies" : `${entity}s`;
  // A dry run too: it answers for the copy on screen.
  const options = { query: { dry_run: dryRun }, header: { "if-match": etagFor(`/api/v1/${plural}/${id}`) } };
  const body = reason ? { reason, reason_public: reasonPublic ?? false } : undefined;
  if (entity === "case") {
    const path = { case_id: id, name: name as Schemas["CaseTransitionName"] };
    return unwrap(api.POST("/api/v1/cases/{case_id}/transitions/{name}", { params: { path, ...options }, body }));
  }
  if (entity === "meeting") {
    const path = { meeting_id: id, name: name as Schemas["MeetingTransitionName"] };
    return unwrap(api.POST("/api/v1/meetings/{meeting_id}/transitions/{name}", { params: { path, ...options }, body }));
  }
  if (entity === "body") {
    const path = { body_id: id, name: name as Schemas["BodyTransitionName"] };
    return unwrap(api.POST("/api/v1/bodies/{body_id}/transitions/{name}", { params: { path, ...options }, body }));
  }
  const path = { decision_id: id, name: name as Schemas["DecisionTransitionName"] };
  return unwrap(api.POST("/api/v1/decisions/{decision_id}/transitions/{name}", { params: { path, ...options }, body }));
}

export function isDryRun(result: TransitionAnswer): result is DryRun {
  return result.dry_run;
}

export function useTransitions(entity: TransitionEntity, id: string) {
  return useQuery({ queryKey: [entity, id, "transitions"], queryFn: () => listOf(entity, id) });
}

/** A transition, or its dry run (every rule evaluated, nothing changed). After a real one the resource,
 * its transitions, and whatever `alsoChanged` names are read afresh. */
export function useTransition(entity: TransitionEntity, id: string, alsoChanged: readonly unknown[][] = []) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (call: TransitionCall) => perform(entity, id, call),
    onSuccess: (_result, { dryRun }) => {
      if (dryRun) return;
      for (const queryKey of [[entity, id], ...alsoChanged]) void queryClient.invalidateQueries({ queryKey });
    },
  });
}

/** After someone else's change (412): read the resource afresh, with its new ETag. */
export function useReload(entity: TransitionEntity, id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: [entity, id] });
}
