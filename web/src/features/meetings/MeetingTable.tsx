import { Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { TableScroll } from "@/components/TableScroll";
import { bodyName, type Body } from "@/lib/bodies";
import { formatDateTime } from "@/lib/format";
import type { Meeting } from "./api";

/** «Møte 3 i Topplederforumet», with its title when it has one. */
export function meetingName(meeting: Meeting, bodies: Body[] | undefined): string {
  const name = `Møte ${meeting.number} i ${bodyName(bodies, meeting.body_id)}`;
  return meeting.title ? `${name}: ${meeting.title}` : name;
}

export function MeetingTable({ label, meetings, bodies }: { label: string; meetings: Meeting[]; bodies?: Body[] }) {
  if (meetings.length === 0) return <Paragraph>Ingen møter her.</Paragraph>;
  return (
    <TableScroll label={label}>
      <Table zebra>
        <caption className="visually-hidden">{label}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>Møte</Table.HeaderCell>
            <Table.HeaderCell>Tid (norsk tid)</Table.HeaderCell>
            <Table.HeaderCell>Sted</Table.HeaderCell>
            <Table.HeaderCell>Status</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {meetings.map((meeting) => (
            <Table.Row key={meeting.id}>
              <Table.Cell>
                <AppLink to={`/moter/${meeting.id}`}>{meetingName(meeting, bodies)}</AppLink>
              </Table.Cell>
              <Table.Cell>{formatDateTime(meeting.starts_at)}</Table.Cell>
              <Table.Cell>{meeting.location ?? "–"}</Table.Cell>
              <Table.Cell>
                <Tag data-size="sm">{meeting.status_label_nb}</Tag>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </TableScroll>
  );
}
