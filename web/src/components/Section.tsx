import { Heading } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";

/** A part of a page under its own heading, named by it for screen readers' landmarks. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="stack" aria-labelledby={id}>
      <Heading level={2} data-size="sm" id={id}>
        {title}
      </Heading>
      {children}
    </section>
  );
}
