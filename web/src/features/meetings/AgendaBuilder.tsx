import { Button, Checkbox, Paragraph, Tag, Textfield } from "@digdir/designsystemet-react";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { AppLink } from "@/components/AppLink";
import { Section } from "@/components/Section";
import { ErrorMessage, QueryResult, RuleList } from "@/components/Status";
import { formatDateTime } from "@/lib/format";
import { label } from "@/lib/labels";
import {
  useAddToAgenda,
  useAgenda,
  useAgendaCandidates,
  useAgendaRevisions,
  useMoveOnAgenda,
  useRemoveFromAgenda,
  type AgendaItem,
  type Meeting,
  type Revision,
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
function EditableAgenda({
  meetingId,
  items,
  revision,
}: {
  meetingId: string;
  items: AgendaItem[];
  revision: Revision | undefined;
}) {
  const move = useMoveOnAgenda(meetingId);
  const remove = useRemoveFromAgenda(meetingId);
  const reload = useReloadMeeting(meetingId);
  const [moved, setMoved] = useState<{ id: string; said: string } | null>(null);
  // A convened agenda changes only with a reason: its buttons wait for one.
  const busy = move.isPending || remove.isPending || revision === undefined;

  useEffect(() => {
    if (moved) document.getElementById(`punkt-${moved.id}`)?.focus();
  }, [moved, items]);

  const moveTo = (item: AgendaItem, position: number) =>
    move.mutate(
      { item, position, revision: revision ?? null },
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
                  <Button
                    variant="tertiary"
                    data-size="sm"
                    disabled={busy}
                    onClick={() => remove.mutate({ item, revision: revision ?? null })}
                  >
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
function CasePicker({ meeting, revision }: { meeting: Meeting; revision: Revision | undefined }) {
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
                        disabled={!allowed || add.isPending || revision === undefined}
                        onClick={() => add.mutate({ caseId: item.id, revision: revision ?? null })}
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

/** Why the convened agenda changes: asked before any change, sent with each one. `undefined` while the
 * reason is missing, so the buttons wait. */
function RevisionReason({ onChange }: { onChange: (revision: Revision | undefined) => void }) {
  const [reason, setReason] = useState("");
  const [reasonPublic, setReasonPublic] = useState(true);
  useEffect(() => {
    onChange(reason.trim() ? { reason: reason.trim(), reason_public: reasonPublic } : undefined);
  }, [reason, reasonPublic, onChange]);
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        Sakslisten er sendt ut og er offentlig. En endring nå blir merket på den offentlige sakslisten, og den forrige
        sakslisten blir tatt vare på.
      </Paragraph>
      <Textfield
        label="Begrunnelse for endringen"
        description="Må fylles ut før du legger til, flytter eller tar av en sak."
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <Checkbox
        label="Begrunnelsen kan stå på den offentlige sakslisten"
        checked={reasonPublic}
        onChange={(event) => setReasonPublic(event.target.checked)}
      />
    </div>
  );
}

/** The changes of a convened agenda, as the public agenda marks them. */
function Revisions({ meetingId }: { meetingId: string }) {
  const revisions = useAgendaRevisions(meetingId, true);
  return (
    <Section id="endringer" title="Endringer etter innkallingen">
      <QueryResult query={revisions} what="Henter endringene">
        {(items) =>
          items.length === 0 ? (
            <Paragraph>Sakslisten er ikke endret etter at den ble sendt ut.</Paragraph>
          ) : (
            <ol className="history">
              {items.map((revision) => (
                <li key={revision.id}>
                  {formatDateTime(revision.at)}: {revision.label_nb}. Begrunnelse: {revision.reason}
                  {!revision.reason_public && " (ikke offentlig)"}
                </li>
              ))}
            </ol>
          )
        }
      </QueryResult>
    </Section>
  );
}

/** The agenda of a meeting: built here while it is planned, and revised with a reason once convened, for
 * who may set it; read only otherwise. */
export function Agenda({ meeting }: { meeting: Meeting }) {
  const agenda = useAgenda(meeting.id);
  const convened = meeting.status === "convened";
  const editable = (meeting.status === "planned" || convened) && meeting.can.includes("edit_agenda");
  const [revision, setRevision] = useState<Revision | undefined>(undefined);
  const onReason = useCallback((next: Revision | undefined) => setRevision(next), []);
  const current = convened ? revision : null;
  return (
    <>
      <Section id="saksliste" title="Saksliste">
        {editable && convened && <RevisionReason onChange={onReason} />}
        <QueryResult query={agenda} what="Henter sakslisten">
          {(items) =>
            editable ? (
              <EditableAgenda meetingId={meeting.id} items={items} revision={current} />
            ) : (
              <AgendaList items={items} />
            )
          }
        </QueryResult>
      </Section>
      {editable && <CasePicker meeting={meeting} revision={current} />}
      {meeting.status !== "planned" && <Revisions meetingId={meeting.id} />}
    </>
  );
}
