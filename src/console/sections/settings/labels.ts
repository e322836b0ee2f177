/** "Dansk (da)": a language in its own name, with the tag admins see in files and APIs. */
export function languageLabel(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: "language" }).of(tag) ?? tag;
    return `${name.charAt(0).toLocaleUpperCase(tag) + name.slice(1)} (${tag})`;
  } catch {
    return tag;
  }
}
