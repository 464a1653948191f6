import { Button, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useParams } from "react-router";
import { FactList } from "@/components/FactList";
import { Pager, useKeysetPages } from "@/components/ListControls";
import { ListTable } from "@/components/ListTable";
import { Section } from "@/components/Section";
import { ErrorMessage, PageHeading, QueryResult } from "@/components/Status";
import { formatDateTime } from "@/lib/format";
import { label } from "@/lib/labels";
import { holds, useMe } from "@/lib/me";
import {
  useDeliveries,
  useRedeliver,
  useReloadWebhook,
  useRotateSecret,
  useSetActive,
  useWebhook,
  type Webhook,
} from "./api";
import { mayRedeliver, webhookState } from "./logic";
import { SecretOnce } from "./SecretOnce";

/** Pause or resume, and a new secret: each with the subscription's ETag. */
function Actions({ webhook }: { webhook: Webhook }) {
  const setActive = useSetActive(webhook.id);
  const rotate = useRotateSecret(webhook.id);
  const reload = useReloadWebhook(webhook.id);
  const error = setActive.error ?? rotate.error;
  return (
    <Section id="handlinger" title="Handlinger">
      <div className="transition-actions">
        <Button variant="secondary" disabled={setActive.isPending} onClick={() => setActive.mutate(!webhook.active)}>
          {webhook.active ? "Pause leveransene" : "Gjenoppta leveransene"}
        </Button>
        <Button variant="secondary" disabled={rotate.isPending} onClick={() => rotate.mutate()}>
          Lag ny signeringshemmelighet
        </Button>
      </div>
      <Paragraph data-size="sm">
        En ny hemmelighet signerer fra nå av; den gamle signerer ved siden av i 24 timer, så mottakeren rekker å bytte.
      </Paragraph>
      {error && <ErrorMessage error={error} onReload={reload} />}
      {rotate.data && <SecretOnce secret={rotate.data.secret} />}
    </Section>
  );
}

/** The delivery log, newest first; an answered or withheld event may be sent again. */
function Deliveries({ webhookId, mayManage }: { webhookId: string; mayManage: boolean }) {
  const pages = useKeysetPages();
  const deliveries = useDeliveries(webhookId, pages.cursor);
  const redeliver = useRedeliver(webhookId);
  return (
    <Section id="leveranser" title="Leveranser">
      {redeliver.error && <ErrorMessage error={redeliver.error} />}
      {redeliver.isSuccess && (
        <Paragraph role="status">Hendelsen sendes på nytt etter det som allerede venter.</Paragraph>
      )}
      <QueryResult query={deliveries} what="Henter leveranser">
        {(page) => (
          <ListTable
            label="Leveranser"
            caption="Leveranser, nyeste først"
            rows={page.items}
            rowKey={(delivery) => delivery.id}
            empty="Ingen hendelser er sendt til dette abonnementet ennå."
            columns={[
              { header: "Hendelse", cell: (delivery) => label("eventType", delivery.event_type) },
              { header: "Laget", cell: (delivery) => formatDateTime(delivery.created_at) },
              {
                header: "Status",
                cell: (delivery) => <Tag data-size="sm">{label("deliveryStatus", delivery.status)}</Tag>,
              },
              { header: "Forsøk", cell: (delivery) => delivery.attempts },
              {
                header: "Siste svar",
                cell: (delivery) =>
                  delivery.last_attempt_at
                    ? `${delivery.last_status_code ?? delivery.last_error ?? "ingen"}${
                        delivery.last_latency_ms != null ? ` (${delivery.last_latency_ms} ms)` : ""
                      }`
                    : "–",
              },
              {
                header: "Send på nytt",
                cell: (delivery) =>
                  mayManage && mayRedeliver(delivery) ? (
                    <Button
                      variant="secondary"
                      data-size="sm"
                      disabled={redeliver.isPending}
                      onClick={() => redeliver.mutate(delivery.id)}
                      aria-label={`Send «${label("eventType", delivery.event_type)}» fra ${formatDateTime(delivery.created_at)} på nytt`}
                    >
                      Send på nytt
                    </Button>
                  ) : (
                    "–"
                  ),
              },
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={deliveries.data?.next_cursor} />
    </Section>
  );
}

/** One subscription: where to, what, its state; pausing, a new secret, and its deliveries. */
export function WebhookPage() {
  const { webhookId = "" } = useParams();
  const webhook = useWebhook(webhookId);
  const mayManage = holds(useMe().data, "webhook.manage");
  return (
    <section className="stack">
      <QueryResult query={webhook} what="Henter abonnementet">
        {(found) => {
          const state = webhookState(found);
          return (
            <>
              <PageHeading title={`Webhook ${found.url}`}>Webhook-abonnement</PageHeading>
              <FactList
                items={[
                  ["Adresse", <code key="url">{found.url}</code>],
                  ["Beskrivelse", found.description ?? "–"],
                  [
                    "Status",
                    <Tag key="state" data-size="sm" data-color={state.color}>
                      {state.text}
                    </Tag>,
                  ],
                  ...(found.disabled_reason ? [["Hvorfor slått av", found.disabled_reason] as [string, string]] : []),
                  ...(found.failing_since
                    ? [["Feiler siden", formatDateTime(found.failing_since)] as [string, string]]
                    : []),
                  ...(found.retry_at ? [["Neste forsøk", formatDateTime(found.retry_at)] as [string, string]] : []),
                  ["Hendelser", found.event_types.map((type) => label("eventType", type)).join(", ")],
                  ["Ikke-offentlige hendelser", found.include_non_public ? "Ja" : "Nei"],
                  ["Eier", found.owner_name],
                  ["Opprettet", formatDateTime(found.created_at)],
                ]}
              />
              {mayManage && <Actions webhook={found} />}
              <Deliveries webhookId={found.id} mayManage={mayManage} />
            </>
          );
        }}
      </QueryResult>
    </section>
  );
}
