import { Alert, Button, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useEffect, useState, type FormEvent } from "react";
import { useParams } from "react-router";
import { AppLink } from "@/components/AppLink";
import { FieldErrorSummary } from "@/components/FieldErrorSummary";
import { SelectInput, TextInput } from "@/components/FormFields";
import { Section } from "@/components/Section";
import { ErrorMessage, PageHeading, QueryResult, RuleList } from "@/components/Status";
import { TransitionList } from "@/components/Transitions";
import { useBodies } from "@/lib/bodies";
import { formText } from "@/lib/forms";
import { label, options } from "@/lib/labels";
import { ApiError } from "@/lib/problem";
import {
  useAgenda,
  useCase,
  useMeeting,
  useRecordDecision,
  useRules,
  type AgendaItem,
  type DecisionKind,
  type Meeting,
} from "./api";
import { nextItem } from "./logic";
import { meetingName } from "./MeetingTable";
import { Minutes } from "./Minutes";

// What the API checks when the forum's decision is recorded (app/decisions/service.py), shown before.
const DECISION_RULES = [
  "forum.decision.requires_agenda_item",
  "forum.decision.requires_meeting_in_session",
  "decision.one_per_case",
];
// A change in the forum's composition names the agency it admits: the registers' work (issue 23, item 6).
const KINDS = options("decisionKind").filter((kind) => kind.value !== "membership_change");
const FIELD_NAMES: Record<string, string> = { kind: "Type vedtak", text: "Vedtakstekst" };

function DecisionForm({ meetingId, item }: { meetingId: string; item: AgendaItem }) {
  const record = useRecordDecision(meetingId);
  const rules = useRules();
  const errors = record.error instanceof ApiError ? record.error.fieldErrors : {};
  const listed = Object.entries(errors).filter(([field]) => field in FIELD_NAMES);
  const shown = DECISION_RULES.flatMap((id) => {
    const rule = rules.data?.get(id);
    return rule ? [{ rule: rule.id, message_nb: rule.message_nb, citation: rule.citation }] : [];
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event);
    record.mutate({ case_id: item.case_id, kind: text("kind") as DecisionKind, text: text("text") });
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={`Vedtak i sak ${item.case_number}`}>
      <Heading level={3} data-size="xs">
        Før vedtaket
      </Heading>
      <FieldErrorSummary heading="Rett opp dette før du fører vedtaket:" errors={listed} names={FIELD_NAMES} />
      {record.error && listed.length === 0 && <ErrorMessage error={record.error} />}
      <SelectInput name="kind" label="Type vedtak" error={errors.kind} choices={KINDS} />
      <TextInput name="text" label="Vedtakstekst" error={errors.text} multiline />
      {shown.length > 0 && (
        <div className="blocked">
          <Paragraph data-size="sm">Reglene for vedtaket:</Paragraph>
          <RuleList rules={shown} />
        </div>
      )}
      <div>
        <Button type="submit" disabled={record.isPending}>
          {record.isPending ? "Fører vedtaket …" : "Før vedtaket"}
        </Button>
      </div>
    </form>
  );
}

/** The item the meeting deals with now: the case, and the one thing done with it — a decision (forum
 * meetings), sent back to the AU with the reason, or noted (information cases). */
function CurrentItem({ meeting, item, forum }: { meeting: Meeting; item: AgendaItem; forum: boolean }) {
  const found = useCase(item.case_id);
  useEffect(() => {
    document.getElementById("denne-saken")?.focus();
  }, [item.id]);
  const decides = forum && item.case_kind !== "information" && meeting.can.includes("record_decision");
  return (
    <section className="stack current-item" aria-labelledby="denne-saken">
      <Heading level={2} data-size="sm" id="denne-saken" tabIndex={-1}>
        Punkt {item.position}: sak {item.case_number} {item.case_title}
      </Heading>
      <QueryResult query={found} what="Henter saken">
        {(current) => (
          <Paragraph className="prewrap">
            {label("caseKind", current.kind)}. {current.summary ?? ""}
          </Paragraph>
        )}
      </QueryResult>
      <div className="columns">
        {decides ? (
          <DecisionForm meetingId={meeting.id} item={item} />
        ) : (
          <Paragraph>
            {forum ? "Orienteringssaker tas til orientering." : "Bare Topplederforumet fører vedtak."}
          </Paragraph>
        )}
        {found.data && (
          <div className="stack">
            <Heading level={3} data-size="xs">
              Uten vedtak
            </Heading>
            <TransitionList
              entity="case"
              id={item.case_id}
              only={["return", "note"]}
              alsoChanged={[["meeting", meeting.id]]}
              empty="Saken kan verken sendes tilbake eller tas til orientering nå."
            />
          </div>
        )}
      </div>
    </section>
  );
}

function Session({ meeting }: { meeting: Meeting }) {
  const agenda = useAgenda(meeting.id);
  const bodies = useBodies();
  const [confirmClose, setConfirmClose] = useState(false);
  const forum = bodies.data?.find((body) => body.id === meeting.body_id)?.kind === "top_leaders_forum";
  return (
    <QueryResult query={agenda} what="Henter sakslisten">
      {(items) => {
        const current = nextItem(items);
        return (
          <>
            <Section id="saksliste" title="Saksliste">
              <ol className="agenda">
                {items.map((item) => (
                  <li key={item.id} aria-current={item.id === current?.id ? "step" : undefined}>
                    Sak {item.case_number} {item.case_title}{" "}
                    {item.outcome ? (
                      <Tag data-size="sm">{label("agendaOutcome", item.outcome)}</Tag>
                    ) : item.id === current?.id ? (
                      <Tag data-size="sm" data-color="info">
                        Behandles nå
                      </Tag>
                    ) : null}
                  </li>
                ))}
              </ol>
            </Section>
            {current ? (
              <CurrentItem key={current.id} meeting={meeting} item={current} forum={forum} />
            ) : (
              <Alert data-color="success">
                <Paragraph>Alle sakene på sakslisten er behandlet.</Paragraph>
              </Alert>
            )}
            <Section id="avslutt" title="Avslutt møtet">
              {current && !confirmClose ? (
                <div>
                  <Paragraph>Noen saker er ikke behandlet ennå.</Paragraph>
                  <Button variant="secondary" onClick={() => setConfirmClose(true)}>
                    Vis avslutning likevel
                  </Button>
                </div>
              ) : (
                <TransitionList
                  entity="meeting"
                  id={meeting.id}
                  only={["close"]}
                  alsoChanged={[["meetings"]]}
                  empty="Møtet er avsluttet."
                />
              )}
            </Section>
            <Minutes meeting={meeting} />
          </>
        );
      }}
    </QueryResult>
  );
}

/** The meeting in session, for who keeps the minutes in the room: the agenda in order, one item at a time. */
export function SessionPage() {
  const { meetingId = "" } = useParams();
  const meeting = useMeeting(meetingId);
  const bodies = useBodies();
  return (
    <QueryResult query={meeting} what="Henter møtet">
      {(found) => (
        <article className="stack">
          <Paragraph data-size="sm">
            <AppLink to={`/moter/${found.id}`}>Tilbake til møtesiden</AppLink>
          </Paragraph>
          <PageHeading title={`Møtet pågår: ${meetingName(found, bodies.data)}`}>
            {meetingName(found, bodies.data)}
          </PageHeading>
          <div>
            <Tag>{found.status_label_nb}</Tag>
          </div>
          {found.status === "in_session" || found.status === "held" ? (
            <Session meeting={found} />
          ) : (
            <Paragraph>
              Møtet er ikke i gang. Det startes fra <AppLink to={`/moter/${found.id}`}>møtesiden</AppLink>.
            </Paragraph>
          )}
        </article>
      )}
    </QueryResult>
  );
}
