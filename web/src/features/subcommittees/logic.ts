import { osloDay } from "@/lib/format";

// The roles a subcommittee seat has (MembershipRole), as the secretariat names them.
export const ROLE: Record<string, string> = {
  chair: "leder",
  member: "medlem",
  deputy: "vara",
  secretary: "sekretær",
};

/** The seats held today: one ended before today is history, not a member. */
export function currentMembers<T extends { end_date: string | null }>(members: T[], today: string = osloDay()): T[] {
  return members.filter((member) => member.end_date === null || member.end_date >= today);
}
