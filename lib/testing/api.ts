import { NextRequest } from "next/server";
import { createUserWithOrganization } from "@/lib/db/accounts";
import { hashPassword } from "@/lib/crypto";
import { createPersonalAccessToken } from "@/lib/services/accounts";
import { CLIENT_ADDRESS_HEADER } from "@/lib/services/rate-limit";

type Route = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let addressCounter = 0;

/** A client address no other call of this process uses (198.18.0.0/15 is reserved for tests). */
export function uniqueClientAddress(): string {
  addressCounter += 1;
  return `198.18.${Math.floor(addressCounter / 256) % 256}.${addressCounter % 256}`;
}

/**
 * Calls a route handler the way Next.js behind the launcher would, with an optional bearer token and JSON
 * body. `address` stands for the socket's address the launcher reports (each call gets its own unless
 * given, so rate limits by address only meet when a test means them to).
 */
export async function callRoute(
  route: Route,
  options: {
    method?: string;
    path?: string;
    params?: Record<string, string>;
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    address?: string;
  } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers = new Headers(options.headers);
  headers.set(CLIENT_ADDRESS_HEADER, options.address ?? uniqueClientAddress());
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers.set("content-type", "application/json");
  const request = new NextRequest(new URL(options.path ?? "/api/test", "http://localhost:3000"), {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
  const response = await route(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

let counter = 0;

/** A new user who owns a new organization, with a personal access token for API calls. */
export async function createTestAccount(label = "user") {
  counter += 1;
  const email = `${label}-${counter}-${Date.now()}@example.com`;
  const { userId, organizationId } = await createUserWithOrganization({
    email,
    name: label,
    passwordHash: await hashPassword("correct horse battery"),
    organizationName: `${label} org ${counter}`,
  });
  return { userId, organizationId, email, token: await createPersonalAccessToken(userId, "test") };
}
