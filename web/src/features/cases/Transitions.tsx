import { Alert, Button, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { Section } from "@/components/Section";
import { ErrorMessage, QueryResult, RuleList } from "@/components/Status";
import type { Schemas } from "@/lib/api";
import { useCaseTransitions, useReloadCase, useTransition, type CaseTransitionName } from "./api";

type Option = Schemas["TransitionOption"];
type DryRun = Schemas["DryRunResult"];

function DryRunResult({ result }: { result: DryRun }) {
  return (
    <Alert data-color={result.allowed ? "success" : "warning"}>
      <Paragraph>
        {result.allowed ? "Prøven viser at dette kan gjøres nå." : "Prøven viser at dette stoppes nå:"}
      </Paragraph>
      {result.violations.length > 0 && <RuleList rules={result.violations} />}
      {result.warnings.length > 0 && (
        <>
          <Paragraph>Advarsler:</Paragraph>
          <RuleList rules={result.warnings} />
        </>
      )}
    </Alert>
  );
}

function TransitionItem({ caseId, option }: { caseId: string; option: Option }) {
  const transition = useTransition(caseId);
  const reload = useReloadCase(caseId);
  const [reason, setReason] = useState("");
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const name = option.name as CaseTransitionName;
  const title = option.label_nb;
  const blocking = option.rules.filter((rule) => !rule.passed && rule.severity === "error");
  const needsReason = name === "return" || name === "withdraw";

  const run = (dry: boolean) =>
    transition.mutate(
      { name, dryRun: dry, reason: reason.trim() || undefined },
      { onSuccess: (result) => setDryRun(dry && "dry_run" in result ? result : null) },
    );

  return (
    <li className="transition">
      <div className="transition-actions">
        <Button disabled={!option.allowed || transition.isPending} onClick={() => run(false)}>
          {title}
        </Button>
        {option.permitted && (
          <Button
            variant="tertiary"
            disabled={transition.isPending}
            onClick={() => run(true)}
            aria-label={`Prøv først: «${title}», uten å endre noe`}
          >
            Prøv først
          </Button>
        )}
      </div>
      {needsReason && option.allowed && (
        <Textfield
          label={`Begrunnelse for «${title}»`}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          multiline
          rows={2}
        />
      )}
      {!option.permitted && <Paragraph data-size="sm">Vervene dine gir ikke adgang til dette.</Paragraph>}
      {option.permitted && blocking.length > 0 && (
        <div className="blocked">
          <Paragraph data-size="sm">Stoppes av:</Paragraph>
          <RuleList rules={blocking} />
        </div>
      )}
      {dryRun && <DryRunResult result={dryRun} />}
      {transition.error && <ErrorMessage error={transition.error} onReload={() => void reload()} />}
    </li>
  );
}

/** What can happen to the case next, from `GET …/transitions`: each a button, and why it is stopped. */
export function Transitions({ caseId }: { caseId: string }) {
  const transitions = useCaseTransitions(caseId);
  return (
    <Section id="handlinger" title="Handlinger">
      <QueryResult query={transitions} what="Henter handlinger">
        {(list) =>
          list.transitions.length === 0 ? (
            <Paragraph>Saken kan ikke flyttes videre herfra.</Paragraph>
          ) : (
            <ul className="transitions">
              {list.transitions.map((option) => (
                <TransitionItem key={option.name} caseId={caseId} option={option} />
              ))}
            </ul>
          )
        }
      </QueryResult>
    </Section>
  );
}
