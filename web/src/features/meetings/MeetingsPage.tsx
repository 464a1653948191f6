import { AppLink } from "@/components/AppLink";
import { FilterSelect, Pager, useKeysetPages, useSearchFilters } from "@/components/ListControls";
import { Section } from "@/components/Section";
import { PageHeading, QueryResult } from "@/components/Status";
import { useBodies } from "@/lib/bodies";
import { holds, holdsOn, useMe } from "@/lib/me";
import { useMeetings } from "./api";
import { osloDay } from "@/lib/format";
import { meetingWindows } from "./logic";
import { MeetingTable } from "./MeetingTable";

const FIRST_YEAR = 2024; // the arrangement's first year

function years(today: string): { value: string; label: string }[] {
  const last = Number(today.slice(0, 4)) + 1;
  return Array.from({ length: last - FIRST_YEAR + 1 }, (_, index) => String(last - index)).map((year) => ({
    value: year,
    label: year,
  }));
}

/** The meetings of the person's bodies (the API lists those they may read): upcoming first, then past. */
export function MeetingsPage() {
  const upcomingPages = useKeysetPages();
  const pastPages = useKeysetPages();
  const filters = useSearchFilters(() => {
    upcomingPages.first();
    pastPages.first();
  });
  const today = osloDay(new Date());
  const windows = meetingWindows(filters.get("ar"), today);
  const bodyId = filters.get("organ");
  const upcoming = useMeetings(bodyId, windows.upcoming, false, upcomingPages.cursor);
  const past = useMeetings(bodyId, windows.past, true, pastPages.cursor);
  const bodies = useBodies();
  const me = useMe();
  const mayRead = holdsOn(me.data, "work.read");

  return (
    <section className="stack">
      <div className="title-row">
        <PageHeading title="Møter">Møter</PageHeading>
        {holds(me.data, "meeting.run") && <AppLink to="/moter/ny">Planlegg møte</AppLink>}
      </div>
      <form className="filters" role="search" aria-label="Filtrer møter" onSubmit={(event) => event.preventDefault()}>
        <FilterSelect
          name="organ"
          text="Organ"
          filters={filters}
          choices={(bodies.data ?? [])
            .filter((body) => mayRead(body.id))
            .map((body) => ({ value: body.id, label: body.name }))}
        />
        <FilterSelect name="ar" text="År" filters={filters} choices={years(today)} />
      </form>
      <Section id="kommende" title="Kommende møter">
        {windows.upcoming ? (
          <>
            <QueryResult query={upcoming} what="Henter kommende møter">
              {(page) => <MeetingTable label="Kommende møter" meetings={page.items} bodies={bodies.data} />}
            </QueryResult>
            <Pager pages={upcomingPages} next={upcoming.data?.next_cursor} />
          </>
        ) : (
          <MeetingTable label="Kommende møter" meetings={[]} />
        )}
      </Section>
      <Section id="tidligere" title="Tidligere møter">
        {windows.past ? (
          <>
            <QueryResult query={past} what="Henter tidligere møter">
              {(page) => <MeetingTable label="Tidligere møter" meetings={page.items} bodies={bodies.data} />}
            </QueryResult>
            <Pager pages={pastPages} next={past.data?.next_cursor} />
          </>
        ) : (
          <MeetingTable label="Tidligere møter" meetings={[]} />
        )}
      </Section>
    </section>
  );
}
