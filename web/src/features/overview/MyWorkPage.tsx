import { Card, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useState, type ReactNode } from "react";
import { AppLink } from "@/components/AppLink";
import { ErrorMessage, Loading, PageHeading, QueryResult, RuleList } from "@/components/Status";
import { bodyName, useBodies } from "@/lib/bodies";
import { formatDate, formatDateTime } from "@/lib/format";
import { label } from "@/lib/labels";
import { holds, useMe } from "@/lib/me";
import { useCompliance, useDeadlines, useOpenFollowUps, useUpcomingMeetings, useWaitingCases } from "./api";

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card data-color="neutral" className="panel" aria-labelledby={id} role="region">
      <Heading level={2} data-size="xs" id={id}>
        {title}
      </Heading>
      {children}
    </Card>
  );
}

function Pending({ state, children }: { state: { isPending: boolean; error: unknown }; children: ReactNode }) {
  if (state.isPending) return <Loading />;
  if (state.error) return <ErrorMessage error={state.error} />;
  return <>{children}</>;
}

function Meetings({ bodyIds }: { bodyIds: string[] }) {
  const upcoming = useUpcomingMeetings(bodyIds);
  const bodies = useBodies();
  return (
    <Panel id="moter" title="Kommende møter">
      <Pending state={upcoming}>
        {upcoming.meetings.length === 0 ? (
          <Paragraph>Ingen møter er satt opp for organene dine.</Paragraph>
        ) : (
          <ul>
            {upcoming.meetings.slice(0, 8).map((meeting) => (
              <li key={meeting.id}>
                {formatDateTime(meeting.starts_at)}:{" "}
                <AppLink to={`/moter/${meeting.id}`}>{meeting.title ?? `Møte ${meeting.number}`}</AppLink>,{" "}
                {bodyName(bodies.data, meeting.body_id)} ({meeting.status_label_nb})
              </li>
            ))}
          </ul>
        )}
      </Pending>
    </Panel>
  );
}

function WaitingCases() {
  const waiting = useWaitingCases();
  return (
    <Panel id="saker-venter" title="Saker som venter">
      <Pending state={waiting}>
        <ul>
          {waiting.counts.map(({ status, count, more }) => (
            <li key={status}>
              <AppLink to={`/saker?status=${status}`}>
                {label("caseStatus", status)}: {count}
                {more ? "+" : ""} {count === 1 ? "sak" : "saker"}
              </AppLink>
            </li>
          ))}
        </ul>
      </Pending>
    </Panel>
  );
}

function Deadlines({ bodyIds, everyone }: { bodyIds: string[]; everyone: boolean }) {
  const deadlines = useDeadlines(30);
  const [now] = useState(() => Date.now());
  return (
    <Panel id="frister" title="Frister for underutvalg (30 dager)">
      <QueryResult query={deadlines}>
        {(subcommittees) => {
          const due = subcommittees.filter(
            (body) =>
              everyone ||
              bodyIds.includes(body.id) ||
              (body.parent_body_id !== null && bodyIds.includes(body.parent_body_id)),
          );
          return due.length === 0 ? (
            <Paragraph>Ingen frister de neste 30 dagene.</Paragraph>
          ) : (
            <ul>
              {due.map((body) => (
                <li key={body.id}>
                  <AppLink to={`/underutvalg/${body.id}`}>{body.name}</AppLink>: {formatDate(body.deadline)}
                  {Date.parse(body.deadline ?? "") < now ? " – fristen er passert" : ""}
                </li>
              ))}
            </ul>
          );
        }}
      </QueryResult>
    </Panel>
  );
}

function FollowUps() {
  const followUps = useOpenFollowUps();
  return (
    <Panel id="oppfolging" title="Vedtak som følges opp">
      <Pending state={followUps}>
        {followUps.decisions.length === 0 ? (
          <Paragraph>Ingen vedtak venter på oppfølging.</Paragraph>
        ) : (
          <ul>
            {followUps.decisions.slice(0, 8).map((decision) => (
              <li key={decision.id}>
                {followUps.overdue.some((late) => late.id === decision.id) && (
                  <>
                    <Tag data-size="sm" data-color="danger">
                      Forfalt
                    </Tag>{" "}
                  </>
                )}
                <AppLink to={`/vedtak/${decision.id}`}>{decision.text.slice(0, 120)}</AppLink> (
                {decision.follow_up_status_label_nb}, vedtatt {formatDate(decision.decided_at)}
                {decision.follow_up_due && `, frist ${formatDate(decision.follow_up_due)}`})
              </li>
            ))}
          </ul>
        )}
      </Pending>
    </Panel>
  );
}

function Findings() {
  const compliance = useCompliance(true);
  return (
    <Panel id="etterlevelse" title="Funn i etterlevelsen">
      <QueryResult query={compliance} what="Kontrollerer reglene">
        {(report) =>
          report.findings.length === 0 ? (
            <Paragraph>Ingen funn: reglene holder.</Paragraph>
          ) : (
            <RuleList rules={report.findings} />
          )
        }
      </QueryResult>
    </Panel>
  );
}

/** The landing page: what waits for the person's bodies. */
export function MyWorkPage() {
  const me = useMe();
  return (
    <section className="stack">
      <PageHeading title="Mitt arbeid">Mitt arbeid</PageHeading>
      <QueryResult query={me}>
        {(person) => {
          const bodyIds = person.seats.map((seat) => seat.body_id);
          const everyone = person.kind === "secretariat";
          return (
            <div className="panels">
              <Meetings bodyIds={bodyIds} />
              <WaitingCases />
              <Deadlines bodyIds={bodyIds} everyone={everyone} />
              {holds(person, "decision.follow_up") && <FollowUps />}
              {holds(person, "compliance.read") && <Findings />}
            </div>
          );
        }}
      </QueryResult>
    </section>
  );
}
