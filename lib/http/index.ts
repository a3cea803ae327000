export { createOutboundClient } from "./outbound-client";
export type {
  LookupFunction,
  OutboundClient,
  OutboundClientOptions,
  OutboundRequest,
  OutboundResponse,
  ResolvedAddress,
} from "./outbound-client";
export { OutboundError } from "./outbound-error";
export type { OutboundErrorCode } from "./outbound-error";
export { describeBlockedReason, getBlockedRange, isBlockedAddress } from "./ip-address";
export type { BlockedRange } from "./ip-address";
export { checkUrlPolicy } from "./url-policy";
export type { UrlPolicyOptions, UrlPolicyResult } from "./url-policy";
export { describeUrl, redactSecrets } from "@/lib/oauth/redact";
