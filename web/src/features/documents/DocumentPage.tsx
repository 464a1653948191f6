import { Button, Details, Field, Label, Paragraph, Select, Tag, Textfield } from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { useParams } from "react-router";
import { FilePicker, UploadCancelledNote, UploadProgressBar } from "@/components/FileUpload";
import { Section } from "@/components/Section";
import { AppLink } from "@/components/AppLink";
import { ListTable } from "@/components/ListTable";
import { Markdown } from "@/components/Markdown";
import { ErrorMessage, PageHeading, QueryResult } from "@/components/Status";
import { bodyName, useBodies } from "@/lib/bodies";
import { formatDate, formatDateTime, formatFile } from "@/lib/format";
import { label } from "@/lib/labels";
import { holds, holdsOn, useMe } from "@/lib/me";
import { formText } from "@/lib/forms";
import { ApiError } from "@/lib/problem";
import { UploadCancelled } from "@/lib/upload";
import {
  useAttach,
  useCaseChoices,
  useCorrect,
  useDocument,
  useReloadDocument,
  useUploadVersion,
  useVersions,
  type Document,
  type DocumentVersion,
} from "./api";

/** A version's file: its download, type and size, whether it is PDF/A as the archive wants, its checksum. */
function VersionFile({ documentId, version }: { documentId: string; version: DocumentVersion }) {
  const file = version.file;
  if (!file) return "Ingen fil";
  return (
    <div className="version-file">
      <a href={`/api/v1/documents/${documentId}/versions/${version.number}/file`} download={file.name}>
        {file.name}
      </a>{" "}
      <span>({formatFile(file)})</span>
      {file.pdfa !== null && (
        <Tag data-size="sm" data-color={file.pdfa ? "success" : "warning"}>
          {file.pdfa ? "PDF/A" : "Ikke PDF/A – arkivet ønsker PDF/A"}
        </Tag>
      )}
      <details>
        <summary>
          SHA-256 <code>{file.sha256.slice(0, 12)}…</code>
        </summary>
        <code className="checksum">{file.sha256}</code>
      </details>
    </div>
  );
}

function Versions({ documentId }: { documentId: string }) {
  const versions = useVersions(documentId);
  return (
    <Section id="versjoner" title="Versjoner">
      <QueryResult query={versions} what="Henter versjoner">
        {(page) => (
          <ListTable
            label="Versjoner"
            caption="Versjoner av dokumentet"
            zebra={false}
            rows={page.items}
            rowKey={(version) => version.number}
            empty="Ingen versjoner."
            columns={[
              { header: "Versjon", cell: (version) => version.number },
              { header: "Tidspunkt", cell: (version) => formatDateTime(version.created_at) },
              { header: "Tittel", cell: (version) => version.title },
              { header: "Fil", cell: (version) => <VersionFile documentId={documentId} version={version} /> },
              {
                header: "Merknad",
                cell: (version) => (version.correction ? `Rettelse: ${version.reason ?? ""}` : (version.reason ?? "")),
              },
            ]}
          />
        )}
      </QueryResult>
    </Section>
  );
}

/** A file as the document's new version: chosen or dropped, sent with its progress shown, and stoppable.
 * On a published document the version is a correction, and the note its reason (shown in public). */
function UploadVersion({ document }: { document: Document }) {
  const upload = useUploadVersion(document.id);
  const [file, setFile] = useState<File | null>(null);
  const [uploads, setUploads] = useState(0); // a new key empties the form after an upload
  const published = document.published_at !== null;
  const errors = upload.error instanceof ApiError ? upload.error.fieldErrors : {};
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) return;
    const note = formText(event)("note");
    upload.mutate(
      { file, note },
      {
        onSuccess: () => {
          setFile(null);
          setUploads((n) => n + 1);
        },
      },
    );
  };
  return (
    <Section id="last-opp" title="Last opp en ny versjon">
      <form key={uploads} className="stack" onSubmit={submit} noValidate>
        <FilePicker
          id="velg-fil"
          label="Fil"
          file={file}
          onChange={(chosen) => {
            setFile(chosen);
            upload.reset();
          }}
          error={errors.file && upload.error?.message}
          disabled={upload.isPending}
        />
        <Textfield
          id="felt-note"
          name="note"
          label={published ? "Hvorfor filen rettes" : "Merknad (valgfri)"}
          description={
            published
              ? "Dokumentet er publisert: den nye filen er en rettelse, og begrunnelsen vises på nettstedet."
              : undefined
          }
          error={errors.note}
        />
        <div>
          <Button type="submit" disabled={!file || upload.isPending}>
            {upload.isPending ? "Laster opp …" : "Last opp"}
          </Button>
        </div>
        <UploadProgressBar
          id="opplasting"
          progress={upload.progress}
          done={upload.isSuccess}
          onCancel={upload.cancel}
        />
        <UploadCancelledNote error={upload.error} />
        {upload.error && !(upload.error instanceof UploadCancelled) && !errors.file && !errors.note && (
          <ErrorMessage error={upload.error} />
        )}
      </form>
    </Section>
  );
}

function Attach({ document }: { document: Document }) {
  const cases = useCaseChoices();
  const attach = useAttach();
  const [caseId, setCaseId] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (caseId) attach.mutate({ caseId, documentId: document.id });
  };
  return (
    <Section id="knytt" title="Knytt til en sak">
      <form className="inline-form" onSubmit={submit}>
        <Field>
          <Label htmlFor="velg-sak">Sak</Label>
          <Select id="velg-sak" value={caseId} onChange={(event) => setCaseId(event.target.value)}>
            <Select.Option value="">Velg sak …</Select.Option>
            {(cases.data ?? []).map((item) => (
              <Select.Option key={item.id} value={item.id}>
                {item.number} {item.title}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary" disabled={!caseId || attach.isPending}>
          Knytt til saken
        </Button>
      </form>
      {attach.isSuccess && (
        <Paragraph role="status">
          Dokumentet er knyttet til saken. <AppLink to={`/saker/${attach.variables.caseId}`}>Gå til saken</AppLink>
        </Paragraph>
      )}
      {attach.error && <ErrorMessage error={attach.error} />}
    </Section>
  );
}

/** A published document is not edited but corrected, with a reason the website shows beside it. */
function Correction({ document }: { document: Document }) {
  const correct = useCorrect(document.id);
  const reload = useReloadDocument(document.id);
  const errors = correct.error instanceof ApiError ? correct.error.fieldErrors : {};
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event);
    correct.mutate({ title: text("title") || null, body: text("body"), reason: text("reason") });
  };
  return (
    <Details>
      <Details.Summary>Rett det publiserte dokumentet</Details.Summary>
      <Details.Content>
        <form className="stack" onSubmit={submit} noValidate>
          <Textfield id="felt-title" name="title" label="Tittel" defaultValue={document.title} error={errors.title} />
          <Textfield
            id="felt-body"
            name="body"
            label="Innhold (markdown)"
            multiline
            rows={10}
            defaultValue={document.body}
            error={errors.body}
          />
          <Textfield
            id="felt-reason"
            name="reason"
            label="Begrunnelse for rettelsen"
            description="Vises på nettstedet sammen med rettelsen."
            error={errors.reason}
          />
          <div>
            <Button type="submit" variant="secondary" disabled={correct.isPending}>
              Publiser rettelsen
            </Button>
          </div>
          {correct.isSuccess && <Paragraph role="status">Rettelsen er publisert.</Paragraph>}
          {correct.error && Object.keys(errors).length === 0 && (
            <ErrorMessage error={correct.error} onReload={() => void reload()} />
          )}
        </form>
      </Details.Content>
    </Details>
  );
}

export function DocumentPage() {
  const { documentId = "" } = useParams();
  const document = useDocument(documentId);
  const bodies = useBodies();
  const me = useMe();
  return (
    <QueryResult query={document} what="Henter dokumentet">
      {(found) => (
        <article className="stack">
          <Paragraph data-size="sm">
            <AppLink to="/dokumenter">Alle dokumenter</AppLink>
          </Paragraph>
          <PageHeading title={found.title}>{found.title}</PageHeading>
          <div className="tags">
            <Tag>{label("documentKind", found.kind)}</Tag>
            <Tag data-color={found.public ? "success" : "neutral"}>
              {found.public ? "Offentlig" : "Unntatt offentlighet"}
            </Tag>
          </div>
          <dl className="facts">
            <div>
              <dt>Organ</dt>
              <dd>{bodyName(bodies.data, found.owner_body_id)}</dd>
            </div>
            <div>
              <dt>Sist endret</dt>
              <dd>{formatDate(found.updated_at)}</dd>
            </div>
            <div>
              <dt>Publisert</dt>
              <dd>{found.published_at ? formatDate(found.published_at) : "Ikke publisert"}</dd>
            </div>
            {!found.public && (
              <div>
                <dt>Hjemmel for unntak</dt>
                <dd>{found.exemption_basis ?? "Ikke oppgitt"}</dd>
              </div>
            )}
          </dl>
          {found.published_at
            ? holds(me.data, "document.correct") && <Correction key={found.version} document={found} />
            : holdsOn(me.data, "work.write")(found.owner_body_id) && (
                <Paragraph>
                  <AppLink to={`/dokumenter/${found.id}/rediger`}>Rediger dokumentet</AppLink>
                </Paragraph>
              )}
          <section aria-label="Innhold" className="document-body">
            <Markdown text={found.body} />
          </section>
          {found.can.includes("update") && (!found.published_at || found.can.includes("correct")) && (
            <UploadVersion document={found} />
          )}
          <Attach document={found} />
          <Versions documentId={found.id} />
        </article>
      )}
    </QueryResult>
  );
}
