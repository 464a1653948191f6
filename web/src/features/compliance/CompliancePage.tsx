import { Paragraph, Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { ListTable } from "@/components/ListTable";
import { PageHeading, QueryResult } from "@/components/Status";
import { useBodies } from "@/lib/bodies";
import { entityPath } from "@/lib/entities";
import { label } from "@/lib/labels";
import type { Finding } from "./api";
import { useComplianceReport } from "./api";

type Entity = NonNullable<Finding["entities"]>[number];

function EntityLink({ entity, isSubcommittee }: { entity: Entity; isSubcommittee: (id: string) => boolean }) {
  const name = `${label("entityType", entity.type)} ${entity.label ?? ""}`.trim();
  const path = entityPath(entity.type, entity.id, isSubcommittee);
  return path ? <AppLink to={path}>{name}</AppLink> : <span>{name}</span>;
}

/** The compliance report: each finding's rule in bokmål with its source, and what it concerns, linked. */
export function CompliancePage() {
  const report = useComplianceReport();
  const bodies = useBodies();
  const subcommittees = new Set((bodies.data ?? []).filter((b) => b.kind === "subcommittee").map((b) => b.id));
  const isSubcommittee = (id: string) => subcommittees.has(id);
  return (
    <section className="stack">
      <PageHeading title="Samsvarsrapport">Samsvarsrapport</PageHeading>
      <Paragraph>
        Reglene som skal holde hele tiden, kontrollert nå. Hvert funn viser regelen, kilden i mandatet og det funnet
        gjelder.
      </Paragraph>
      <QueryResult query={report} what="Kontrollerer reglene">
        {(found) =>
          found.holds ? (
            <Paragraph role="status">Ingen funn: alle reglene holder.</Paragraph>
          ) : (
            <ListTable
              label="Funn"
              caption={`${found.findings.length} funn`}
              rows={found.findings}
              rowKey={(finding) => `${finding.rule}:${(finding.entities ?? []).map((e) => e.id).join(",")}`}
              empty="Ingen funn."
              columns={[
                {
                  header: "Alvorlighet",
                  cell: (finding) => (
                    <Tag data-size="sm" data-color={finding.severity === "error" ? "danger" : "warning"}>
                      {label("severity", finding.severity)}
                    </Tag>
                  ),
                },
                {
                  header: "Regel",
                  cell: (finding) => (
                    <div className="finding">
                      <span>{finding.message_nb}</span>
                      <span className="citation">Kilde: {finding.citation}</span>
                    </div>
                  ),
                },
                {
                  header: "Gjelder",
                  cell: (finding) =>
                    (finding.entities ?? []).length === 0 ? (
                      "–"
                    ) : (
                      <ul className="plain">
                        {(finding.entities ?? []).map((entity) => (
                          <li key={`${entity.type}:${entity.id}`}>
                            <EntityLink entity={entity} isSubcommittee={isSubcommittee} />
                          </li>
                        ))}
                      </ul>
                    ),
                },
              ]}
            />
          )
        }
      </QueryResult>
    </section>
  );
}
