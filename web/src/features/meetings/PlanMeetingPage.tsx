import { Button, Paragraph } from "@digdir/designsystemet-react";
import type { FormEvent } from "react";
import { useNavigate } from "react-router";
import { FieldErrorSummary } from "@/components/FieldErrorSummary";
import { SelectInput, TextInput } from "@/components/FormFields";
import { ErrorMessage, PageHeading } from "@/components/Status";
import { useBodies } from "@/lib/bodies";
import { formText } from "@/lib/forms";
import { holdsOn, useMe } from "@/lib/me";
import { ApiError } from "@/lib/problem";
import { usePlanMeeting } from "./api";
import { osloInstant } from "@/lib/format";

const FIELD_NAMES: Record<string, string> = {
  body_id: "Organ",
  starts_at: "Dato og starttid",
  ends_at: "Slutter",
  location: "Sted",
  title: "Tittel",
};

export function PlanMeetingPage() {
  const bodies = useBodies();
  const mayRun = holdsOn(useMe().data, "meeting.run");
  const plan = usePlanMeeting();
  const navigate = useNavigate();
  const errors = plan.error instanceof ApiError ? plan.error.fieldErrors : {};
  const listed = Object.entries(errors).filter(([field]) => field in FIELD_NAMES);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event);
    const day = text("day");
    plan.mutate(
      {
        body_id: text("body_id"),
        // An empty date or time is sent as it is: the API names the field that lacks it.
        starts_at: day && text("starts_at") ? osloInstant(day, text("starts_at")) : "",
        ends_at: day && text("ends_at") ? osloInstant(day, text("ends_at")) : null,
        location: text("location") || null,
        title: text("title") || null,
      },
      { onSuccess: (created) => navigate(`/moter/${created.id}`) },
    );
  };

  return (
    <section className="stack narrow">
      <PageHeading title="Planlegg møte">Planlegg møte</PageHeading>
      <FieldErrorSummary heading="Rett opp dette før du planlegger møtet:" errors={listed} names={FIELD_NAMES} />
      {plan.error && listed.length === 0 && <ErrorMessage error={plan.error} />}
      <form className="stack" onSubmit={submit} noValidate>
        <SelectInput
          name="body_id"
          label="Organ som skal møtes"
          error={errors.body_id}
          choices={(bodies.data ?? [])
            .filter((body) => body.status !== "dissolved" && mayRun(body.id))
            .map((body) => ({ value: body.id, label: body.name }))}
        />
        <Paragraph data-size="sm">Alle tider er norsk tid (Europe/Oslo), med sommertid når den gjelder.</Paragraph>
        <div className="inline-form">
          <TextInput name="day" type="date" label="Dato" />
          <TextInput name="starts_at" type="time" label="Starter kl. (norsk tid)" error={errors.starts_at} />
          <TextInput name="ends_at" type="time" label="Slutter kl. (norsk tid)" error={errors.ends_at} />
        </div>
        <TextInput
          name="location"
          label="Sted"
          description="For eksempel adresse og møterom, eller videomøte."
          error={errors.location}
        />
        <TextInput name="title" label="Tittel (valgfri)" error={errors.title} />
        <div>
          <Button type="submit" disabled={plan.isPending}>
            {plan.isPending ? "Planlegger …" : "Planlegg møtet"}
          </Button>
        </div>
      </form>
    </section>
  );
}
