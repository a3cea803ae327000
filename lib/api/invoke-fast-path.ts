import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextRequest } from "next/server";
import { payloadTooLarge, runApi } from "./core";
import { lingerOverRefusedBody } from "./edge";
import { invokeEndpoint } from "./invoke-endpoint";

/**
 * POST /api/v1/installations/{id}/apis/{apiName}/invoke for scripts (a personal access token), served by
 * the launcher's Node server ahead of Next.js's router. It is the product's hot path: the same endpoint
 * definition and the same API core as the route handler (authentication, limits, body cap, parsing,
 * errors), without turning each request into web Request and Response objects. Calls with the session
 * cookie (the Try it panel) go through Next.js and the route handler.
 */

const INVOKE_PATH = /^\/api\/v1\/installations\/([^/?#]+)\/apis\/([^/?#]+)\/invoke\/?(?:\?(.*))?$/;

export interface InvokeTarget {
  id: string;
  apiName: string;
  search: string;
}

/** The invoke call this request is, when it is one the fast path serves (a bearer token is present). */
export function matchInvokeFastPath(request: IncomingMessage): InvokeTarget | null {
  if (request.method !== "POST" || !request.url || !/^Bearer\s/i.test(request.headers.authorization ?? "")) return null;
  const match = INVOKE_PATH.exec(request.url);
  if (!match) return null;
  try {
    return { id: decodeURIComponent(match[1]!), apiName: decodeURIComponent(match[2]!), search: match[3] ?? "" };
  } catch {
    return null;
  }
}

export async function serveInvoke(request: IncomingMessage, response: ServerResponse, target: InvokeTarget): Promise<void> {
  const headers = { get: (name: string) => headerValue(request, name) };
  const result = await runApi(invokeEndpoint, {
    method: "POST",
    path: request.url ?? "",
    headers,
    params: () => ({ id: target.id, apiName: target.apiName }),
    query: () => Object.fromEntries(new URLSearchParams(target.search)),
    readBody: (maxBytes) => readNodeBody(request, maxBytes),
    // Only the bearer token is read from it; the fast path never serves the session cookie.
    authRequest: { headers } as unknown as NextRequest,
    isCrossSiteCookieWrite: () => false,
  });
  if ("response" in result) {
    const body = Buffer.from(await result.response.arrayBuffer());
    response.writeHead(result.response.status, { ...Object.fromEntries(result.response.headers), "Content-Length": body.length });
    response.end(body);
    return;
  }
  // A body refused (or never needed) may still be arriving: read it into nothing, so the client gets the answer and not a reset.
  lingerOverRefusedBody(request, response);
  send(response, result.status, result.body, result.headers);
}

function headerValue(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name.toLowerCase()];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}

/** Reads a Node request's body up to `maxBytes`: a larger declared length is refused before reading. */
export function readNodeBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(request.headers["content-length"] ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(payloadTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.off("data", onData);
        request.pause();
        reject(payloadTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(payload),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  response.end(payload);
}
