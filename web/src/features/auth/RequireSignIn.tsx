import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { ErrorMessage, Loading } from "@/components/Status";
import { ApiError } from "@/lib/problem";
import { useMe } from "./api";

/** The signed-in part of the app: who is not signed in goes to sign-in, and comes back here after. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading what="Sjekker innloggingen" />;
  if (me.error instanceof ApiError && me.error.status === 401) {
    const back = `/arbeid${location.pathname}${location.search}`;
    return <Navigate to={`/logg-inn?neste=${encodeURIComponent(back)}`} replace />;
  }
  if (me.error) return <ErrorMessage error={me.error} onReload={() => me.refetch()} />;
  return <>{children}</>;
}
