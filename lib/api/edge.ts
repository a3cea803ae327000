import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";
import { CLIENT_ADDRESS_HEADER, resolveClientAddress } from "@/lib/services/rate-limit";
import { malformedPath, MAX_BODY_BYTES, payloadTooLarge } from "./core";
import { errorBody } from "./responses";

/**
 * What the launcher does to every request before anything else sees it: records the client's address
 * in a header of its own (deleting any copy a client sent, and the forwarding headers a client could
 * write when no trusted proxy is in front), and refuses at once what no route may take: a malformed
 * path, a declared body over the cap, too many headers.
 */

/** More headers than any browser or API client sends; the rest would only cost parsing. */
export const MAX_REQUEST_HEADERS = 100;

const FORWARDING_HEADERS = ["x-forwarded-for", "x-real-ip", "forwarded"];

export function prepareIncomingRequest(request: IncomingMessage, trustProxy: number): AppError | null {
  const address = resolveClientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], trustProxy);
  delete request.headers[CLIENT_ADDRESS_HEADER];
  if (trustProxy === 0) for (const name of FORWARDING_HEADERS) delete request.headers[name];
  request.headers[CLIENT_ADDRESS_HEADER] = address;

  if (request.rawHeaders.length / 2 > MAX_REQUEST_HEADERS) {
    return new AppError("bad_request", `A request may carry at most ${MAX_REQUEST_HEADERS} headers`);
  }
  const pathname = (request.url ?? "/").split("?")[0]!;
  try {
    decodeURIComponent(pathname);
  } catch {
    return malformedPath();
  }
  const declared = Number(request.headers["content-length"] ?? "");
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return payloadTooLarge();
  return null;
}

/** Answers a refused request in the contract's error shape and closes the connection (a body may follow). */
export function sendRefusal(response: ServerResponse, error: AppError): void {
  const payload = JSON.stringify(errorBody(error));
  response.writeHead(error.status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(payload),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    Connection: "close",
  });
  response.end(payload);
}
