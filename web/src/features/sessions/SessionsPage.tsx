import { Button, Paragraph, Tag } from "@digdir/designsystemet-react";
import { Pager, useKeysetPages } from "@/components/ListControls";
import { ListTable } from "@/components/ListTable";
import { ErrorMessage, PageHeading, QueryResult } from "@/components/Status";
import { formatDateTime } from "@/lib/format";
import { label } from "@/lib/labels";
import { useEndSession, useOwnSessions, useSignOutOthers } from "./api";

/** Where the person is signed in: each browser's session, to end one left open or all but this one. */
export function SessionsPage() {
  const pages = useKeysetPages();
  const sessions = useOwnSessions(pages.cursor);
  const end = useEndSession();
  const others = useSignOutOthers();
  const error = end.error ?? others.error;
  const hasOthers = (sessions.data?.items ?? []).some((session) => !session.current) || pages.back !== null;
  return (
    <section className="stack">
      <PageHeading title="Mine økter">Mine økter</PageHeading>
      <Paragraph>
        Her er nettleserne du er logget inn i arbeidsflaten med nå. Avslutt en økt du ikke kjenner igjen, eller som står
        åpen på en maskin du ikke har for hånden.
      </Paragraph>
      {error && <ErrorMessage error={error} />}
      {others.data && (
        <Paragraph role="status">
          {others.data.ended === 1 ? "1 annen økt er avsluttet." : `${others.data.ended} andre økter er avsluttet.`}
        </Paragraph>
      )}
      {end.isSuccess && <Paragraph role="status">Økten er avsluttet.</Paragraph>}
      <QueryResult query={sessions} what="Henter øktene">
        {(page) => (
          <ListTable
            label="Økter"
            caption="Mine økter, nyeste først"
            rows={page.items}
            rowKey={(session) => session.id}
            empty="Du har ingen økter i arbeidsflaten (du er logget inn på annen måte)."
            columns={[
              {
                header: "Nettleser",
                cell: (session) => (
                  <>
                    {session.user_agent ?? "Ukjent nettleser"}{" "}
                    {session.current && (
                      <Tag data-size="sm" data-color="success">
                        Denne økten
                      </Tag>
                    )}
                  </>
                ),
              },
              { header: "Innlogging", cell: (session) => label("signInMethod", session.how) },
              { header: "Logget inn", cell: (session) => formatDateTime(session.created_at) },
              { header: "Sist brukt", cell: (session) => formatDateTime(session.last_seen_at) },
              {
                header: "Utløper",
                cell: (session) =>
                  formatDateTime(
                    Date.parse(session.idle_expires_at) < Date.parse(session.expires_at)
                      ? session.idle_expires_at
                      : session.expires_at,
                  ),
              },
              {
                header: "Avslutt",
                cell: (session) =>
                  session.current ? (
                    "Bruk «Logg ut»"
                  ) : (
                    <Button
                      variant="secondary"
                      data-size="sm"
                      disabled={end.isPending}
                      onClick={() => end.mutate(session.id)}
                      aria-label={`Avslutt økten fra ${formatDateTime(session.created_at)}`}
                    >
                      Avslutt
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={sessions.data?.next_cursor} />
      {hasOthers && (
        <div>
          <Button variant="secondary" disabled={others.isPending} onClick={() => others.mutate()}>
            Logg ut alle andre økter
          </Button>
        </div>
      )}
    </section>
  );
}
