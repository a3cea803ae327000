import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, unauthorized } from "@/lib/errors";
import { invokeRequestSchema } from "@/lib/schemas/invoke";
import { apiParams } from "@/lib/schemas/params";
import { authenticateAccessToken } from "@/lib/services/accounts";
import { invokeApi } from "@/lib/services/invoke";
import { parseJsonBody, parseWith, toAppError } from "./handler";
import { errorBody } from "./responses";

/**
 * POST /api/v1/installations/{id}/apis/{apiName}/invoke for scripts (a personal access token), served by
 * the launcher's Node server ahead of Next.js's router. It is the product's hot path: the same parsing,
 * service and errors as the route handler, without turning each request into web Request and Response
 * objects. Calls with the session cookie (the Try it panel) go through Next.js and the route handler.
 */

const INVOKE_PATH = /^\/api\/v1\/installations\/([^/?#]+)\/apis\/([^/?#]+)\/invoke\/?(?:\?.*)?$/;
const MAX_BODY_BYTES = 1024 * 1024;

export interface InvokeTarget {
  id: string;
  apiName: string;
  token: string;
}

/** The invoke call this request is, when it is one the fast path serves. */
export function matchInvokeFastPath(request: IncomingMessage): InvokeTarget | null {
  if (request.method !== "POST" || !request.url) return null;
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  const match = token ? INVOKE_PATH.exec(request.url) : null;
  if (!match || !token) return null;
  try {
    return { id: decodeURIComponent(match[1]!), apiName: decodeURIComponent(match[2]!), token };
  } catch {
    return null;
  }
}

export async function serveInvoke(request: IncomingMessage, response: ServerResponse, target: InvokeTarget): Promise<void> {
  try {
    const user = await authenticateAccessToken(target.token);
    if (!user) throw unauthorized();
    const params = parseWith(apiParams, { id: target.id, apiName: target.apiName }, "params")!;
    const body = parseWith(invokeRequestSchema, parseJsonBody(await readBody(request)), "body")!;
    send(response, 200, await invokeApi(user.id, params.id, params.apiName, body));
  } catch (error) {
    const appError = toAppError(error, request.url ?? "");
    send(response, appError.status, errorBody(appError), appError.headers);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AppError("bad_request", "The request body is larger than 1 MiB"));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
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
