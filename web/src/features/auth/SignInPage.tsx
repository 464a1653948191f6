import { Button, Card, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { useNavigate, useSearchParams } from "react-router";
import { ErrorMessage, PageHeading, QueryResult } from "@/components/Status";
import { useDemoSignIn, useSignInOptions } from "./api";

/** Where to go after signing in: only a path of this app, else its front page. */
export function returnPath(next: string | null): string {
  return next && next.startsWith("/arbeid/") && !next.startsWith("//") ? next : "/arbeid/";
}

export function SignInPage() {
  const [params] = useSearchParams();
  const next = returnPath(params.get("neste"));
  const options = useSignInOptions();
  const signIn = useDemoSignIn();
  const navigate = useNavigate();

  return (
    <section className="stack">
      <PageHeading title="Logg inn">Logg inn i arbeidsflaten</PageHeading>
      <Paragraph>
        Arbeidsflaten er for sekretariatet, Arbeidsutvalget, underutvalgene og Topplederforumet. Det du ser og kan
        gjøre, følger av vervene dine.
      </Paragraph>
      <QueryResult query={options} what="Henter innloggingsvalg">
        {(data) => (
          <>
            {data.oidc && data.login_url && (
              <Button asChild>
                <a href={`${data.login_url}?next=${encodeURIComponent(next)}`}>Logg inn</a>
              </Button>
            )}
            {!data.oidc && !data.demo && (
              <Paragraph>Innlogging er ikke satt opp for denne tjenesten. Kontakt sekretariatet.</Paragraph>
            )}
            {data.demo && (
              <section className="stack" aria-labelledby="demo-personer">
                <Heading level={2} data-size="md" id="demo-personer">
                  Logg inn som en demoperson
                </Heading>
                <Paragraph>Hver person har sine verv. Prøv flere for å se hva hvert verv gir tilgang til.</Paragraph>
                {signIn.error && <ErrorMessage error={signIn.error} />}
                <ul className="cards">
                  {data.demo_persons.map((person) => (
                    <li key={person.person_id}>
                      <Card data-color="neutral">
                        <Heading level={3} data-size="xs">
                          {person.name}
                        </Heading>
                        {person.organization && <Paragraph data-size="sm">{person.organization}</Paragraph>}
                        <ul className="seats">
                          {person.seats_nb.map((seat) => (
                            <li key={seat}>{seat}</li>
                          ))}
                        </ul>
                        <Button
                          variant="secondary"
                          disabled={signIn.isPending}
                          aria-label={`Logg inn som ${person.name}`}
                          onClick={() =>
                            signIn.mutate(person.person_id, {
                              onSuccess: () => navigate(next.replace(/^\/arbeid/, "")),
                            })
                          }
                        >
                          Logg inn som {person.name.split(" ")[0]}
                        </Button>
                      </Card>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}
      </QueryResult>
      <Paragraph data-size="sm">
        <Link href="/">Til det offentlige nettstedet</Link>
      </Paragraph>
    </section>
  );
}
