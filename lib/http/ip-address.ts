import { isIPv4, isIPv6 } from "node:net";

export type BlockedRange =
  | "loopback"
  | "private"
  | "link_local"
  | "metadata"
  | "unspecified"
  | "carrier_grade_nat"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "reserved"
  | "not_an_ip";

type Ipv4Rule = { base: number; mask: number; range: BlockedRange };

// Everything IANA lists as not globally reachable, plus cloud metadata endpoints; specific entries come first
// so the description is the most useful one.
const IPV4_RULES: Ipv4Rule[] = (
  [
    ["169.254.169.254/32", "metadata"],
    ["168.63.129.16/32", "metadata"],
    ["255.255.255.255/32", "broadcast"],
    ["0.0.0.0/8", "unspecified"],
    ["10.0.0.0/8", "private"],
    ["100.64.0.0/10", "carrier_grade_nat"],
    ["127.0.0.0/8", "loopback"],
    ["169.254.0.0/16", "link_local"],
    ["172.16.0.0/12", "private"],
    ["192.0.0.0/24", "reserved"],
    ["192.0.2.0/24", "documentation"],
    ["192.88.99.0/24", "reserved"],
    ["192.168.0.0/16", "private"],
    ["198.18.0.0/15", "reserved"],
    ["198.51.100.0/24", "documentation"],
    ["203.0.113.0/24", "documentation"],
    ["224.0.0.0/4", "multicast"],
    ["240.0.0.0/4", "reserved"],
  ] as const
).map(([cidr, range]) => {
  const [address, prefix] = cidr.split("/") as [string, string];
  const bits = Number(prefix);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: ipv4ToNumber(address), mask, range };
});

const RANGE_DESCRIPTIONS: Record<BlockedRange, string> = {
  loopback: "a loopback address",
  private: "a private-network address",
  link_local: "a link-local address",
  metadata: "a cloud metadata address",
  unspecified: "an unspecified address",
  carrier_grade_nat: "a carrier-grade NAT address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  documentation: "a documentation-only address",
  reserved: "a reserved address",
  not_an_ip: "not a valid IP address",
};

/** Names the non-public range an IP address falls in (looking inside IPv4-mapped, NAT64 and 6to4 forms), or null when it is public; anything that is not an IP counts as blocked. */
export function getBlockedRange(ip: string): BlockedRange | null {
  if (isIPv4(ip)) return classifyIpv4(ipv4ToNumber(ip));
  const hextets = parseIpv6(ip);
  return hextets ? classifyIpv6(hextets) : "not_an_ip";
}

/** Whether the outbound policy refuses to connect to this IP address when private networks are not allowed. */
export function isBlockedAddress(ip: string): boolean {
  return getBlockedRange(ip) !== null;
}

/** A sentence fragment such as "127.0.0.1 is a loopback address", or null when the address is allowed. */
export function describeBlockedReason(ip: string): string | null {
  const range = getBlockedRange(ip);
  return range === null ? null : `${ip} is ${RANGE_DESCRIPTIONS[range]}`;
}

function classifyIpv4(value: number): BlockedRange | null {
  for (const rule of IPV4_RULES) {
    if ((value & rule.mask) >>> 0 === rule.base) return rule.range;
  }
  return null;
}

function classifyIpv6(h: number[]): BlockedRange | null {
  const [h0, h1, h2, h3, h4, h5, h6, h7] = h as [number, number, number, number, number, number, number, number];
  const embeddedIpv4 = ((h6 << 16) | h7) >>> 0;
  const upperZero = h0 === 0 && h1 === 0 && h2 === 0 && h3 === 0 && h4 === 0;

  if (upperZero && h5 === 0 && h6 === 0 && h7 === 0) return "unspecified";
  if (upperZero && h5 === 0 && h6 === 0 && h7 === 1) return "loopback";
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): the host reached is the IPv4 one.
  if (upperZero && (h5 === 0xffff || h5 === 0)) return classifyIpv4(embeddedIpv4);
  if (h0 === 0x64 && h1 === 0xff9b && h2 === 0 && h3 === 0 && h4 === 0 && h5 === 0) return classifyIpv4(embeddedIpv4);
  if (h0 === 0x2002) return classifyIpv4(((h1 << 16) | h2) >>> 0);
  if (h0 === 0xfd00 && h1 === 0x0ec2 && h2 === 0 && h3 === 0 && h4 === 0 && h5 === 0 && h6 === 0 && h7 === 0x254) {
    return "metadata";
  }
  if ((h0 & 0xfe00) === 0xfc00) return "private";
  if ((h0 & 0xffc0) === 0xfe80) return "link_local";
  if ((h0 & 0xffc0) === 0xfec0) return "private";
  if ((h0 & 0xff00) === 0xff00) return "multicast";
  if ((h0 === 0x2001 && h1 === 0x0db8) || (h0 === 0x3fff && (h1 & 0xf000) === 0)) return "documentation";
  // 2001::/23 holds Teredo (which hides an IPv4 address), ORCHID and other non-routable assignments.
  if (h0 === 0x2001 && (h1 & 0xfe00) === 0) return "reserved";
  // Only 2000::/3 is allocated as global unicast; the rest (64:ff9b:1::/48, 100::/64 …) is not reachable publicly.
  if ((h0 & 0xe000) !== 0x2000) return "reserved";
  return null;
}

function ipv4ToNumber(ip: string): number {
  const [a, b, c, d] = ip.split(".").map(Number) as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** Parses an IPv6 address (optionally with a zone id or trailing dotted IPv4) into eight 16-bit groups. */
function parseIpv6(ip: string): number[] | null {
  const address = ip.replace(/%.*$/, "");
  if (!isIPv6(address)) return null;
  const groups = (text: string): number[] => {
    if (text === "") return [];
    return text.split(":").flatMap((part) => {
      if (!part.includes(".")) return [parseInt(part, 16)];
      const value = ipv4ToNumber(part);
      return [value >>> 16, value & 0xffff];
    });
  };
  const [head = "", tail] = address.split("::");
  if (tail === undefined) return groups(head);
  const left = groups(head);
  const right = groups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
