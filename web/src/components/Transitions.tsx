import { Alert, Button, Checkbox, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { Section } from "./Section";
import { ErrorMessage, QueryResult, RuleList } from "./Status";
import {
  isDryRun,
  useReload,
  useTransition,
  useTransitions,
  type DryRun,
  type TransitionEntity,
  type TransitionOption,
} from "@/lib/transitions";

// Transitions that say why: a case sent back to the AU, a case withdrawn; a return's reason may go
// into the published minutes when the person says so (internal reasons never do).
const NEEDS_REASON: Partial<Record<TransitionEntity, string[]>> = { case: ["return", "withdraw"] };
const PUBLIC_REASON: Partial<Record<TransitionEntity, string[]>> = { case: ["return"] };

type Target = { entity: TransitionEntity; id: string; alsoChanged?: readonly unknown[][] };

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

function TransitionItem({ target, option, onDone }: { target: Target; option: TransitionOption; onDone?: () => void }) {
  const transition = useTransition(target.entity, target.id, target.alsoChanged);
  const reload = useReload(target.entity, target.id);
  const [reason, setReason] = useState("");
  const [reasonPublic, setReasonPublic] = useState(false);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const title = option.label_nb;
  const blocking = option.rules.filter((rule) => !rule.passed && rule.severity === "error");
  const needsReason = NEEDS_REASON[target.entity]?.includes(option.name) ?? false;
  const mayPublish = PUBLIC_REASON[target.entity]?.includes(option.name) ?? false;

  const run = (dry: boolean) =>
    transition.mutate(
      { name: option.name, dryRun: dry, reason: reason.trim() || undefined, reasonPublic },
      {
        onSuccess: (result) => {
          setDryRun(dry && isDryRun(result) ? result : null);
          if (!dry) onDone?.();
        },
      },
    );

  return (
    <li className="transition">
      {needsReason && option.allowed && (
        <Textfield
          label={`Begrunnelse for «${title}»`}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          multiline
          rows={2}
        />
      )}
      {needsReason && mayPublish && option.allowed && (
        <Checkbox
          label="Begrunnelsen kan publiseres i referatet"
          checked={reasonPublic}
          onChange={(event) => setReasonPublic(event.target.checked)}
        />
      )}
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

/** What can happen to the resource next, from `GET …/transitions`: each a button named by its Norwegian
 * label, and why it is stopped (the rules' messages and citations). `only` keeps the named ones. */
export function TransitionList({
  only,
  empty,
  onDone,
  ...target
}: Target & { only?: string[]; empty: string; onDone?: () => void }) {
  const transitions = useTransitions(target.entity, target.id);
  return (
    <QueryResult query={transitions} what="Henter handlinger">
      {(list) => {
        const shown = list.transitions.filter((option) => !only || only.includes(option.name));
        return shown.length === 0 ? (
          <Paragraph>{empty}</Paragraph>
        ) : (
          <ul className="transitions">
            {shown.map((option) => (
              <TransitionItem key={option.name} target={target} option={option} onDone={onDone} />
            ))}
          </ul>
        );
      }}
    </QueryResult>
  );
}

/** The «Handlinger» part of a page. */
export function Transitions({ empty, ...target }: Target & { empty: string }) {
  return (
    <Section id="handlinger" title="Handlinger">
      <TransitionList {...target} empty={empty} />
    </Section>
  );
}
