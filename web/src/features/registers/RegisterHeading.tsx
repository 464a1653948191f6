import { Paragraph } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { PageHeading } from "@/components/Status";

/** A register's page head: the way back to Registre, its title, and where to add one for who may. */
export function RegisterHeading({ title, add }: { title: string; add?: { to: string; text: string } | false }) {
  return (
    <>
      <Paragraph data-size="sm">
        <AppLink to="/registre">Registre</AppLink>
      </Paragraph>
      <PageHeading title={title}>{title}</PageHeading>
      {add && (
        <Paragraph>
          <AppLink to={add.to}>{add.text}</AppLink>
        </Paragraph>
      )}
    </>
  );
}
