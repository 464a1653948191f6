import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";
import { versionEtag } from "@/lib/etags";
import { type Window } from "./logic";

export { useMeeting, type Meeting } from "@/lib/meetings";

export type AgendaItem = Schemas["AgendaItemOut"];
export type Decision = Schemas["DecisionOut"];
export type DecisionKind = Schemas["DecisionKind"];

/** Meetings within a window of days, soonest first (or latest first, for the past). */
export function useMeetings(bodyId: string, window: Window | null, latestFirst: boolean, cursor: string | null) {
  const query = {
    body_id: bodyId || undefined,
    from: window?.from,
    to: window?.to,
    sort: latestFirst ? ("-starts_at" as const) : ("starts_at" as const),
    cursor,
    limit: 25,
  };
  return useQuery({
    queryKey: ["meetings", query],
    queryFn: () => unwrap(api.GET("/api/v1/meetings", { params: { query } })),
    enabled: window !== null,
    placeholderData: keepPreviousData,
  });
}

export function useAgenda(meetingId: string) {
  return useQuery({
    queryKey: ["meeting", meetingId, "agenda"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/meetings/{meeting_id}/agenda", { params: { path: { meeting_id: meetingId } } })),
    select: (page) => page.items,
  });
}

export function useMeetingDecisions(meetingId: string) {
  return useQuery({
    queryKey: ["meeting", meetingId, "decisions"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/meetings/{meeting_id}/decisions", {
          params: { path: { meeting_id: meetingId }, query: { limit: 200 } },
        }),
      ),
    select: (page) => page.items,
  });
}

/** The cases the agenda picker shows, each allowed or not with the agenda rules that decide it. */
export function useAgendaCandidates(meetingId: string) {
  return useQuery({
    queryKey: ["meeting", meetingId, "candidates"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/meetings/{meeting_id}/agenda-candidates", {
          params: { path: { meeting_id: meetingId }, query: { limit: 100 } },
        }),
      ),
    select: (page) => page.items,
  });
}

/** The rule catalogue by id: each rule's Norwegian message and citation. */
export function useRules() {
  return useQuery({
    queryKey: ["rules"],
    queryFn: () => unwrap(api.GET("/api/v1/rules", { params: { query: { limit: 200 } } })),
    select: (page) => new Map(page.items.map((rule) => [rule.id, rule])),
    staleTime: Infinity,
  });
}

export function usePlanMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["MeetingCreate"]) => unwrap(api.POST("/api/v1/meetings", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["meetings"] }),
  });
}

// An agenda change changes the meeting's agenda, its transitions (convening needs an agenda) and the cases.
function useAgendaChanged(meetingId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ["meeting", meetingId] });
    void queryClient.invalidateQueries({ queryKey: ["cases"] });
  };
}

/** Why a convened agenda changes (a revision); null before convening, when no reason is asked. */
export type Revision = { reason: string; reason_public: boolean } | null;

export function useAddToAgenda(meetingId: string) {
  const onSuccess = useAgendaChanged(meetingId);
  return useMutation({
    mutationFn: ({ caseId, revision }: { caseId: string; revision: Revision }) =>
      unwrap(
        api.POST("/api/v1/meetings/{meeting_id}/agenda", {
          params: { path: { meeting_id: meetingId } },
          body: { case_id: caseId, ...revision },
        }),
      ),
    onSuccess,
  });
}

export function useMoveOnAgenda(meetingId: string) {
  const onSuccess = useAgendaChanged(meetingId);
  return useMutation({
    mutationFn: ({ item, position, revision }: { item: AgendaItem; position: number; revision: Revision }) =>
      unwrap(
        api.PATCH("/api/v1/meetings/{meeting_id}/agenda/{item_id}", {
          params: {
            path: { meeting_id: meetingId, item_id: item.id },
            header: { "if-match": versionEtag(item) },
          },
          body: { position, ...revision },
        }),
      ),
    onSuccess,
  });
}

export function useRemoveFromAgenda(meetingId: string) {
  const onSuccess = useAgendaChanged(meetingId);
  return useMutation({
    mutationFn: ({ item, revision }: { item: AgendaItem; revision: Revision }) =>
      unwrap(
        api.DELETE("/api/v1/meetings/{meeting_id}/agenda/{item_id}", {
          params: {
            path: { meeting_id: meetingId, item_id: item.id },
            header: { "if-match": versionEtag(item) },
          },
          body: revision,
        }),
      ),
    onSuccess,
  });
}

/** The changes of a convened agenda, newest last, with the agenda as it stood before each. */
export function useAgendaRevisions(meetingId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["meeting", meetingId, "revisions"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/meetings/{meeting_id}/agenda/revisions", {
          params: { path: { meeting_id: meetingId }, query: { limit: 200 } },
        }),
      ),
    select: (page) => page.items,
    enabled,
  });
}

export function useRecordDecision(meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["DecisionCreate"]) =>
      unwrap(
        api.POST("/api/v1/meetings/{meeting_id}/decisions", { params: { path: { meeting_id: meetingId } }, body }),
      ),
    onSuccess: (_decision, { case_id }) => {
      void queryClient.invalidateQueries({ queryKey: ["meeting", meetingId] });
      void queryClient.invalidateQueries({ queryKey: ["case", case_id] });
      void queryClient.invalidateQueries({ queryKey: ["decisions"] });
    },
  });
}

/** The case as the meeting deals with it: read for its facts and its ETag (a return or a note sends it). */
export function useCase(id: string) {
  return useQuery({
    queryKey: ["case", id],
    queryFn: () => unwrap(api.GET("/api/v1/cases/{case_id}", { params: { path: { case_id: id } } })),
  });
}

export function useDraftMinutes(meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/meetings/{meeting_id}/minutes/draft", { params: { path: { meeting_id: meetingId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["meeting", meetingId] }),
  });
}

export function useMinutes(documentId: string | null) {
  return useQuery({
    queryKey: ["document", documentId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/documents/{document_id}", { params: { path: { document_id: documentId ?? "" } } })),
    enabled: Boolean(documentId),
  });
}
