import { Button, Checkbox, Fieldset, Paragraph, ValidationMessage } from "@digdir/designsystemet-react";
import type { FormEvent } from "react";
import { AppLink } from "@/components/AppLink";
import { FieldErrorSummary } from "@/components/FieldErrorSummary";
import { TextInput } from "@/components/FormFields";
import { ErrorMessage, PageHeading } from "@/components/Status";
import { formText } from "@/lib/forms";
import { options } from "@/lib/labels";
import { holds, useMe } from "@/lib/me";
import { ApiError } from "@/lib/problem";
import { useCreateWebhook, type EventType } from "./api";
import { SecretOnce } from "./SecretOnce";

const FIELD_NAMES: Record<string, string> = {
  url: "Adresse",
  description: "Beskrivelse",
  event_types: "Hendelser",
  include_non_public: "Ikke-offentlige hendelser",
};

/** Subscribing a receiver to events; the answer's secret is shown here, once. */
export function NewWebhookPage() {
  const create = useCreateWebhook();
  const me = useMe();
  const errors = create.error instanceof ApiError ? create.error.fieldErrors : {};
  const listed = Object.entries(errors)
    .map(([field, message]): [string, string] => [field.split(".")[0] ?? field, message])
    .filter(([field]) => field in FIELD_NAMES);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = formText(event);
    create.mutate({
      url: text("url"),
      description: text("description") || null,
      event_types: form.getAll("event_types").map(String) as EventType[],
      include_non_public: form.get("include_non_public") === "on",
    });
  };

  if (create.data) {
    return (
      <section className="stack">
        <PageHeading title="Abonnementet er opprettet">Abonnementet er opprettet</PageHeading>
        <Paragraph>
          Hendelsene sendes til <code>{create.data.url}</code>.
        </Paragraph>
        <SecretOnce secret={create.data.secret} />
        <Paragraph>
          <AppLink to={`/webhooker/${create.data.id}`}>Gå til abonnementet</AppLink>
        </Paragraph>
      </section>
    );
  }

  return (
    <section className="stack">
      <PageHeading title="Nytt webhook-abonnement">Nytt webhook-abonnement</PageHeading>
      <Paragraph>
        Tjenesten sender en POST til adressen hver gang en av hendelsene skjer, signert med en hemmelighet som vises én
        gang når abonnementet er opprettet.
      </Paragraph>
      <FieldErrorSummary heading="Rett opp dette før du oppretter abonnementet:" errors={listed} names={FIELD_NAMES} />
      {create.error && listed.length === 0 && <ErrorMessage error={create.error} />}
      <form className="stack" onSubmit={submit} noValidate aria-label="Nytt abonnement">
        <TextInput
          name="url"
          label="Adresse (URL)"
          description="https-adressen til mottakersystemet. Interne og private adresser avvises."
          error={errors.url}
          required
        />
        <TextInput name="description" label="Beskrivelse" error={errors.description} />
        <Fieldset id="felt-event_types">
          <Fieldset.Legend>Hendelser</Fieldset.Legend>
          <Fieldset.Description>Velg minst én.</Fieldset.Description>
          {options("eventType").map((choice) => (
            <Checkbox key={choice.value} name="event_types" value={choice.value} label={choice.label} />
          ))}
          {errors.event_types && <ValidationMessage>{errors.event_types}</ValidationMessage>}
        </Fieldset>
        {holds(me.data, "work.read") && (
          <Checkbox
            id="felt-include_non_public"
            name="include_non_public"
            label="Ta også med hendelser som ikke er offentlige, for organene du kan lese arbeidet til"
          />
        )}
        <div>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Oppretter …" : "Opprett abonnementet"}
          </Button>
        </div>
      </form>
    </section>
  );
}
