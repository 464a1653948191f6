import { Button } from "@digdir/designsystemet-react";
import type { FormEvent } from "react";
import { useNavigate } from "react-router";
import { FieldErrorSummary } from "@/components/FieldErrorSummary";
import { SelectInput, TextInput } from "@/components/FormFields";
import { ErrorMessage, PageHeading } from "@/components/Status";
import { formText } from "@/lib/forms";
import { ApiError } from "@/lib/problem";
import { useBodies } from "@/lib/bodies";
import { options } from "@/lib/labels";
import { holdsOn, useMe } from "@/lib/me";
import { useRegisterCase, type CaseKind } from "./api";

const FIELD_NAMES: Record<string, string> = {
  owner_body_id: "Organ",
  title: "Tittel",
  kind: "Type sak",
  summary: "Sammendrag",
  strategic_rationale: "Strategisk begrunnelse",
};

export function RegisterCasePage() {
  const bodies = useBodies();
  const mayWrite = holdsOn(useMe().data, "work.write");
  const register = useRegisterCase();
  const navigate = useNavigate();
  const errors = register.error instanceof ApiError ? register.error.fieldErrors : {};
  const listed = Object.entries(errors).filter(([field]) => field in FIELD_NAMES);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event);
    register.mutate(
      {
        owner_body_id: text("owner_body_id"),
        title: text("title"),
        kind: text("kind") as CaseKind,
        summary: text("summary") || null,
        strategic_rationale: text("strategic_rationale") || null,
      },
      { onSuccess: (created) => navigate(`/saker/${created.id}`) },
    );
  };

  return (
    <section className="stack narrow">
      <PageHeading title="Registrer sak">Registrer sak</PageHeading>
      <FieldErrorSummary heading="Rett opp dette før du registrerer saken:" errors={listed} names={FIELD_NAMES} />
      {register.error && listed.length === 0 && <ErrorMessage error={register.error} />}
      <form className="stack" onSubmit={submit} noValidate>
        <SelectInput
          name="owner_body_id"
          label="Organ som eier saken"
          error={errors.owner_body_id}
          choices={(bodies.data ?? [])
            .filter((body) => mayWrite(body.id))
            .map((body) => ({ value: body.id, label: body.name }))}
        />
        <TextInput name="title" label="Tittel" error={errors.title} />
        <SelectInput name="kind" label="Type sak" error={errors.kind} choices={options("caseKind")} />
        <TextInput name="summary" label="Sammendrag" error={errors.summary} multiline />
        <TextInput
          name="strategic_rationale"
          label="Strategisk begrunnelse"
          description="Hvorfor saken hører hjemme i samordningen. Kreves før saken kan meldes ferdig forberedt."
          error={errors.strategic_rationale}
          multiline
        />
        <div>
          <Button type="submit" disabled={register.isPending}>
            {register.isPending ? "Registrerer …" : "Registrer sak"}
          </Button>
        </div>
      </form>
    </section>
  );
}
