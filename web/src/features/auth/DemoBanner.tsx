import { Alert, Paragraph } from "@digdir/designsystemet-react";
import { useSignInOptions } from "./api";

/** On every page while demo sign-in is on: anyone may act as anyone. */
export function DemoBanner() {
  const options = useSignInOptions();
  if (!options.data?.demo) return null;
  return (
    <Alert data-color="warning" className="demo-banner">
      <Paragraph>
        <strong>Demo:</strong> Hvem som helst kan logge inn som hvem som helst her. Bruk ikke ekte opplysninger.
      </Paragraph>
    </Alert>
  );
}
