/** The injected HTTP client: the engine never opens a connection itself. */

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends one request; throws on a network failure or time-out, resolves with any HTTP status. */
export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;

/** The value of a header whatever the case of its name: the one lookup for every header map of the product. */
export function readHeader(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
}

export function hasHeader(headers: Record<string, string>, name: string): boolean {
  return readHeader(headers, name) !== undefined;
}
