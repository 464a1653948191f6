import { Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { ListTable } from "@/components/ListTable";
import { bodyName, type Body } from "@/lib/bodies";
import { formatDateTime } from "@/lib/format";
import type { Meeting } from "./api";

/** «Møte 3 i Topplederforumet», with its title when it has one. */
export function meetingName(meeting: Meeting, bodies: Body[] | undefined): string {
  const name = `Møte ${meeting.number} i ${bodyName(bodies, meeting.body_id)}`;
  return meeting.title ? `${name}: ${meeting.title}` : name;
}

export function MeetingTable({ label, meetings, bodies }: { label: string; meetings: Meeting[]; bodies?: Body[] }) {
  return (
    <ListTable
      label={label}
      rows={meetings}
      rowKey={(meeting) => meeting.id}
      empty="Ingen møter her."
      columns={[
        {
          header: "Møte",
          cell: (meeting) => <AppLink to={`/moter/${meeting.id}`}>{meetingName(meeting, bodies)}</AppLink>,
        },
        { header: "Tid (norsk tid)", cell: (meeting) => formatDateTime(meeting.starts_at) },
        { header: "Sted", cell: (meeting) => meeting.location ?? "–" },
        { header: "Status", cell: (meeting) => <Tag data-size="sm">{meeting.status_label_nb}</Tag> },
      ]}
    />
  );
}
