import { Button, Paragraph } from "@digdir/designsystemet-react";
import type { FormEvent } from "react";
import { FilterSelect, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { ListTable } from "@/components/ListTable";
import { Section } from "@/components/Section";
import { SelectInput } from "@/components/FormFields";
import { ErrorMessage, PageHeading, QueryResult } from "@/components/Status";
import { formatDateTime } from "@/lib/format";
import { formText } from "@/lib/forms";
import { label, options } from "@/lib/labels";
import { holds, useMe } from "@/lib/me";
import {
  useChangePreferences,
  useMailMessages,
  usePreferences,
  type MailStatus,
  type Preferences,
  type PreferencesChange,
  type Topic,
} from "./api";

// One choice per kind: off, at once, or in the daily digest.
const CHOICES = [
  { value: "immediate", label: "Med en gang" },
  { value: "daily", label: "Samlet i en daglig oversikt" },
  { value: "off", label: "Ikke send" },
];

function choiceOf(preference: Preferences[Topic]): string {
  return preference.enabled ? preference.delivery : "off";
}

function ChooseForm({ preferences }: { preferences: Preferences }) {
  const change = useChangePreferences();
  const topics = Object.keys(preferences) as Topic[];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event);
    const body: PreferencesChange = {};
    for (const topic of topics) {
      const choice = text(topic);
      body[topic] =
        choice === "off" ? { enabled: false } : { enabled: true, delivery: choice as "immediate" | "daily" };
    }
    change.mutate(body);
  };

  return (
    <form className="stack" onSubmit={submit}>
      {topics.map((topic) => (
        <SelectInput
          key={topic}
          name={topic}
          label={preferences[topic].label}
          choices={CHOICES}
          defaultValue={choiceOf(preferences[topic])}
          required
        />
      ))}
      <div>
        <Button type="submit" disabled={change.isPending}>
          Lagre valgene
        </Button>
      </div>
      {change.isSuccess && (
        <Paragraph role="status" data-size="sm">
          Valgene er lagret.
        </Paragraph>
      )}
      {change.error && <ErrorMessage error={change.error} />}
    </form>
  );
}

function SentMail() {
  const pages = useKeysetPages();
  const filters = useSearchFilters(pages.first);
  const messages = useMailMessages((filters.get("status") || undefined) as MailStatus | undefined, pages.cursor);
  return (
    <>
      <form className="filters" role="search" aria-label="Filtrer e-post" onSubmit={(event) => event.preventDefault()}>
        <FilterSelect name="status" text="Status" filters={filters} choices={options("mailStatus")} />
      </form>
      <QueryResult query={messages} what="Henter e-post">
        {(page) => (
          <ListTable
            label="Sendt e-post"
            caption="E-post til personer, nyeste først"
            rows={page.items}
            rowKey={(message) => message.id}
            empty="Ingen e-post her."
            columns={[
              { header: "Laget", cell: (message) => formatDateTime(message.created_at) },
              { header: "Type", cell: (message) => label("mailKind", message.kind) },
              { header: "Emne", cell: (message) => message.subject },
              { header: "Til", cell: (message) => message.to_address ?? "Ingen adresse" },
              {
                header: "Status",
                cell: (message) =>
                  [label("mailStatus", message.status), message.skipped_reason, message.last_error]
                    .filter(Boolean)
                    .join(": "),
              },
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={messages.data?.next_cursor} />
    </>
  );
}

/** The person's own choice of e-mail and, for the secretariat, what was sent to everyone. */
export function NotificationsPage() {
  const me = useMe();
  const preferences = usePreferences();
  return (
    <section className="stack">
      <PageHeading title="Varsler på e-post">Varsler på e-post</PageHeading>
      <Section id="mine-varsler" title="Hva du får">
        <Paragraph>
          Velg for hver type e-post om du vil ha den med en gang, samlet i en daglig oversikt om morgenen, eller ikke i
          det hele tatt. Hver e-post har også en lenke for å melde seg av.
        </Paragraph>
        <QueryResult query={preferences} what="Henter valgene dine">
          {(found) => <ChooseForm preferences={found} />}
        </QueryResult>
      </Section>
      {holds(me.data, "mail.read") && (
        <Section id="sendt-e-post" title="Sendt e-post">
          <SentMail />
        </Section>
      )}
    </section>
  );
}
