// The bodies (forum, AU, subcommittees): names for ids, and choices in forms and filters.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./api";

export type Body = Schemas["BodyOut"];

export function useBodies() {
  return useQuery({
    queryKey: ["bodies"],
    queryFn: () => unwrap(api.GET("/api/v1/bodies", { params: { query: { limit: 200 } } })),
    select: (page) => page.items,
    staleTime: 5 * 60_000,
  });
}

export function bodyName(bodies: Body[] | undefined, id: string | null | undefined): string {
  if (!id) return "–";
  return bodies?.find((body) => body.id === id)?.name ?? "Ukjent organ";
}

/** The bodies as the choices of a filter or a select. */
export function bodyChoices(bodies: Body[] | undefined): { value: string; label: string }[] {
  return (bodies ?? []).map((body) => ({ value: body.id, label: body.name }));
}
