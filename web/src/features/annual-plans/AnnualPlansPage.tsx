import { Button, Paragraph } from "@digdir/designsystemet-react";
import type { FormEvent } from "react";
import { AppLink } from "@/components/AppLink";
import { FieldErrorSummary } from "@/components/FieldErrorSummary";
import { SelectInput, TextInput } from "@/components/FormFields";
import { Section } from "@/components/Section";
import { ErrorMessage, PageHeading, QueryResult, RuleList } from "@/components/Status";
import { ListTable } from "@/components/ListTable";
import { useBodies } from "@/lib/bodies";
import { formatDate } from "@/lib/format";
import { formText } from "@/lib/forms";
import { holdsOn, useMe } from "@/lib/me";
import { ApiError } from "@/lib/problem";
import { useAdoptingDecisions, useAnnualPlans, usePlanDocuments, useRecordPlan, type AnnualPlan } from "./api";

const FIELD_NAMES: Record<string, string> = {
  adopted_by_decision_id: "Vedtak",
  year: "År",
  title: "Tittel",
  document_id: "Dokument",
};

function Plans({ plans }: { plans: AnnualPlan[] }) {
  return (
    <ListTable
      label="Årsplaner"
      caption="Årsplaner etter år"
      rows={plans}
      rowKey={(plan) => plan.id}
      empty="Ingen årsplaner er registrert ennå."
      columns={[
        { header: "År", cell: (plan) => plan.year },
        { header: "Årsplan", cell: (plan) => <AppLink to={`/dokumenter/${plan.document_id}`}>{plan.title}</AppLink> },
        {
          header: "Vedtatt",
          cell: (plan) => (
            <AppLink to={`/vedtak/${plan.adopted_by_decision_id}`}>{formatDate(plan.adopted_at)}</AppLink>
          ),
        },
      ]}
    />
  );
}

/** The plan the forum adopted, recorded from its decision: one plan a year. */
function RecordPlan({ plans, forumId }: { plans: AnnualPlan[]; forumId: string }) {
  const decisions = useAdoptingDecisions();
  const documents = usePlanDocuments(forumId);
  const record = useRecordPlan();
  const errors = record.error instanceof ApiError ? record.error.fieldErrors : {};
  const listed = Object.entries(errors).filter(([field]) => field in FIELD_NAMES);
  const warnings = record.data?.warnings ?? [];
  const recorded = new Set(plans.map((plan) => plan.adopted_by_decision_id));
  const filed = new Set(plans.map((plan) => plan.document_id));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = formText(event);
    record.mutate(
      {
        adopted_by_decision_id: text("adopted_by_decision_id"),
        year: Number(text("year")),
        title: text("title"),
        document_id: text("document_id"),
      },
      { onSuccess: () => form.reset() },
    );
  };

  return (
    <QueryResult query={decisions} what="Henter vedtak om årsplan">
      {(found) => {
        const open = found.filter((decision) => !recorded.has(decision.id));
        if (open.length === 0) return <Paragraph>Ingen vedtak om årsplan venter på å bli registrert.</Paragraph>;
        return (
          <>
            <FieldErrorSummary
              heading="Rett opp dette før du registrerer årsplanen:"
              errors={listed}
              names={FIELD_NAMES}
            />
            {record.error && listed.length === 0 && <ErrorMessage error={record.error} />}
            <form className="stack" onSubmit={submit} noValidate aria-label="Registrer årsplan">
              <SelectInput
                name="adopted_by_decision_id"
                label="Forumets vedtak"
                description="Vedtak om årsplan som ennå ikke er registrert."
                error={errors.adopted_by_decision_id}
                defaultValue={open[0]?.id}
                choices={open.map((decision) => ({
                  value: decision.id,
                  label: `${decision.case_number} ${decision.case_title} (${formatDate(decision.decided_at)})`,
                }))}
              />
              <TextInput
                name="year"
                label="År planen gjelder"
                error={errors.year}
                defaultValue={String(new Date().getFullYear() + 1)}
              />
              <TextInput name="title" label="Tittel" error={errors.title} />
              <SelectInput
                name="document_id"
                label="Plandokumentet"
                description="Et av Topplederforumets dokumenter av typen årsplan."
                error={errors.document_id}
                choices={(documents.data ?? [])
                  .filter((document) => !filed.has(document.id))
                  .map((document) => ({ value: document.id, label: document.title }))}
              />
              <div>
                <Button type="submit" disabled={record.isPending}>
                  {record.isPending ? "Registrerer …" : "Registrer årsplanen"}
                </Button>
              </div>
              {record.isSuccess && (
                <div role="status">
                  <Paragraph>Årsplanen er registrert.</Paragraph>
                  {warnings.length > 0 && <RuleList rules={warnings} />}
                </div>
              )}
            </form>
          </>
        );
      }}
    </QueryResult>
  );
}

export function AnnualPlansPage() {
  const plans = useAnnualPlans();
  const bodies = useBodies();
  const mayRecord = holdsOn(useMe().data, "annual_plan.record");
  const forum = bodies.data?.find((body) => body.kind === "top_leaders_forum");
  return (
    <section className="stack">
      <PageHeading title="Årsplaner">Årsplaner</PageHeading>
      <QueryResult query={plans} what="Henter årsplaner">
        {(found) => (
          <>
            <Plans plans={found} />
            {forum && mayRecord(forum.id) && (
              <Section id="registrer" title="Registrer vedtatt årsplan">
                <RecordPlan plans={found} forumId={forum.id} />
              </Section>
            )}
          </>
        )}
      </QueryResult>
    </section>
  );
}
