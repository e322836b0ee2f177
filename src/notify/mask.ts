/**
 * Masked recipients for status pages and stored errors: enough for an administrator to recognise
 * which address was used, never enough to contact the person (PRODUCT.md §3 delivery status).
 */
export function maskRecipient(to: string): string {
  const at = to.lastIndexOf("@");
  if (at > 0) return `${to.slice(0, 1)}***${to.slice(at)}`;
  if (to.length <= 5) return "*".repeat(to.length);
  // +4520123478 → +45******78: the country code and the last two digits.
  return `${to.slice(0, 3)}${"*".repeat(to.length - 5)}${to.slice(-2)}`;
}

const EMAIL = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[A-Za-z]{2,}/g;
const PHONE = /\+\d[\d ]{6,17}\d/g;

/**
 * Provider errors quote the recipient ("550 <alice@x.com>: no such user"); what we store and
 * log has every address masked and is cut to the column's size.
 */
export function scrubError(message: string, max = 1000): string {
  const scrubbed = message
    .replace(EMAIL, (m) => maskRecipient(m))
    .replace(PHONE, (m) => maskRecipient(m.replace(/ /g, "")))
    .replace(/\s+/g, " ")
    .trim();
  return scrubbed.length > max ? `${scrubbed.slice(0, max - 1)}…` : scrubbed;
}
