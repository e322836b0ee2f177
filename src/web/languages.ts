/** A language's own name ("English", "Dansk", "Deutsch"), for language choices. */
export function languageName(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: "language" }).of(tag) ?? tag;
    return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
  } catch {
    return tag;
  }
}

export const languageOptions = (tags: string[]) =>
  tags.map((tag) => ({ value: tag, label: languageName(tag), lang: tag }));
