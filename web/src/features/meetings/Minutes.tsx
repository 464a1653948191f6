import { Button, Paragraph } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { Markdown } from "@/components/Markdown";
import { Section } from "@/components/Section";
import { ErrorMessage, QueryResult } from "@/components/Status";
import { useDraftMinutes, useMinutes, type Meeting } from "./api";

const DRAFTABLE = ["in_session", "held"];

/** The minutes (referat): drafted by the API from the agenda's outcomes, edited as a document, and
 * approved by the meeting's «Godkjenn referat». */
export function Minutes({ meeting }: { meeting: Meeting }) {
  const draft = useDraftMinutes(meeting.id);
  const minutes = useMinutes(meeting.minutes_document_id);
  const documentId = meeting.minutes_document_id;
  return (
    <Section id="referat" title="Referat">
      {documentId ? (
        <QueryResult query={minutes} what="Henter referatet">
          {(document) => (
            <>
              <Paragraph>
                <AppLink to={`/dokumenter/${document.id}`}>{document.title}</AppLink>
                {meeting.status !== "minutes_approved" && document.can.includes("update") && (
                  <>
                    {" · "}
                    <AppLink to={`/dokumenter/${document.id}/rediger`}>Rediger referatet</AppLink>
                  </>
                )}
              </Paragraph>
              <div className="document-body">
                <Markdown text={document.body} />
              </div>
            </>
          )}
        </QueryResult>
      ) : DRAFTABLE.includes(meeting.status) && meeting.can.includes("draft_minutes") ? (
        <>
          <Paragraph>Utkastet lages fra sakslisten: vedtakene og hva møtet ellers gjorde med hver sak.</Paragraph>
          <div>
            <Button disabled={draft.isPending} onClick={() => draft.mutate()}>
              Lag utkast til referat
            </Button>
          </div>
          {draft.error && <ErrorMessage error={draft.error} />}
        </>
      ) : (
        <Paragraph>Referatet lages når møtet pågår eller er avholdt.</Paragraph>
      )}
    </Section>
  );
}
