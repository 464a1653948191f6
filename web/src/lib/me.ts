// Who is signed in (`GET /api/v1/me`): every part of the app reads it from here.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./api";
import { ME_KEY } from "./query";

export type Me = Schemas["MeOut"];

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: () => unwrap(api.GET("/api/v1/me")), staleTime: 60_000 });
}

/** Whether the policy table gives the person this permission anywhere (globally or on some body). */
export function holds(me: Me | undefined, permission: string): boolean {
  if (!me) return false;
  return (
    me.global_permissions.includes(permission) || me.permissions.some((body) => body.permissions.includes(permission))
  );
}

/** The bodies on which the person holds the permission: every body when it is held globally. */
export function holdsOn(me: Me | undefined, permission: string): (bodyId: string) => boolean {
  if (me?.global_permissions.includes(permission)) return () => true;
  const bodies = new Set(
    (me?.permissions ?? []).filter((body) => body.permissions.includes(permission)).map((body) => body.body_id),
  );
  return (bodyId) => bodies.has(bodyId);
}
