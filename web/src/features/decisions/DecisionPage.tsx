import { Button, Link, Paragraph, Tag } from "@digdir/designsystemet-react";
import type { FormEvent } from "react";
import { useParams } from "react-router";
import { AppLink } from "@/components/AppLink";
import { SelectInput, TextInput } from "@/components/FormFields";
import { Section } from "@/components/Section";
import { ErrorMessage, PageHeading, QueryResult } from "@/components/Status";
import { Transitions } from "@/components/Transitions";
import { bodyName, useBodies } from "@/lib/bodies";
import { formatDate, formatDateTime } from "@/lib/format";
import { formText } from "@/lib/forms";
import { label } from "@/lib/labels";
import { useMeeting } from "@/lib/meetings";
import { ApiError } from "@/lib/problem";
import { useDecision, useReloadDecision, useUpdateFollowUp, type Decision } from "./api";

// Who may be made responsible: the AU or one of its subcommittees (decision.follow_up.by_working_committee).
const FOLLOWS_UP = ["working_committee", "subcommittee"];

/** The meeting that decided, and the website's page of it once its minutes are approved (and the
 * decision with them published). */
function Where({ decision }: { decision: Decision }) {
  const meeting = useMeeting(decision.meeting_id);
  const bodies = useBodies();
  const found = meeting.data;
  return (
    <ul>
      <li>
        Saken: <AppLink to={`/saker/${decision.case_id}`}>{`${decision.case_number} ${decision.case_title}`}</AppLink>
      </li>
      <li>
        Møtet:{" "}
        <AppLink to={`/moter/${decision.meeting_id}`}>
          {found ? `Møte ${found.number} i ${bodyName(bodies.data, found.body_id)}` : "Møtet"}
        </AppLink>
      </li>
      {found?.status === "minutes_approved" && (
        <li>
          Offentlig: <Link href={`/moter/${decision.meeting_id}`}>møtet med vedtaket på nettstedet</Link>
        </li>
      )}
    </ul>
  );
}

/** The form is drawn afresh for each version read (after a save, or a reload after someone else's
 * change); the save's outcome stays beside it. */
function FollowUp({ decision }: { decision: Decision }) {
  const update = useUpdateFollowUp(decision.id);
  const reload = useReloadDecision(decision.id);
  const errors = update.error instanceof ApiError ? update.error.fieldErrors : {};
  return (
    <>
      <FollowUpForm key={decision.version} decision={decision} update={update} />
      {update.error && Object.keys(errors).length === 0 && (
        <ErrorMessage error={update.error} onReload={() => void reload()} />
      )}
      {update.isSuccess && <Paragraph role="status">Oppfølgingen er lagret.</Paragraph>}
    </>
  );
}

function FollowUpForm({ decision, update }: { decision: Decision; update: ReturnType<typeof useUpdateFollowUp> }) {
  const bodies = useBodies();
  const errors = update.error instanceof ApiError ? update.error.fieldErrors : {};
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event);
    update.mutate({
      follow_up_note: text("follow_up_note") || null,
      responsible_body_id: text("responsible_body_id") || null,
      follow_up_due: text("follow_up_due") || null,
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Oppfølging">
      <SelectInput
        name="responsible_body_id"
        label="Ansvarlig for oppfølgingen"
        error={errors.responsible_body_id}
        defaultValue={decision.responsible_body_id ?? ""}
        description="Arbeidsutvalget eller et av underutvalgene: Arbeidsutvalget følger opp forumets vedtak."
        choices={(bodies.data ?? [])
          .filter((body) => FOLLOWS_UP.includes(body.kind) && body.status !== "dissolved")
          .map((body) => ({ value: body.id, label: body.name }))}
      />
      <TextInput
        name="follow_up_due"
        label="Frist for oppfølgingen"
        type="date"
        error={errors.follow_up_due}
        defaultValue={decision.follow_up_due}
        description="Når fristen er passert og oppfølgingen ikke er gjennomført, vises vedtaket som forfalt."
      />
      <TextInput
        name="follow_up_note"
        label="Notat om oppfølgingen"
        error={errors.follow_up_note}
        defaultValue={decision.follow_up_note}
        multiline
      />
      <div>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Lagrer …" : "Lagre oppfølgingen"}
        </Button>
      </div>
    </form>
  );
}

export function DecisionPage() {
  const { decisionId = "" } = useParams();
  const decision = useDecision(decisionId);
  const bodies = useBodies();
  return (
    <QueryResult query={decision} what="Henter vedtaket">
      {(found) => (
        <article className="stack">
          <Paragraph data-size="sm">
            <AppLink to="/vedtak">Alle vedtak</AppLink>
          </Paragraph>
          <PageHeading title={`Vedtak i sak ${found.case_number}`}>
            Vedtak i sak {found.case_number} {found.case_title}
          </PageHeading>
          <div className="tags">
            <Tag>{label("decisionKind", found.kind)}</Tag>
            <Tag data-color="info">{found.follow_up_status_label_nb}</Tag>
          </div>
          <div className="columns">
            <div className="stack">
              <Section id="vedtaket" title="Vedtaket">
                <Paragraph className="prewrap">{found.text}</Paragraph>
                <Paragraph data-size="sm">Vedtatt {formatDateTime(found.decided_at)}.</Paragraph>
                <Where decision={found} />
              </Section>
              <Section id="oppfolging" title="Oppfølging">
                <dl className="facts">
                  <div>
                    <dt>Status</dt>
                    <dd>{found.follow_up_status_label_nb}</dd>
                  </div>
                  <div>
                    <dt>Ansvarlig</dt>
                    <dd>
                      {found.responsible_body_id ? bodyName(bodies.data, found.responsible_body_id) : "Ikke satt"}
                    </dd>
                  </div>
                  <div>
                    <dt>Frist</dt>
                    <dd>{found.follow_up_due ? formatDate(found.follow_up_due) : "Ingen frist"}</dd>
                  </div>
                  <div>
                    <dt>Sist endret</dt>
                    <dd>{formatDate(found.updated_at)}</dd>
                  </div>
                </dl>
                {found.can.includes("update") ? (
                  <FollowUp decision={found} />
                ) : (
                  <Paragraph className="prewrap">{found.follow_up_note ?? "Ingen notat."}</Paragraph>
                )}
              </Section>
            </div>
            <Transitions
              entity="decision"
              id={found.id}
              alsoChanged={[["decisions"]]}
              empty="Oppfølgingen er avsluttet."
            />
          </div>
        </article>
      )}
    </QueryResult>
  );
}
