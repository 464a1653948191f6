import { Button, Card, Checkbox, Heading, Textfield } from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { FieldErrorSummary } from "@/components/FieldErrorSummary";
import { FilePicker, UploadCancelledNote, UploadProgressBar } from "@/components/FileUpload";
import { SelectInput } from "@/components/FormFields";
import { Markdown } from "@/components/Markdown";
import { ErrorMessage, PageHeading, QueryResult } from "@/components/Status";
import { useBodies } from "@/lib/bodies";
import { options } from "@/lib/labels";
import { holdsOn, useMe } from "@/lib/me";
import { formText } from "@/lib/forms";
import { ApiError } from "@/lib/problem";
import { UploadCancelled } from "@/lib/upload";
import {
  useAttach,
  useCreateDocument,
  useCreateDocumentWithFile,
  useDocument,
  useReloadDocument,
  useUpdateDocument,
  type Document,
  type DocumentKind,
} from "./api";

const FIELD_NAMES: Record<string, string> = {
  kind: "Dokumenttype",
  owner_body_id: "Organ",
  title: "Tittel",
  body: "Innhold",
  exemption_basis: "Hjemmel for unntak",
  file: "Fil",
};

function Editor({ existing }: { existing: Document | null }) {
  const [params] = useSearchParams();
  const caseId = params.get("sak");
  const navigate = useNavigate();
  const bodies = useBodies();
  const mayWrite = holdsOn(useMe().data, "work.write");
  const createText = useCreateDocument();
  const createFile = useCreateDocumentWithFile();
  const [file, setFile] = useState<File | null>(null);
  const create = file ? createFile : createText;
  const update = useUpdateDocument(existing?.id ?? "");
  const attach = useAttach();
  const reload = useReloadDocument(existing?.id ?? "");
  const [body, setBody] = useState(existing?.body ?? "");
  const [isPublic, setPublic] = useState(existing?.public ?? true);
  const saving = existing ? update : create;
  const errors = saving.error instanceof ApiError ? saving.error.fieldErrors : {};
  const listed = Object.entries(errors).filter(([field]) => field in FIELD_NAMES);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = formText(event);
    const fields = {
      kind: text("kind") as DocumentKind,
      title: text("title"),
      body,
      public: isPublic,
      exemption_basis: isPublic ? null : text("exemption_basis") || null,
    };
    if (existing) {
      update.mutate(fields, { onSuccess: () => navigate(`/dokumenter/${existing.id}`) });
      return;
    }
    const created = (document: { id: string }) => {
      if (!caseId) return navigate(`/dokumenter/${document.id}`);
      attach.mutate({ caseId, documentId: document.id }, { onSuccess: () => navigate(`/saker/${caseId}`) });
    };
    const newDocument = { ...fields, owner_body_id: text("owner_body_id") };
    if (file) createFile.mutate({ file, fields: newDocument }, { onSuccess: created });
    else createText.mutate(newDocument, { onSuccess: created });
  };

  return (
    <section className="stack">
      <PageHeading title={existing ? "Rediger dokument" : "Nytt dokument"}>
        {existing ? `Rediger «${existing.title}»` : "Nytt dokument"}
      </PageHeading>
      <FieldErrorSummary heading="Rett opp dette før du lagrer:" errors={listed} names={FIELD_NAMES} />
      {saving.error && listed.length === 0 && !(saving.error instanceof UploadCancelled) && (
        <ErrorMessage error={saving.error} onReload={() => void reload()} />
      )}
      {attach.error && <ErrorMessage error={attach.error} />}
      <form className="stack" onSubmit={submit} noValidate>
        <SelectInput
          name="kind"
          label="Dokumenttype"
          error={errors.kind}
          choices={options("documentKind")}
          defaultValue={existing?.kind}
        />
        {!existing && (
          <SelectInput
            name="owner_body_id"
            label="Organ som eier dokumentet"
            error={errors.owner_body_id}
            choices={(bodies.data ?? [])
              .filter((item) => mayWrite(item.id))
              .map((item) => ({ value: item.id, label: item.name }))}
          />
        )}
        <Textfield
          id="felt-title"
          name="title"
          label="Tittel"
          error={errors.title}
          defaultValue={existing?.title ?? ""}
        />
        {!existing && (
          <FilePicker
            id="felt-file"
            label="Fil (valgfri): dokumentet kan være en fil, en tekst eller begge deler"
            file={file}
            onChange={(chosen) => {
              setFile(chosen);
              createFile.reset();
            }}
            error={errors.file && saving.error?.message}
            disabled={saving.isPending}
          />
        )}
        <div className="editor">
          <Textfield
            id="felt-body"
            label="Innhold"
            description="Markdown: # overskrift, **uthevet**, - punktliste, [lenke](https://…)"
            error={errors.body}
            multiline
            rows={14}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
          <Card data-color="neutral" className="preview">
            <Heading level={2} data-size="2xs">
              Forhåndsvisning, slik nettstedet viser det
            </Heading>
            {body.trim() ? <Markdown text={body} /> : <p>Ingenting å vise ennå.</p>}
          </Card>
        </div>
        <Checkbox
          label="Dokumentet er offentlig"
          checked={isPublic}
          onChange={(event) => setPublic(event.target.checked)}
        />
        {!isPublic && (
          <Textfield
            id="felt-exemption_basis"
            name="exemption_basis"
            label="Hjemmel for unntak fra offentlighet"
            description="For eksempel «Offl. § 14 første ledd»"
            error={errors.exemption_basis}
            defaultValue={existing?.exemption_basis ?? ""}
          />
        )}
        {file && (
          <UploadProgressBar
            id="opplasting"
            progress={createFile.progress}
            done={createFile.isSuccess}
            onCancel={createFile.cancel}
          />
        )}
        <UploadCancelledNote error={saving.error} />
        <div>
          <Button type="submit" disabled={saving.isPending || attach.isPending}>
            {saving.isPending
              ? "Lagrer …"
              : existing
                ? "Lagre endringene"
                : caseId
                  ? "Lagre og knytt til saken"
                  : "Lagre dokumentet"}
          </Button>
        </div>
      </form>
    </section>
  );
}

export function DocumentEditPage() {
  const { documentId } = useParams();
  const document = useDocument(documentId);
  if (!documentId) return <Editor existing={null} />;
  return (
    <QueryResult query={document} what="Henter dokumentet">
      {(found) => <Editor key={found.version} existing={found} />}
    </QueryResult>
  );
}
