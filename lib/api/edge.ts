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

/** Answers a refused request in the contract's error shape, reading whatever of its body still arrives into nothing. */
export function sendRefusal(request: IncomingMessage, response: ServerResponse, error: AppError): void {
  const payload = JSON.stringify(errorBody(error));
  lingerOverRefusedBody(request, response);
  response.writeHead(error.status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(payload),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  response.end(payload);
}

/** How much of a refused body is read into nothing, and for how long, before the connection is cut instead. */
export const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;
export const MAX_LINGER_MS = 10_000;

/**
 * Call before answering a request whose body is refused part way. Closing the socket while the client is
 * still sending makes the kernel answer with a reset, and a client busy writing then loses the answer it
 * was sent (it sees EPIPE, never the 413). Node closes right after the answer when the client asked for
 * `Connection: close`, so the answer keeps the connection open, and the rest of the body is read into
 * nothing (no memory grows) until it ends, `MAX_DISCARDED_BYTES` have come, or `MAX_LINGER_MS` pass.
 */
export function lingerOverRefusedBody(request: IncomingMessage, response: ServerResponse): void {
  if (request.complete) return;
  response.shouldKeepAlive = true;
  const socket = request.socket;
  const timer = setTimeout(() => socket.destroy(), MAX_LINGER_MS);
  timer.unref();
  let discarded = 0;
  request.removeAllListeners("data");
  request.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARDED_BYTES) socket.destroy();
  });
  request.once("end", () => clearTimeout(timer));
  socket.once("close", () => clearTimeout(timer));
  request.resume();
}
