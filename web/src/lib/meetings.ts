// One meeting (`GET /api/v1/meetings/{id}`, with its ETag): the meeting screens and a decision's page read it.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./api";

export type Meeting = Schemas["MeetingOut"];

export function useMeeting(id: string) {
  return useQuery({
    queryKey: ["meeting", id],
    queryFn: () => unwrap(api.GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: id } } })),
  });
}
