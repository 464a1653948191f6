import { Button, Checkbox, Fieldset, Paragraph } from "@digdir/designsystemet-react";
import type { FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { AppLink } from "@/components/AppLink";
import { FactList } from "@/components/FactList";
import { FieldErrorSummary } from "@/components/FieldErrorSummary";
import { TextInput } from "@/components/FormFields";
import { ErrorMessage, PageHeading, QueryResult } from "@/components/Status";
import { formText } from "@/lib/forms";
import { holds, useMe } from "@/lib/me";
import { ApiError } from "@/lib/problem";
import { useOrganization, useSaveOrganization, type Organization } from "./api";
import { lines } from "./logic";

const FIELD_NAMES: Record<string, string> = {
  name: "Navn",
  short_name: "Kortnavn",
  org_number: "Organisasjonsnummer",
  responsibilities: "Oppgaver",
  description: "Beskrivelse",
};

const FLAGS = [
  ["central_health_administration", "Del av den sentrale helseforvaltningen (kan sitte i Topplederforumet)"],
  ["collaboration_actor", "Aktør i samarbeidet I trygge hender 24-7"],
  ["stakeholder", "Interessent som Arbeidsutvalget holder kontakt med"],
] as const;

/** Registering an organization, or changing it (with the ETag of the copy read as If-Match). */
function OrganizationForm({ existing }: { existing?: Organization }) {
  const save = useSaveOrganization(existing?.id);
  const navigate = useNavigate();
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const listed = Object.entries(errors).filter(([field]) => field in FIELD_NAMES);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event);
    const checked = new FormData(event.currentTarget);
    save.mutate(
      {
        name: text("name"),
        short_name: text("short_name") || null,
        org_number: text("org_number") || null,
        central_health_administration: checked.has("central_health_administration"),
        collaboration_actor: checked.has("collaboration_actor"),
        stakeholder: checked.has("stakeholder"),
        responsibilities: lines(text("responsibilities")),
        description: text("description") || null,
      },
      { onSuccess: (saved) => !existing && navigate(`/registre/organisasjoner/${saved.id}`) },
    );
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FieldErrorSummary heading="Rett opp dette før du lagrer:" errors={listed} names={FIELD_NAMES} />
      <TextInput name="name" label="Navn" error={errors.name} defaultValue={existing?.name} />
      <TextInput
        name="short_name"
        label="Kortnavn (valgfri)"
        error={errors.short_name}
        defaultValue={existing?.short_name}
      />
      <TextInput
        name="org_number"
        label="Organisasjonsnummer (valgfri)"
        description="Ni sifre."
        error={errors.org_number}
        defaultValue={existing?.org_number}
      />
      <Fieldset>
        <Fieldset.Legend>Rolle i samordningen</Fieldset.Legend>
        {FLAGS.map(([name, text]) => (
          <Checkbox key={name} name={name} label={text} defaultChecked={existing?.[name] ?? false} />
        ))}
      </Fieldset>
      <TextInput
        name="responsibilities"
        label="Oppgaver i pasientsikkerhetsarbeidet (valgfri)"
        description="Én oppgave per linje."
        multiline
        error={errors.responsibilities}
        defaultValue={existing?.responsibilities.join("\n")}
      />
      <TextInput
        name="description"
        label="Beskrivelse (valgfri)"
        multiline
        error={errors.description}
        defaultValue={existing?.description}
      />
      <div>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Lagrer …" : existing ? "Lagre endringene" : "Registrer organisasjonen"}
        </Button>
      </div>
      {save.isSuccess && existing && <Paragraph role="status">Endringene er lagret.</Paragraph>}
      {save.error && listed.length === 0 && <ErrorMessage error={save.error} />}
    </form>
  );
}

function Facts({ organization }: { organization: Organization }) {
  return (
    <FactList
      items={[
        ["Kortnavn", organization.short_name ?? "–"],
        ["Organisasjonsnummer", organization.org_number ?? "–"],
        ...FLAGS.map(([name, text]): [string, string] => [text, organization[name] ? "Ja" : "Nei"]),
        ["Oppgaver", organization.responsibilities.join(", ") || "–"],
        ["Beskrivelse", organization.description ?? "–"],
      ]}
    />
  );
}

export function OrganizationPage() {
  const { organizationId } = useParams();
  const organization = useOrganization(organizationId);
  const me = useMe();
  const mayWrite = holds(me.data, "organization.write");
  const back = (
    <Paragraph data-size="sm">
      <AppLink to="/registre/organisasjoner">Alle organisasjoner</AppLink>
    </Paragraph>
  );
  if (organizationId === undefined)
    return (
      <section className="stack narrow">
        {back}
        <PageHeading title="Registrer organisasjon">Registrer organisasjon</PageHeading>
        {me.data && !mayWrite ? (
          <Paragraph>Det er sekretariatet som registrerer organisasjoner.</Paragraph>
        ) : (
          <OrganizationForm />
        )}
      </section>
    );
  return (
    <QueryResult query={organization} what="Henter organisasjonen">
      {(found) => (
        <section className="stack narrow">
          {back}
          <PageHeading title={found.name}>{found.name}</PageHeading>
          {mayWrite ? <OrganizationForm key={found.version} existing={found} /> : <Facts organization={found} />}
        </section>
      )}
    </QueryResult>
  );
}
