import { useQueries, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap, type Schemas } from "@/lib/api";
import { osloDay } from "@/lib/format";

export type CaseStatus = Schemas["CaseStatus"];
// The states in which a case waits for its body: to be prepared, prepared and not yet on an agenda, returned.
export const WAITING: CaseStatus[] = ["registered", "in_preparation", "prepared", "returned"];

/** The coming meetings of the person's bodies, soonest first: the API filters, so a body's archive is not read. */
export function useUpcomingMeetings(bodyIds: string[]) {
  const today = osloDay();
  return useQueries({
    queries: bodyIds.map((bodyId) => ({
      queryKey: ["meetings", bodyId, "upcoming", today],
      queryFn: () =>
        unwrap(
          api.GET("/api/v1/meetings", {
            params: { query: { body_id: bodyId, status: "planned,convened", from: today, limit: 20 } },
          }),
        ),
    })),
    combine: (results) => {
      const now = Date.now();
      const meetings = results
        .flatMap((result) => result.data?.items ?? [])
        .filter((meeting) => Date.parse(meeting.starts_at) >= now) // not those earlier today
        .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
      return {
        meetings,
        isPending: results.some((r) => r.isPending),
        error: results.find((r) => r.error)?.error ?? null,
      };
    },
  });
}

/** How many cases wait in each state, among those the person may read (the API decides which). */
export function useWaitingCases() {
  return useQueries({
    queries: WAITING.map((status) => ({
      queryKey: ["cases", { status }, null],
      queryFn: () => unwrap(api.GET("/api/v1/cases", { params: { query: { status, limit: 200 } } })),
    })),
    combine: (results) => ({
      counts: WAITING.map((status, index) => {
        const page = results[index]?.data;
        return { status, count: page?.items.length ?? 0, more: Boolean(page?.next_cursor) };
      }),
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error ?? null,
    }),
  });
}

/** The forum's decisions whose follow-up is not done: first those past their due date (the API judges
 * that in Norwegian time), then the rest, each decision once. */
export function useOpenFollowUps() {
  return useQueries({
    queries: [
      { follow_up_status: undefined, overdue: true },
      { follow_up_status: "open" as const, overdue: undefined },
      { follow_up_status: "in_progress" as const, overdue: undefined },
    ].map((query) => ({
      queryKey: ["decisions", query],
      queryFn: () => unwrap(api.GET("/api/v1/decisions", { params: { query: { ...query, limit: 50 } } })),
    })),
    combine: (results) => {
      const [overdue, ...open] = results.map((r) => r.data?.items ?? []);
      const late = new Set((overdue ?? []).map((d) => d.id));
      return {
        overdue: overdue ?? [],
        decisions: [...(overdue ?? []), ...open.flat().filter((d) => !late.has(d.id))],
        isPending: results.some((r) => r.isPending),
        error: results.find((r) => r.error)?.error ?? null,
      };
    },
  });
}

/** Active subcommittees whose deadline falls within the next `days` days or has passed, the first due
 * first: the API filters and sorts (deadline_before, sort=deadline). */
export function useDeadlines(days: number) {
  // Fixed when the page opens, as the page's other «now»s are.
  const [before] = useState(() => osloDay(new Date(Date.now() + (days + 1) * 24 * 60 * 60 * 1000)));
  return useQuery({
    queryKey: ["subcommittees", "deadlines", before],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/subcommittees", {
          params: { query: { status: "active", deadline_before: before, sort: "deadline", limit: 50 } },
        }),
      ),
    select: (page) => page.items,
  });
}

export function useCompliance(enabled: boolean) {
  return useQuery({ queryKey: ["compliance"], queryFn: () => unwrap(api.GET("/api/v1/compliance")), enabled });
}
