/** A submitted form's text fields, trimmed ("" for a field it lacks). */
export function formText(event: { currentTarget: HTMLFormElement }): (name: string) => string {
  const form = new FormData(event.currentTarget);
  return (name) => String(form.get(name) ?? "").trim();
}
