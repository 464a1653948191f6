import { Link } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";
import { Link as RouterLink } from "react-router";

/** A link inside the app, styled as Designsystemet's and followed without reloading the page. */
export function AppLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link asChild>
      <RouterLink to={to}>{children}</RouterLink>
    </Link>
  );
}
