import { Button, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { AppLink } from "@/components/AppLink";
import { Section } from "@/components/Section";
import { ErrorMessage, QueryResult, RuleList } from "@/components/Status";
import { label } from "@/lib/labels";
import {
  useAddToAgenda,
  useAgenda,
  useAgendaCandidates,
  useMoveOnAgenda,
  useRemoveFromAgenda,
  type AgendaItem,
  type Meeting,
} from "./api";

/** The agenda in order, read only: what the meeting did with each case once it has met. */
export function AgendaList({ items }: { items: AgendaItem[] }) {
  if (items.length === 0) return <Paragraph>Sakslisten er tom.</Paragraph>;
  return (
    <ol className="agenda">
      {items.map((item) => (
        <li key={item.id}>
          <AppLink to={`/saker/${item.case_id}`}>
            Sak {item.case_number} {item.case_title}
          </AppLink>{" "}
          ({label("caseKind", item.case_kind)})
          {item.outcome && (
            <>
              {" "}
              <Tag data-size="sm">{label("agendaOutcome", item.outcome)}</Tag>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

function useReloadMeeting(meetingId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["meeting", meetingId] });
}

/** Each item with keyboard buttons to move it up or down and to take it off. After a move the moved
 * item keeps the focus, and a live region says where it went. */
function EditableAgenda({ meetingId, items }: { meetingId: string; items: AgendaItem[] }) {
  const move = useMoveOnAgenda(meetingId);
  const remove = useRemoveFromAgenda(meetingId);
  const reload = useReloadMeeting(meetingId);
  const [moved, setMoved] = useState<{ id: string; said: string } | null>(null);
  const busy = move.isPending || remove.isPending;

  useEffect(() => {
    if (moved) document.getElementById(`punkt-${moved.id}`)?.focus();
  }, [moved, items]);

  const moveTo = (item: AgendaItem, position: number) =>
    move.mutate(
      { item, position },
      { onSuccess: () => setMoved({ id: item.id, said: `Sak ${item.case_number} er flyttet til punkt ${position}.` }) },
    );

  return (
    <>
      {items.length === 0 ? (
        <Paragraph>Sakslisten er tom. Legg til forberedte saker nedenfor.</Paragraph>
      ) : (
        <ol className="agenda agenda-edit">
          {items.map((item, index) => (
            <li key={item.id}>
              <div className="agenda-row">
                <span id={`punkt-${item.id}`} tabIndex={-1} className="agenda-case">
                  <AppLink to={`/saker/${item.case_id}`}>
                    Sak {item.case_number} {item.case_title}
                  </AppLink>{" "}
                  ({label("caseKind", item.case_kind)})
                </span>
                <span className="agenda-buttons">
                  <Button
                    variant="secondary"
                    data-size="sm"
                    disabled={busy || index === 0}
                    onClick={() => moveTo(item, item.position - 1)}
                  >
                    Flytt opp
                    <span className="visually-hidden"> sak {item.case_number}</span>
                  </Button>
                  <Button
                    variant="secondary"
                    data-size="sm"
                    disabled={busy || index === items.length - 1}
                    onClick={() => moveTo(item, item.position + 1)}
                  >
                    Flytt ned
                    <span className="visually-hidden"> sak {item.case_number}</span>
                  </Button>
                  <Button variant="tertiary" data-size="sm" disabled={busy} onClick={() => remove.mutate(item)}>
                    Ta av
                    <span className="visually-hidden"> sak {item.case_number}</span>
                  </Button>
                </span>
              </div>
            </li>
          ))}
        </ol>
      )}
      <p className="visually-hidden" role="status">
        {moved?.said ?? ""}
      </p>
      {move.error && <ErrorMessage error={move.error} onReload={() => void reload()} />}
      {remove.error && <ErrorMessage error={remove.error} onReload={() => void reload()} />}
    </>
  );
}

/** The cases on their way to an agenda, as the API answers for this meeting: those the rules let on with
 * a button, the others with the rules (and their sources) that keep them off, or why the person may not. */
function CasePicker({ meeting }: { meeting: Meeting }) {
  const candidates = useAgendaCandidates(meeting.id);
  const add = useAddToAgenda(meeting.id);
  const reload = useReloadMeeting(meeting.id);

  return (
    <Section id="legg-til" title="Legg til saker">
      {add.error && <ErrorMessage error={add.error} onReload={() => void reload()} />}
      <QueryResult query={candidates} what="Henter saker">
        {(items) =>
          items.length === 0 ? (
            <Paragraph>Ingen saker er på vei til en saksliste.</Paragraph>
          ) : (
            <ul className="picker">
              {items.map(({ case: item, allowed, permitted, reason_nb, rules }) => {
                const blocking = rules.filter((rule) => !rule.passed && rule.severity === "error");
                return (
                  <li key={item.id}>
                    <div className="picker-row">
                      <span>
                        Sak {item.number} {item.title} <Tag data-size="sm">{item.status_label_nb}</Tag>
                      </span>
                      <Button
                        data-size="sm"
                        variant="secondary"
                        disabled={!allowed || add.isPending}
                        onClick={() => add.mutate(item.id)}
                      >
                        Sett på sakslisten
                        <span className="visually-hidden"> sak {item.number}</span>
                      </Button>
                    </div>
                    {blocking.length > 0 && <RuleList rules={blocking} />}
                    {!permitted && reason_nb && <Paragraph data-size="sm">{reason_nb}</Paragraph>}
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryResult>
    </Section>
  );
}

/** The agenda of a meeting: built here while it is planned, for who may set it; read only otherwise. */
export function Agenda({ meeting }: { meeting: Meeting }) {
  const agenda = useAgenda(meeting.id);
  const editable = meeting.status === "planned" && meeting.can.includes("edit_agenda");
  return (
    <>
      <Section id="saksliste" title="Saksliste">
        <QueryResult query={agenda} what="Henter sakslisten">
          {(items) =>
            editable ? <EditableAgenda meetingId={meeting.id} items={items} /> : <AgendaList items={items} />
          }
        </QueryResult>
      </Section>
      {editable && <CasePicker meeting={meeting} />}
    </>
  );
}
