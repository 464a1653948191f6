import { Alert, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useEffect, useRef } from "react";

const VERIFY = `from standardwebhooks import Webhook

# request_body: bytes as received; request_headers: webhook-id,
# webhook-timestamp and webhook-signature
payload = Webhook(secret).verify(request_body, request_headers)`;

/** The signing secret, shown this once, and how a receiver checks each request with it. Takes focus
 * when it appears, so that a screen reader reads it first. */
export function SecretOnce({ secret }: { secret: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [secret]);
  return (
    <Alert data-color="warning" className="stack">
      <Heading level={2} data-size="xs" ref={heading} tabIndex={-1}>
        Signeringshemmeligheten vises bare nå
      </Heading>
      <Paragraph>
        Kopier den til mottakersystemet før du går fra siden. Tjenesten lagrer den ikke slik at den kan vises igjen; har
        den kommet bort, lager du en ny.
      </Paragraph>
      <pre className="secret">
        <code>{secret}</code>
      </pre>
      <Heading level={3} data-size="2xs">
        Slik kontrollerer mottakeren signaturen
      </Heading>
      <Paragraph>
        Hver forespørsel har overskriftene <code>webhook-id</code>, <code>webhook-timestamp</code> (sekunder) og{" "}
        <code>webhook-signature</code> etter Standard Webhooks. Signaturen er <code>v1,</code> og base64 av HMAC-SHA256
        over <code>{"{webhook-id}.{webhook-timestamp}.{body}"}</code>, med den base64-dekodede delen av hemmeligheten
        etter <code>whsec_</code> som nøkkel. Under et bytte av hemmelighet kommer to signaturer, skilt med mellomrom:
        godta forespørselen når én stemmer. Avvis gamle tidsstempler, og bruk <code>webhook-id</code> til å kjenne igjen
        en hendelse som sendes på nytt.
      </Paragraph>
      <pre className="code" lang="en" tabIndex={0}>
        <code>{VERIFY}</code>
      </pre>
    </Alert>
  );
}
