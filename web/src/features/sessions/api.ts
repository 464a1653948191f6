import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";

export type OwnSession = Schemas["OwnSessionOut"];

/** The person's running sessions, newest first, the one in this browser marked `current`. */
export function useOwnSessions(cursor: string | null) {
  return useQuery({
    queryKey: ["own-sessions", cursor],
    queryFn: () => unwrap(api.GET("/api/v1/me/sessions", { params: { query: { cursor, limit: 25 } } })),
    placeholderData: keepPreviousData,
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ["own-sessions"] });
}

/** Ends one session (in another browser) at once. */
export function useEndSession() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/me/sessions/{session_id}", { params: { path: { session_id: id } } })),
    onSuccess: refresh,
  });
}

/** Ends every session but this browser's. */
export function useSignOutOthers() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/me/sessions/sign-out-others")),
    onSuccess: refresh,
  });
}
