import { Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { Pager, useKeysetPages } from "@/components/ListControls";
import { ListTable } from "@/components/ListTable";
import { PageHeading, QueryResult } from "@/components/Status";
import { formatDateTime } from "@/lib/format";
import { holds, useMe } from "@/lib/me";
import { useWebhooks } from "./api";
import { webhookState } from "./logic";

/** The caller's webhook subscriptions (the secretariat's: every one). */
export function WebhooksPage() {
  const pages = useKeysetPages();
  const webhooks = useWebhooks(pages.cursor);
  const me = useMe();
  return (
    <section className="stack">
      <div className="title-row">
        <PageHeading title="Webhooker">Webhooker</PageHeading>
        {holds(me.data, "webhook.manage") && <AppLink to="/webhooker/ny">Nytt abonnement</AppLink>}
      </div>
      <QueryResult query={webhooks} what="Henter abonnementer">
        {(page) => (
          <ListTable
            label="Abonnementer"
            rows={page.items}
            rowKey={(webhook) => webhook.id}
            empty="Ingen webhook-abonnementer ennå."
            columns={[
              {
                header: "Adresse",
                cell: (webhook) => <AppLink to={`/webhooker/${webhook.id}`}>{webhook.url}</AppLink>,
              },
              { header: "Beskrivelse", cell: (webhook) => webhook.description ?? "–" },
              { header: "Hendelser", cell: (webhook) => webhook.event_types.length },
              {
                header: "Status",
                cell: (webhook) => {
                  const state = webhookState(webhook);
                  return (
                    <Tag data-size="sm" data-color={state.color}>
                      {state.text}
                    </Tag>
                  );
                },
              },
              { header: "Eier", cell: (webhook) => webhook.owner_name },
              { header: "Opprettet", cell: (webhook) => formatDateTime(webhook.created_at) },
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={webhooks.data?.next_cursor} />
    </section>
  );
}
