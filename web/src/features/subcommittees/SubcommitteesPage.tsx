import { Paragraph, Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { FilterSelect, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { PageHeading, QueryResult } from "@/components/Status";
import { ListTable } from "@/components/ListTable";
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
        {(page) => (
          <ListTable
            label="Underutvalg"
            rows={page.items}
            rowKey={(item) => item.id}
            empty="Ingen underutvalg her."
            columns={[
              { header: "Navn", cell: (item) => <AppLink to={`/underutvalg/${item.id}`}>{item.name}</AppLink> },
              { header: "Status", cell: (item) => <Tag data-size="sm">{label("bodyStatus", item.status)}</Tag> },
              {
                header: "Frist",
                cell: (item) => (
                  <>
                    {item.deadline ? formatDate(item.deadline) : "Ingen frist"}
                    {item.deadline && item.status === "active" && ` (${daysLeft(item.deadline)})`}
                  </>
                ),
              },
              { header: "Medlemmer", cell: (item) => currentMembers(item.members ?? []).length },
              { header: "Leveranser", cell: (item) => (item.deliveries ?? []).length },
            ]}
          />
        )}
      </QueryResult>
      <Pager pages={pages} next={subcommittees.data?.next_cursor} />
    </section>
  );
}
