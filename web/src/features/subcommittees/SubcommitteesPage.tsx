import { Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { FilterSelect, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { PageHeading, QueryResult } from "@/components/Status";
import { TableScroll } from "@/components/TableScroll";
import { useBodies } from "@/lib/bodies";
import { daysLeft, formatDate, osloDay } from "@/lib/format";
import { label, options } from "@/lib/labels";
import { useSubcommittees, type SubcommitteeFilters } from "./api";
import { currentMembers } from "./logic";

const DAY = 24 * 60 * 60 * 1000;

// The deadline filter's choices, as the API's `deadline_after`/`deadline_before` days from today.
const DEADLINES = [
  { value: "passert", label: "Fristen er passert" },
  { value: "30", label: "Innen 30 dager" },
  { value: "90", label: "Innen 90 dager" },
  { value: "senere", label: "Om mer enn 90 dager" },
];

function deadlineFilter(choice: string): Pick<SubcommitteeFilters, "deadline_after" | "deadline_before"> {
  const today = osloDay();
  const ahead = (days: number) => osloDay(new Date(Date.now() + days * DAY));
  if (choice === "passert") return { deadline_before: today };
  if (choice === "30" || choice === "90")
    return { deadline_after: ahead(-1), deadline_before: ahead(Number(choice) + 1) };
  if (choice === "senere") return { deadline_after: ahead(90) };
  return {};
}

const SORTS = [
  { value: "deadline", label: "Første frist først" },
  { value: "-deadline", label: "Siste frist først" },
];

export function SubcommitteesPage() {
  const pages = useKeysetPages();
  const filters = useSearchFilters(pages.first);
  const query: SubcommitteeFilters = {
    status: (filters.get("status") || undefined) as SubcommitteeFilters["status"],
    ...deadlineFilter(filters.get("frist")),
    sort: (filters.get("sorter") || "name") as SubcommitteeFilters["sort"],
  };
  const subcommittees = useSubcommittees(query, pages.cursor);
  const bodies = useBodies();
  const mayEstablish = (bodies.data ?? []).some((body) => body.can.includes("establish_subcommittee"));

  return (
    <section className="stack">
      <PageHeading title="Underutvalg">Underutvalg</PageHeading>
      {mayEstablish && (
        <Paragraph>
          <AppLink to="/underutvalg/nytt">Opprett underutvalg</AppLink>
        </Paragraph>
      )}
      <form
        className="filters"
        role="search"
        aria-label="Filtrer underutvalg"
        onSubmit={(event) => event.preventDefault()}
      >
        <FilterSelect name="status" text="Status" filters={filters} choices={options("bodyStatus")} />
        <FilterSelect name="frist" text="Frist" filters={filters} choices={DEADLINES} />
        <FilterSelect name="sorter" text="Sorter etter frist" filters={filters} choices={SORTS} />
      </form>
      <QueryResult query={subcommittees} what="Henter underutvalg">
        {(page) =>
          page.items.length === 0 ? (
            <Paragraph>Ingen underutvalg her.</Paragraph>
          ) : (
            <TableScroll label="Underutvalg">
              <Table zebra>
                <caption className="visually-hidden">Underutvalg</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>Navn</Table.HeaderCell>
                    <Table.HeaderCell>Status</Table.HeaderCell>
                    <Table.HeaderCell>Frist</Table.HeaderCell>
                    <Table.HeaderCell>Medlemmer</Table.HeaderCell>
                    <Table.HeaderCell>Leveranser</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {page.items.map((item) => (
                    <Table.Row key={item.id}>
                      <Table.Cell>
                        <AppLink to={`/underutvalg/${item.id}`}>{item.name}</AppLink>
                      </Table.Cell>
                      <Table.Cell>
                        <Tag data-size="sm">{label("bodyStatus", item.status)}</Tag>
                      </Table.Cell>
                      <Table.Cell>
                        {item.deadline ? formatDate(item.deadline) : "Ingen frist"}
                        {item.deadline && item.status === "active" && ` (${daysLeft(item.deadline)})`}
                      </Table.Cell>
                      <Table.Cell>{currentMembers(item.members ?? []).length}</Table.Cell>
                      <Table.Cell>{(item.deliveries ?? []).length}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </TableScroll>
          )
        }
      </QueryResult>
      <Pager pages={pages} next={subcommittees.data?.next_cursor} />
    </section>
  );
}
