import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";

/**
 * Where webhooks may NOT go when private networks are not allowed (production by default): an
 * administrator of one organisation must not be able to make Admit POST to its own loopback,
 * the cloud metadata service (169.254.169.254) or anything else on the internal network (SSRF).
 * Special-use ranges of RFC 6890 and friends, both families.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  BLOCKED.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b::", 96], // NAT64: would reach an IPv4 address, possibly an internal one
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4: embeds an IPv4 address
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routed by some)
  ["ff00::", 8], // multicast
] as const)
  BLOCKED.addSubnet(network, prefix, "ipv6");

/** True for an address webhooks must not reach on a locked-down network. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family !== 6) return true; // not an address at all: refuse rather than guess
  // IPv4-mapped/compatible (::ffff:10.0.0.1, ::ffff:a00:1): judged as the IPv4 address inside.
  const mapped = /^::(?:ffff:(?:0{1,4}:)?)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return isPrivateAddress(mapped[1]);
  const hex = /^::ffff:([\da-f]{1,4}):([\da-f]{1,4})$/i.exec(address);
  if (hex?.[1] && hex[2]) {
    const n = (parseInt(hex[1], 16) << 16) | parseInt(hex[2], 16);
    return isPrivateAddress([24, 16, 8, 0].map((s) => (n >>> s) & 255).join("."));
  }
  return BLOCKED.check(address, "ipv6");
}

/** A URL's host without IPv6 brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

export class BlockedAddressError extends Error {
  readonly code = "EWEBHOOKBLOCKED";
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      host === address
        ? `${address} is a private or special-use address`
        : `${host} resolves to ${address}, a private or special-use address`,
    );
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http(s).request that refuses private addresses. The check is on the addresses
 * the socket will actually connect to (not a separate, earlier resolution), so a hostname that
 * resolves to a public address when the endpoint is saved and to an internal one when a
 * delivery is sent (DNS rebinding) is still refused.
 */
export function guardedLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { ...options, all: true } as { all: true }, (error, addresses) => {
    if (error) return callback(error, options.all ? [] : "");
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), options.all ? [] : "");
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    return first
      ? callback(null, first.address, first.family)
      : callback(new Error(`no address for ${hostname}`), "");
  });
}

/**
 * Refuses a URL whose host is, or currently resolves to, a private address (when an endpoint is
 * created or changed, so the admin gets a clear answer at once). A host that does not resolve
 * (yet) is accepted: sending checks again, on every delivery.
 */
export async function privateAddressOf(url: URL): Promise<string | undefined> {
  const host = hostOf(url);
  if (isIP(host)) return isPrivateAddress(host) ? host : undefined;
  if (host === "localhost" || host.endsWith(".localhost")) return host;
  const addresses = await new Promise<LookupAddress[]>((resolve) =>
    dnsLookup(host, { all: true }, (error, found) => resolve(error ? [] : found)),
  );
  return addresses.find((a) => isPrivateAddress(a.address))?.address;
}
