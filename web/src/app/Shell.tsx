import { Button, Paragraph, SkipLink } from "@digdir/designsystemet-react";
import { useEffect, useRef } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { DemoBanner, RequireSignIn, useMe, useSignOut } from "@/features/auth";
import { ErrorMessage } from "@/components/Status";
import { holds } from "@/lib/me";

// An entry with grants shows only to who holds one of them somewhere (the registers and the
// secretariat's tools; Registre is the AU's too, for its subcommittees' memberships).
const NAV: { to: string; label: string; end: boolean; grants?: string[] }[] = [
  { to: "/", label: "Mitt arbeid", end: true },
  { to: "/saker", label: "Saker", end: false },
  { to: "/moter", label: "Møter", end: false },
  { to: "/vedtak", label: "Vedtak", end: false },
  { to: "/underutvalg", label: "Underutvalg", end: false },
  { to: "/arsplaner", label: "Årsplaner", end: false },
  { to: "/dokumenter", label: "Dokumenter", end: false },
  {
    to: "/registre",
    label: "Registre",
    end: false,
    grants: ["person.register", "organization.write", "membership.manage"],
  },
  { to: "/varsler", label: "Varsler", end: false },
  { to: "/samsvar", label: "Samsvar", end: false, grants: ["compliance.read"] },
  { to: "/revisjonslogg", label: "Revisjonslogg", end: false, grants: ["audit.read"] },
  { to: "/webhooker", label: "Webhooker", end: false, grants: ["webhook.read"] },
  { to: "/mine-okter", label: "Mine økter", end: false, grants: ["session.read"] },
];

function Navigation() {
  const me = useMe();
  const shown = NAV.filter((item) => !item.grants || item.grants.some((grant) => holds(me.data, grant)));
  return (
    <nav aria-label="Hovedmeny" className="nav">
      <ul>
        {shown.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.end}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Person() {
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  if (!me.data) return null;
  const seats = me.data.seats.map((seat) => `${seat.role_label_nb}, ${seat.body_name}`);
  return (
    <div className="person">
      <div>
        <Paragraph data-size="sm" className="person-name">
          {me.data.name}
        </Paragraph>
        {seats.length > 0 && (
          <Paragraph data-size="xs" className="person-seats">
            {seats.join(" · ")}
          </Paragraph>
        )}
      </div>
      <Button
        variant="secondary"
        data-size="sm"
        disabled={signOut.isPending}
        onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate("/logg-inn") })}
      >
        Logg ut
      </Button>
      {signOut.error && <ErrorMessage error={signOut.error} />}
    </div>
  );
}

// After a move to another page, focus goes to its content, as after a page load: a screen reader
// reads the new page and the next Tab starts there.
function useFocusOnNavigation() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById("innhold")?.focus();
  }, [pathname]);
}

/** Every page's frame: skip link, demo warning, who is signed in, navigation, the page. */
export function Shell({ signedIn }: { signedIn: boolean }) {
  useFocusOnNavigation();
  return (
    <>
      <SkipLink href="#innhold">Hopp til hovedinnhold</SkipLink>
      <DemoBanner />
      <header className="header">
        <div className="header-inner">
          <a className="brand" href="/arbeid/">
            Arbeidsflaten <span className="brand-sub">I trygge hender 24-7</span>
          </a>
          {signedIn && <Person />}
        </div>
        {signedIn && <Navigation />}
      </header>
      <main id="innhold" tabIndex={-1} className="main">
        {signedIn ? (
          <RequireSignIn>
            <Outlet />
          </RequireSignIn>
        ) : (
          <Outlet />
        )}
      </main>
    </>
  );
}
