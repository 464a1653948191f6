// Where in the app an entity named by type and id (a rule finding's, an audit event's) has its page.

/** The app's page of the entity, or null when it has none (a person, a membership, a delivery …).
 * A body has a page only as a subcommittee: `isSubcommittee` says which bodies are. */
export function entityPath(type: string, id: string, isSubcommittee: (bodyId: string) => boolean): string | null {
  switch (type) {
    case "case":
      return `/saker/${id}`;
    case "meeting":
      return `/moter/${id}`;
    case "decision":
      return `/vedtak/${id}`;
    case "document":
      return `/dokumenter/${id}`;
    case "annual_plan":
      return "/arsplaner";
    case "webhook":
      return `/webhooker/${id}`;
    case "body":
      return isSubcommittee(id) ? `/underutvalg/${id}` : null;
    default:
      return null;
  }
}
