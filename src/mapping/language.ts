/**
 * Finds the organisation's language for a tag an IdP sent: `preferredLanguage` is RFC 7231
 * style ("da-DK"), `locale` often POSIX style ("da_DK"), and some send "DA". The exact tag wins
 * ("en-GB" when the organisation enables "en-GB"), then the base language ("da-DK" → "da").
 * Returns undefined when the organisation enables neither.
 */
export function matchLanguage(value: string, enabled: readonly string[]): string | undefined {
  // Accept-Language style lists ("da-DK,da;q=0.9") name the preferred tag first.
  const first = value.split(",")[0] ?? "";
  // POSIX locales may carry an encoding or modifier: "da_DK.UTF-8", "de_DE@euro".
  const tag = (first.split(/[;.@]/)[0] ?? "").trim().replace(/_/g, "-").toLowerCase();
  if (tag === "") return undefined;
  const exact = enabled.find((language) => language.toLowerCase() === tag);
  if (exact !== undefined) return exact;
  const base = tag.split("-")[0];
  return enabled.find((language) => language.toLowerCase() === base);
}
