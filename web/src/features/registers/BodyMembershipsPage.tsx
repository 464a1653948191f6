import { Button, Checkbox } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useParams } from "react-router";
import { AppLink } from "@/components/AppLink";
import { Pager, useKeysetPages } from "@/components/ListControls";
import { ListTable } from "@/components/ListTable";
import { Section } from "@/components/Section";
import { QueryResult } from "@/components/Status";
import { useBodies } from "@/lib/bodies";
import { osloDay } from "@/lib/format";
import { label } from "@/lib/labels";
import { useBodyMemberships, type Membership } from "./api";
import { MembershipForm } from "./MembershipForm";
import { period } from "./logic";
import { RegisterHeading } from "./RegisterHeading";

type Action = { kind: "change" | "end" | "deputy"; membership: Membership };

const ACTIONS = [
  { kind: "change", text: "Endre" },
  { kind: "end", text: "Avslutt" },
  { kind: "deputy", text: "Oppnevn stedfortreder" },
] as const;

/** What is done to one seat, in a form of its own under the list (one form open at a time). */
function ActionForm({
  action,
  bodies,
  onClose,
}: {
  action: Action;
  bodies: ReturnType<typeof useBodies>["data"];
  onClose: () => void;
}) {
  const { kind, membership } = action;
  const heading = {
    change: `Endre vervet til ${membership.person_name}`,
    end: `Avslutt vervet til ${membership.person_name}`,
    deputy: `Oppnevn fast stedfortreder for ${membership.person_name}`,
  }[kind];
  return (
    <Section id="valgt-verv" title={heading}>
      {kind === "deputy" ? (
        <MembershipForm target={{ kind: "add", bodies: bodies ?? [], deputyFor: membership }} />
      ) : (
        <MembershipForm target={{ kind: "change", membership, endOnly: kind === "end" }} />
      )}
      <div>
        <Button variant="tertiary" onClick={onClose}>
          Lukk
        </Button>
      </div>
    </Section>
  );
}

export function BodyMembershipsPage() {
  const { bodyId = "" } = useParams();
  const bodies = useBodies();
  const body = bodies.data?.find((found) => found.id === bodyId);
  const pages = useKeysetPages();
  const [activeOnly, setActiveOnly] = useState(true);
  const memberships = useBodyMemberships(bodyId, activeOnly ? osloDay() : undefined, pages.cursor);
  const [action, setAction] = useState<Action | null>(null);
  const manages = (body?.can.includes("manage_memberships") ?? false) && body?.status !== "dissolved";
  const title = body ? `Medlemmer av ${body.name}` : "Medlemmer";
  // The seat as last read (its version moves with each change: the next change's If-Match).
  const latest = (seat: Membership) => memberships.data?.items.find((item) => item.id === seat.id) ?? seat;
  const seatOf = (id: string | null) => memberships.data?.items.find((seat) => seat.id === id)?.person_name;
  return (
    <section className="stack">
      <RegisterHeading title={title} />
      <Checkbox
        label="Bare verv som gjelder i dag"
        checked={activeOnly}
        onChange={(event) => {
          setActiveOnly(event.target.checked);
          pages.first();
        }}
      />
      <QueryResult query={memberships} what="Henter medlemskap">
        {(page) => (
          <ListTable
            label="Medlemskap"
            rows={page.items}
            rowKey={(item) => item.id}
            empty="Ingen verv her."
            columns={[
              {
                header: "Person",
                cell: (item) => <AppLink to={`/registre/personer/${item.person_id}`}>{item.person_name}</AppLink>,
              },
              {
                header: "Rolle",
                cell: (item) =>
                  item.role === "deputy"
                    ? `${label("membershipRole", item.role)} for ${seatOf(item.deputy_for_membership_id) ?? "et annet verv"}`
                    : label("membershipRole", item.role),
              },
              { header: "Representerer", cell: (item) => item.organization_name ?? "–" },
              { header: "Periode", cell: (item) => period(item) },
              {
                header: "Stillingsandel",
                cell: (item) => (item.allocation_percent === null ? "–" : `${item.allocation_percent} %`),
              },
              ...(manages
                ? [
                    {
                      header: "Handlinger",
                      cell: (item: Membership) => (
                        <div className="inline-form">
                          {ACTIONS.filter(
                            (one) => one.kind !== "deputy" || item.role === "chair" || item.role === "member",
                          ).map((one) => (
                            <Button
                              key={one.kind}
                              variant="secondary"
                              data-size="sm"
                              aria-label={`${one.text}: ${item.person_name}, ${label("membershipRole", item.role).toLowerCase()}`}
                              onClick={() => setAction({ kind: one.kind, membership: item })}
                            >
                              {one.text}
                            </Button>
                          ))}
                        </div>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={memberships.data?.next_cursor} />
      {manages && action && (
        <ActionForm
          key={`${action.kind}-${action.membership.id}`}
          action={{ ...action, membership: latest(action.membership) }}
          bodies={bodies.data}
          onClose={() => setAction(null)}
        />
      )}
      {manages && !action && (
        <Section id="nytt-verv" title="Gi et verv">
          <MembershipForm target={{ kind: "add", bodies: bodies.data ?? [], bodyId }} />
        </Section>
      )}
    </section>
  );
}
