/**
 * The outbound client's guarded name resolution: every address a name resolves to is checked against the
 * blocked ranges inside the socket's own lookup, so the address checked is the address connected to.
 */
import { lookup as dnsLookup } from "node:dns";
import type { LookupFunction as NetLookupFunction } from "node:net";
import { describeBlockedReason } from "./ip-address";

/** Raised inside the socket's DNS lookup, where the request's secrets are not known; turned into an OutboundError later. */
export class BlockedLookupError extends Error {
  constructor(
    readonly hostname: string,
    readonly reason: string,
  ) {
    super(`Refused to connect to ${hostname}: ${reason}`);
  }
}

export function createNetLookup(resolve: LookupFunction, isChecked: boolean): NetLookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (isChecked) {
          // One bad address refuses the whole name: a mix of public and private answers is a rebinding attempt.
          for (const { address } of addresses) {
            const reason = describeBlockedReason(address);
            if (reason) return callback(new BlockedLookupError(hostname, reason), "", 0);
          }
        }
        const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : (options.family ?? 0);
        const usable = family === 0 ? addresses : addresses.filter((entry) => entry.family === family);
        const first = usable[0];
        if (!first) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = "ENOTFOUND";
          return callback(error, "", 0);
        }
        if (options.all) return callback(null, usable);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

export function resolveWithDns(hostname: string): Promise<ResolvedAddress[]> {
  return new Promise((resolveAddresses, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolveAddresses(addresses)));
  });
}

export type ResolvedAddress = { address: string; family: number };

/** Resolves a host name to every address it has; injectable so tests can point names anywhere. */
export type LookupFunction = (hostname: string) => Promise<ResolvedAddress[]>;
