import { Button, Field, Label, Paragraph, Select, Table, Tag } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { AppLink } from "@/components/AppLink";
import { TableScroll } from "@/components/TableScroll";
import { PageHeading, QueryResult } from "@/components/Status";
import { bodyName, useBodies } from "@/lib/bodies";
import { formatDate } from "@/lib/format";
import { label, options } from "@/lib/labels";
import { useCases, type CaseFilters, type CaseKind, type CaseStatus } from "./api";

function FilterSelect({
  id,
  text,
  value,
  onChange,
  choices,
}: {
  id: string;
  text: string;
  value: string;
  onChange: (value: string) => void;
  choices: { value: string; label: string }[];
}) {
  return (
    <Field>
      <Label htmlFor={id}>{text}</Label>
      <Select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <Select.Option value="">Alle</Select.Option>
        {choices.map((choice) => (
          <Select.Option key={choice.value} value={choice.value}>
            {choice.label}
          </Select.Option>
        ))}
      </Select>
    </Field>
  );
}

export function CasesPage() {
  const [params, setParams] = useSearchParams();
  const filters: CaseFilters = {
    status: (params.get("status") || undefined) as CaseStatus | undefined,
    kind: (params.get("type") || undefined) as CaseKind | undefined,
    owner_body_id: params.get("organ") || undefined,
  };
  // Keyset paging: the cursors of the pages before this one, so that «Forrige side» can go back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const cases = useCases(filters, cursor);
  const bodies = useBodies();

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    setCursors([null]);
  };

  return (
    <section className="stack">
      <div className="title-row">
        <PageHeading title="Saker">Saker</PageHeading>
        <AppLink to="/saker/ny">Registrer sak</AppLink>
      </div>
      <form className="filters" role="search" aria-label="Filtrer saker" onSubmit={(event) => event.preventDefault()}>
        <FilterSelect
          id="filter-status"
          text="Status"
          value={params.get("status") ?? ""}
          onChange={(v) => setFilter("status", v)}
          choices={options("caseStatus")}
        />
        <FilterSelect
          id="filter-type"
          text="Type sak"
          value={params.get("type") ?? ""}
          onChange={(v) => setFilter("type", v)}
          choices={options("caseKind")}
        />
        <FilterSelect
          id="filter-organ"
          text="Organ"
          value={params.get("organ") ?? ""}
          onChange={(v) => setFilter("organ", v)}
          choices={(bodies.data ?? []).map((body) => ({ value: body.id, label: body.name }))}
        />
      </form>
      <QueryResult query={cases} what="Henter saker">
        {(page) =>
          page.items.length === 0 ? (
            <Paragraph>Ingen saker her.</Paragraph>
          ) : (
            <>
              <TableScroll label="Saker">
                <Table zebra>
                  <caption className="visually-hidden">Saker, nyeste først</caption>
                  <Table.Head>
                    <Table.Row>
                      <Table.HeaderCell>Saksnummer</Table.HeaderCell>
                      <Table.HeaderCell>Tittel</Table.HeaderCell>
                      <Table.HeaderCell>Status</Table.HeaderCell>
                      <Table.HeaderCell>Organ</Table.HeaderCell>
                      <Table.HeaderCell>Registrert</Table.HeaderCell>
                    </Table.Row>
                  </Table.Head>
                  <Table.Body>
                    {page.items.map((item) => (
                      <Table.Row key={item.id}>
                        <Table.Cell>{item.number}</Table.Cell>
                        <Table.Cell>
                          <AppLink to={`/saker/${item.id}`}>{item.title}</AppLink>
                        </Table.Cell>
                        <Table.Cell>
                          <Tag data-size="sm">{label("caseStatus", item.status)}</Tag>
                        </Table.Cell>
                        <Table.Cell>{bodyName(bodies.data, item.owner_body_id)}</Table.Cell>
                        <Table.Cell>{formatDate(item.created_at)}</Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              </TableScroll>
            </>
          )
        }
      </QueryResult>
      <nav aria-label="Sider" className="pager">
        {cursors.length > 1 && (
          <Button variant="secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
            Forrige side
          </Button>
        )}
        {cases.data?.next_cursor && (
          <Button variant="secondary" onClick={() => setCursors([...cursors, cases.data.next_cursor ?? null])}>
            Neste side
          </Button>
        )}
      </nav>
    </section>
  );
}
