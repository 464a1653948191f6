import { Alert, Button, Paragraph } from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { FieldErrorSummary } from "@/components/FieldErrorSummary";
import { SelectInput, TextInput } from "@/components/FormFields";
import { ErrorMessage, Loading, RuleList } from "@/components/Status";
import type { Body } from "@/lib/bodies";
import { formText } from "@/lib/forms";
import { label, options } from "@/lib/labels";
import { ApiError, type RuleReport } from "@/lib/problem";
import {
  useAllOrganizations,
  useAllPersons,
  useMembershipDryRun,
  useSaveMembership,
  useSeats,
  type DryRun,
  type Membership,
  type MembershipWrite,
} from "./api";
import { membershipFields, period } from "./logic";

// The page may hold another form with fields of these names (the person's own).
const ID = "verv-";

const FIELD_NAMES: Record<string, string> = {
  body_id: "Organ",
  person_id: "Person",
  role: "Rolle",
  organization_id: "Representerer",
  deputy_for_membership_id: "Stedfortreder for",
  start_date: "Fra og med",
  end_date: "Til og med",
  allocation_percent: "Stillingsandel",
  competence: "Kompetanse",
  background: "Bakgrunn",
};

/** What the membership rules say before saving (the dry run) or after (the warnings it was saved with). */
function RuleAnswer({ answer }: { answer: { dryRun: DryRun } | { saved: RuleReport[] } }) {
  if ("saved" in answer)
    return (
      <Alert data-color={answer.saved.length ? "warning" : "success"} role="status">
        <Paragraph>{answer.saved.length ? "Lagret. Reglene advarer om dette:" : "Lagret."}</Paragraph>
        {answer.saved.length > 0 && <RuleList rules={answer.saved} />}
      </Alert>
    );
  const { allowed, violations, warnings } = answer.dryRun;
  return (
    <Alert data-color={allowed ? (warnings.length ? "warning" : "success") : "danger"} role="status">
      <Paragraph>
        {allowed
          ? warnings.length
            ? "Reglene tillater dette, men advarer:"
            : "Reglene tillater dette, uten advarsler."
          : "Reglene stopper dette:"}
      </Paragraph>
      {violations.length > 0 && <RuleList rules={violations} />}
      {violations.length > 0 && warnings.length > 0 && <Paragraph>Advarsler:</Paragraph>}
      {warnings.length > 0 && <RuleList rules={warnings} />}
    </Alert>
  );
}

type Target =
  | { kind: "add"; bodies: Body[]; bodyId?: string; personId?: string; deputyFor?: Membership }
  | { kind: "change"; membership: Membership; endOnly?: boolean };

/** A seat added or changed, the rules asked first («Prøv først») and answering again on saving: a
 * refusal with its rules and their sources, or the warnings it was saved with. */
export function MembershipForm({ target }: { target: Target }) {
  const existing = target.kind === "change" ? target.membership : undefined;
  const deputyFor = target.kind === "add" ? target.deputyFor : undefined;
  const [bodyId, setBodyId] = useState(
    existing?.body_id ?? deputyFor?.body_id ?? (target.kind === "add" ? (target.bodyId ?? "") : ""),
  );
  const [role, setRole] = useState<string>(existing?.role ?? (deputyFor ? "deputy" : ""));
  const persons = useAllPersons();
  const organizations = useAllOrganizations();
  const seats = useSeats(role === "deputy" ? bodyId : "");
  const dryRun = useMembershipDryRun();
  const save = useSaveMembership();
  const [answer, setAnswer] = useState<{ dryRun: DryRun } | { saved: RuleReport[] } | null>(null);
  const failed = save.error ?? dryRun.error;
  const [noBody, setNoBody] = useState(false);
  const errors: Record<string, string> = {
    ...(failed instanceof ApiError ? failed.fieldErrors : {}),
    ...(noBody ? { body_id: "Velg et organ." } : {}),
  };
  const listed = Object.entries(errors).filter(([field]) => field in FIELD_NAMES);
  const endOnly = target.kind === "change" && target.endOnly;

  const write = (form: HTMLFormElement): MembershipWrite => {
    const text = formText({ currentTarget: form });
    if (existing)
      return {
        kind: "change",
        membership: existing,
        body: endOnly ? { end_date: text("end_date") || null } : membershipFields(text),
      };
    const personId = target.kind === "add" && target.personId ? target.personId : text("person_id");
    return { kind: "add", bodyId, body: { person_id: personId, ...membershipFields(text) } };
  };

  const run = (form: HTMLFormElement, dry: boolean) => {
    setAnswer(null);
    dryRun.reset();
    save.reset();
    setNoBody(bodyId === "");
    if (bodyId === "") return;
    if (dry) dryRun.mutate(write(form), { onSuccess: (result) => setAnswer({ dryRun: result }) });
    else
      save.mutate(write(form), {
        onSuccess: (result) => {
          setAnswer({ saved: result.warnings ?? [] });
          if (!existing) form.reset();
        },
      });
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(event.currentTarget, false);
  };

  const chosenBodies = target.kind === "add" && !target.bodyId && !deputyFor ? target.bodies : null;
  // A choice's default applies when it is drawn: the form waits for what it chooses among.
  if (!organizations.data) return <Loading what="Henter virksomheter" />;
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={formTitle(target)}>
      <FieldErrorSummary
        heading="Rett opp dette før du lagrer:"
        errors={listed.map(([name, message]) => [`${ID}${name}`, message])}
        names={Object.fromEntries(listed.map(([name]) => [`${ID}${name}`, FIELD_NAMES[name] ?? name]))}
      />
      {endOnly ? (
        <TextInput
          idPrefix={ID}
          name="end_date"
          type="date"
          label="Siste dag i vervet"
          error={errors.end_date}
          defaultValue={existing?.end_date}
        />
      ) : (
        <SeatFields
          errors={errors}
          existing={existing}
          deputyFor={deputyFor}
          bodies={chosenBodies}
          bodyId={bodyId}
          onBody={setBodyId}
          role={role}
          onRole={setRole}
          persons={target.kind === "add" && !target.personId ? (persons.data ?? []) : null}
          organizations={organizations.data}
          seats={seats.data}
        />
      )}
      <div className="inline-form">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Lagrer …" : endOnly ? "Avslutt vervet" : "Lagre"}
        </Button>
        <Button
          type="button"
          variant="secondary"
          disabled={dryRun.isPending}
          onClick={(event) => event.currentTarget.form && run(event.currentTarget.form, true)}
        >
          Prøv først
        </Button>
      </div>
      {answer && <RuleAnswer answer={answer} />}
      {failed && listed.length === 0 && <ErrorMessage error={failed} />}
    </form>
  );
}

function formTitle(target: Target): string {
  if (target.kind === "change")
    return `${target.endOnly ? "Avslutt" : "Endre"} vervet til ${target.membership.person_name} (${period(target.membership)})`;
  if (target.deputyFor) return `Oppnevn fast stedfortreder for ${target.deputyFor.person_name}`;
  return "Gi et verv";
}

/** The seat's fields; the body and the role are followed, for the seats a deputy may stand in for. */
function SeatFields({
  errors,
  existing,
  deputyFor,
  bodies,
  bodyId,
  onBody,
  role,
  onRole,
  persons,
  organizations,
  seats,
}: {
  errors: Record<string, string>;
  existing: Membership | undefined;
  deputyFor: Membership | undefined;
  bodies: Body[] | null;
  bodyId: string;
  onBody: (id: string) => void;
  role: string;
  onRole: (role: string) => void;
  persons: { id: string; name: string }[] | null;
  organizations: { id: string; name: string }[];
  seats: Membership[] | undefined;
}) {
  return (
    <>
      {bodies && (
        <SelectInput
          idPrefix={ID}
          name="body_id"
          label="Organ"
          value={bodyId}
          onChange={onBody}
          error={errors.body_id}
          choices={bodies.map((body) => ({ value: body.id, label: body.name }))}
        />
      )}
      {persons && (
        <SelectInput
          idPrefix={ID}
          name="person_id"
          label="Person"
          error={errors.person_id}
          choices={persons.map((person) => ({ value: person.id, label: person.name }))}
        />
      )}
      {deputyFor ? (
        <>
          <input type="hidden" name="role" value="deputy" />
          <input type="hidden" name="deputy_for_membership_id" value={deputyFor.id} />
        </>
      ) : (
        <SelectInput
          idPrefix={ID}
          name="role"
          label="Rolle"
          value={role}
          onChange={onRole}
          error={errors.role}
          choices={options("membershipRole")}
        />
      )}
      {role === "deputy" && !deputyFor && seats && (
        <SelectInput
          idPrefix={ID}
          name="deputy_for_membership_id"
          label="Fast stedfortreder for"
          description="Vervet (leder eller medlem i samme organ) som personen er fast stedfortreder for."
          error={errors.deputy_for_membership_id}
          defaultValue={existing?.deputy_for_membership_id ?? undefined}
          choices={seats.map((seat) => ({
            value: seat.id,
            label: `${seat.person_name}, ${label("membershipRole", seat.role).toLowerCase()} (${period(seat)})`,
          }))}
        />
      )}
      <SelectInput
        idPrefix={ID}
        name="organization_id"
        label="Representerer"
        description="Virksomheten personen representerer. Står den tom, gjelder personens egen virksomhet."
        error={errors.organization_id}
        defaultValue={existing?.organization_id ?? undefined}
        choices={organizations.map((organization) => ({ value: organization.id, label: organization.name }))}
      />
      <div className="inline-form">
        <TextInput
          idPrefix={ID}
          name="start_date"
          type="date"
          label="Fra og med"
          error={errors.start_date}
          defaultValue={existing?.start_date}
        />
        <TextInput
          idPrefix={ID}
          name="end_date"
          type="date"
          label="Til og med (valgfri)"
          error={errors.end_date}
          defaultValue={existing?.end_date}
        />
      </div>
      <TextInput
        idPrefix={ID}
        name="allocation_percent"
        label="Stillingsandel i prosent (valgfri)"
        error={errors.allocation_percent}
        defaultValue={existing?.allocation_percent?.toString()}
      />
      <TextInput
        idPrefix={ID}
        name="competence"
        label="Kompetanse (valgfri)"
        error={errors.competence}
        defaultValue={existing?.competence}
      />
      <SelectInput
        idPrefix={ID}
        name="background"
        label="Bakgrunn (valgfri)"
        error={errors.background}
        defaultValue={existing?.background ?? undefined}
        choices={options("membershipBackground")}
      />
    </>
  );
}
