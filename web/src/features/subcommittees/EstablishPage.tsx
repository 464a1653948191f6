import { Button, Fieldset, Paragraph } from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { AppLink } from "@/components/AppLink";
import { FieldErrorSummary } from "@/components/FieldErrorSummary";
import { SelectInput, TextInput } from "@/components/FormFields";
import { ErrorMessage, PageHeading, QueryResult } from "@/components/Status";
import { useBodies } from "@/lib/bodies";
import { formatDate } from "@/lib/format";
import { formText } from "@/lib/forms";
import { options } from "@/lib/labels";
import { ApiError } from "@/lib/problem";
import type { Schemas } from "@/lib/api";
import { useEstablish, useEstablishingDecisions, usePersons, useUsedDecisions } from "./api";

const FIELD_NAMES: Record<string, string> = {
  decision_id: "Vedtak",
  name: "Navn",
  mandate: "Mandat",
  deadline: "Frist",
  support: "Støtte",
  chair: "Leder",
  "chair.person_id": "Leder",
  "chair.competence": "Lederens kompetanse",
  "chair.background": "Lederens bakgrunn",
};

// A member's fields by row: «members.0.person_id» is the first member's person (the API's error paths).
function memberFieldName(field: string): string | undefined {
  const match = /^members\.(\d+)\.(person_id|competence|background)$/.exec(field);
  if (!match) return undefined;
  const what = { person_id: "person", competence: "kompetanse", background: "bakgrunn" }[match[2] as string];
  return `Medlem ${Number(match[1]) + 1}, ${what}`;
}

type Person = Schemas["PersonOut"];

/** One seat: the person, what they know, where they come from (rule subcommittee.member_competence). */
function Seat({
  prefix,
  legend,
  persons,
  errors,
}: {
  prefix: string;
  legend: string;
  persons: Person[];
  errors: Record<string, string>;
}) {
  return (
    <Fieldset>
      <Fieldset.Legend>{legend}</Fieldset.Legend>
      <SelectInput
        name={`${prefix}.person_id`}
        label="Person"
        error={errors[`${prefix}.person_id`] ?? errors[prefix]}
        choices={persons.map((person) => ({ value: person.id, label: person.name }))}
      />
      <TextInput
        name={`${prefix}.competence`}
        label="Kompetanse"
        description="Hva personen bidrar med i underutvalgets arbeid."
        error={errors[`${prefix}.competence`]}
      />
      <SelectInput
        name={`${prefix}.background`}
        label="Bakgrunn"
        error={errors[`${prefix}.background`]}
        choices={options("membershipBackground")}
      />
    </Fieldset>
  );
}

function seat(text: (name: string) => string, persons: Person[], prefix: string): Schemas["SeatIn"] {
  // An empty choice is sent as it is: the API names the seat that lacks its person.
  const personId = text(`${prefix}.person_id`);
  return {
    person_id: personId,
    organization_id: persons.find((person) => person.id === personId)?.organization_id ?? null,
    competence: text(`${prefix}.competence`) || null,
    background: (text(`${prefix}.background`) || null) as Schemas["SeatIn"]["background"],
  };
}

export function EstablishPage() {
  const decisions = useEstablishingDecisions();
  const used = useUsedDecisions();
  const persons = usePersons();
  const bodies = useBodies();
  const establish = useEstablish();
  const navigate = useNavigate();
  const [count, setCount] = useState(1);
  const errors = establish.error instanceof ApiError ? establish.error.fieldErrors : {};
  const listed = Object.entries(errors).filter(([field]) => field in FIELD_NAMES || memberFieldName(field));
  const names = Object.fromEntries(
    listed.map(([field]) => [field, FIELD_NAMES[field] ?? memberFieldName(field) ?? field]),
  );
  const mayEstablish = (bodies.data ?? []).some((body) => body.can.includes("establish_subcommittee"));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event);
    const people = persons.data ?? [];
    establish.mutate(
      {
        decision_id: text("decision_id"),
        name: text("name"),
        mandate: text("mandate"),
        deadline: text("deadline"),
        support: text("support") || null,
        chair: text("chair.person_id") ? seat(text, people, "chair") : null,
        members: Array.from({ length: count }, (_, index) => seat(text, people, `members.${index}`)),
      },
      { onSuccess: (created) => navigate(`/underutvalg/${created.id}`) },
    );
  };

  if (bodies.data && !mayEstablish)
    return (
      <section className="stack narrow">
        <PageHeading title="Opprett underutvalg">Opprett underutvalg</PageHeading>
        <Paragraph>Det er Arbeidsutvalget som oppretter underutvalg etter vedtak i Topplederforumet.</Paragraph>
      </section>
    );

  return (
    <section className="stack narrow">
      <PageHeading title="Opprett underutvalg">Opprett underutvalg</PageHeading>
      <Paragraph>
        Topplederforumet vedtar at et underutvalg skal opprettes; Arbeidsutvalget setter det sammen med mandat, leder,
        medlemmer og frist.
      </Paragraph>
      <FieldErrorSummary heading="Rett opp dette før du oppretter underutvalget:" errors={listed} names={names} />
      {establish.error && listed.length === 0 && <ErrorMessage error={establish.error} />}
      <QueryResult query={decisions} what="Henter vedtak om underutvalg">
        {(found) => {
          const open = found.filter((decision) => !used.data?.has(decision.id));
          return open.length === 0 ? (
            <Paragraph>
              Ingen vedtak om å opprette underutvalg venter. Forumet må først vedta det i et møte (
              <AppLink to="/vedtak?type=establish_subcommittee">vedtak om underutvalg</AppLink>).
            </Paragraph>
          ) : (
            <form className="stack" onSubmit={submit} noValidate>
              <SelectInput
                name="decision_id"
                label="Forumets vedtak"
                description="Vedtak om å opprette underutvalg som ennå ikke har fått et."
                error={errors.decision_id}
                defaultValue={open[0]?.id}
                choices={open.map((decision) => ({
                  value: decision.id,
                  label: `${decision.case_number} ${decision.case_title} (${formatDate(decision.decided_at)})`,
                }))}
              />
              <TextInput name="name" label="Navn" error={errors.name} />
              <TextInput name="mandate" label="Mandat" multiline error={errors.mandate} />
              <TextInput
                name="deadline"
                type="date"
                label="Frist for leveranse til Arbeidsutvalget"
                error={errors.deadline}
              />
              <TextInput
                name="support"
                label="Støtte (valgfri)"
                description="For eksempel frikjøp eller honorar som er avtalt for oppdraget."
                multiline
                error={errors.support}
              />
              <Seat prefix="chair" legend="Leder" persons={persons.data ?? []} errors={errors} />
              {Array.from({ length: count }, (_, index) => (
                <Seat
                  key={index}
                  prefix={`members.${index}`}
                  legend={`Medlem ${index + 1}`}
                  persons={persons.data ?? []}
                  errors={errors}
                />
              ))}
              <div className="inline-form">
                <Button type="button" variant="secondary" onClick={() => setCount(count + 1)}>
                  Legg til medlem
                </Button>
                {count > 0 && (
                  <Button type="button" variant="tertiary" onClick={() => setCount(count - 1)}>
                    Fjern siste medlem
                  </Button>
                )}
              </div>
              <div>
                <Button type="submit" disabled={establish.isPending}>
                  {establish.isPending ? "Oppretter …" : "Opprett underutvalget"}
                </Button>
              </div>
            </form>
          );
        }}
      </QueryResult>
    </section>
  );
}
