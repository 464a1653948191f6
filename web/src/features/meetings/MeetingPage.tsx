import { Alert, Link, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useParams } from "react-router";
import { AppLink } from "@/components/AppLink";
import { FactList } from "@/components/FactList";
import { Section } from "@/components/Section";
import { PageHeading, QueryResult } from "@/components/Status";
import { Transitions } from "@/components/Transitions";
import { bodyName, useBodies } from "@/lib/bodies";
import { formatDateTime } from "@/lib/format";
import { useMeeting, type Meeting } from "./api";
import { Agenda } from "./AgendaBuilder";
import { meetingPapers } from "./logic";
import { meetingName } from "./MeetingTable";
import { Minutes } from "./Minutes";

function Facts({ meeting }: { meeting: Meeting }) {
  const bodies = useBodies();
  const facts: [string, string][] = [
    ["Organ", bodyName(bodies.data, meeting.body_id)],
    ["Møtenummer", String(meeting.number)],
    ["Starter (norsk tid)", formatDateTime(meeting.starts_at)],
    ["Slutter (norsk tid)", formatDateTime(meeting.ends_at)],
    ["Sted", meeting.location ?? "Ikke oppgitt"],
  ];
  if (meeting.convened_at) facts.push(["Innkalt", formatDateTime(meeting.convened_at)]);
  if (meeting.held_at) facts.push(["Avsluttet", formatDateTime(meeting.held_at)]);
  if (meeting.minutes_approved_at) facts.push(["Referat godkjent", formatDateTime(meeting.minutes_approved_at)]);
  return (
    <Section id="fakta" title="Fakta">
      <FactList items={facts} />
    </Section>
  );
}

function Papers({ meeting }: { meeting: Meeting }) {
  const papers = meetingPapers(meeting);
  if (papers.length === 0) return null;
  return (
    <Section id="motepapirer" title="Møtepapirer">
      <ul>
        {papers.map((paper) => (
          <li key={paper.href}>
            <Link href={paper.href}>{paper.label}</Link>
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function MeetingPage() {
  const { meetingId = "" } = useParams();
  const meeting = useMeeting(meetingId);
  const bodies = useBodies();
  return (
    <QueryResult query={meeting} what="Henter møtet">
      {(found) => (
        <article className="stack">
          <Paragraph data-size="sm">
            <AppLink to="/moter">Alle møter</AppLink>
          </Paragraph>
          <PageHeading title={meetingName(found, bodies.data)}>{meetingName(found, bodies.data)}</PageHeading>
          <div>
            <Tag>{found.status_label_nb}</Tag>
          </div>
          {found.status === "in_session" && (
            <Alert data-color="info">
              <Paragraph>
                Møtet pågår. <AppLink to={`/moter/${found.id}/mote`}>Før møtet sak for sak</AppLink>
              </Paragraph>
            </Alert>
          )}
          <div className="columns">
            <div className="stack">
              <Facts meeting={found} />
              <Papers meeting={found} />
              <Agenda meeting={found} />
              <Minutes meeting={found} />
            </div>
            <Transitions
              entity="meeting"
              id={found.id}
              alsoChanged={[["meetings"], ["cases"]]}
              empty="Møtet kan ikke flyttes videre herfra."
            />
          </div>
        </article>
      )}
    </QueryResult>
  );
}
