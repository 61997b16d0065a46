// IP address / CIDR filters (IPv4 and IPv6), shared by the contract (validation) and the cache
// (range columns). IPv4 → a 32-bit integer range; IPv6 → a range over the 32-hex-digit form.
import ipaddr from 'ipaddr.js';

export type IpRange = { family: 4; lo: number; hi: number } | { family: 6; lo: string; hi: string };

/** The fixed-width key of an IPv6 address: 32 lowercase hex digits (order-preserving). */
function v6Hex(addr: ipaddr.IPv6): string {
  return addr.parts.map((p) => p.toString(16).padStart(4, '0')).join('');
}

function v4Num(addr: ipaddr.IPv4): number {
  const o = addr.octets;
  return ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
}

/** The sortable key of one address as stored in the cache, or null when it is not an address. */
export function ipKey(ip: string): { ip4: number | null; ip6: string | null } {
  const s = ip.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return { ip4: v4Num(ipaddr.IPv4.parse(s)), ip6: null };
  if (ipaddr.IPv6.isValid(s)) {
    const a = ipaddr.IPv6.parse(s);
    if (a.isIPv4MappedAddress()) return { ip4: v4Num(a.toIPv4Address()), ip6: null };
    return { ip4: null, ip6: v6Hex(a) };
  }
  return { ip4: null, ip6: null };
}

/**
 * Parses an address or a CIDR range ("10.1.0.0/16", "2001:db8::/32", "10.1.2.3").
 * Returns a readable error instead of throwing.
 */
export function parseIpFilter(input: string): { ok: true; range: IpRange } | { ok: false; message: string } {
  const s = input.trim();
  if (s.length === 0 || s.length > 64) return { ok: false, message: 'Enter an IP address or a CIDR range.' };
  const slash = s.indexOf('/');
  const addrPart = slash === -1 ? s : s.slice(0, slash);
  const bitsPart = slash === -1 ? null : s.slice(slash + 1);
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(addrPart)) addr = ipaddr.IPv4.parse(addrPart);
  else if (ipaddr.IPv6.isValid(addrPart)) addr = ipaddr.IPv6.parse(addrPart);
  else
    return {
      ok: false,
      message: `"${addrPart.slice(0, 64)}" is not an IPv4 or IPv6 address (examples: 10.0.0.0/8, 2001:db8::/32).`,
    };
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    const v4 = (addr as ipaddr.IPv6).toIPv4Address();
    const bits6 = bitsPart === null ? 128 : Number(bitsPart);
    if (bitsPart !== null && (!/^\d{1,3}$/.test(bitsPart) || bits6 < 96 || bits6 > 128))
      return { ok: false, message: 'The prefix length of an IPv4-mapped range must be 96–128.' };
    addr = v4;
    return rangeOf(v4, bits6 - 96);
  }
  const max = addr.kind() === 'ipv4' ? 32 : 128;
  let bits = max;
  if (bitsPart !== null) {
    if (!/^\d{1,3}$/.test(bitsPart) || Number(bitsPart) > max)
      return { ok: false, message: `The prefix length after "/" must be a number from 0 to ${max}.` };
    bits = Number(bitsPart);
  }
  return rangeOf(addr, bits);
}

function rangeOf(addr: ipaddr.IPv4 | ipaddr.IPv6, bits: number): { ok: true; range: IpRange } {
  if (addr.kind() === 'ipv4') {
    const n = v4Num(addr as ipaddr.IPv4);
    const size = 2 ** (32 - bits);
    const lo = Math.floor(n / size) * size;
    return { ok: true, range: { family: 4, lo, hi: lo + size - 1 } };
  }
  const hex = v6Hex(addr as ipaddr.IPv6);
  // Work in bits: keep the first `bits`, zero / one-fill the rest.
  const bin = [...hex].map((h) => parseInt(h, 16).toString(2).padStart(4, '0')).join('');
  const keep = bin.slice(0, bits);
  const toHex = (b: string) => (b.match(/.{4}/g) ?? []).map((q) => parseInt(q, 2).toString(16)).join('');
  return {
    ok: true,
    range: { family: 6, lo: toHex(keep.padEnd(128, '0')), hi: toHex(keep.padEnd(128, '1')) },
  };
}

/** The network a device connects from, for the "new network" flag: IPv4 /24, IPv6 /64. */
export function networkOf(ip: string): string {
  const k = ipKey(ip);
  if (k.ip4 !== null) return `4:${Math.floor(k.ip4 / 256)}`;
  if (k.ip6 !== null) return `6:${k.ip6.slice(0, 16)}`;
  return `?:${ip}`;
}
