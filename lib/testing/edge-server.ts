import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { prepareIncomingRequest, sendRefusal } from "@/lib/api/edge";

type Route = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * A real HTTP server that treats each request as the launcher does (`prepareIncomingRequest`) and then
 * hands it to one route handler, as Next.js would: for tests of what reaches a route from a real socket.
 */
export async function startEdgeServer(route: Route, trustProxy: number, params: Record<string, string> = {}) {
  const server = http.createServer((request, response) => {
    void (async () => {
      const refusal = prepareIncomingRequest(request, trustProxy);
      if (refusal) return sendRefusal(request, response, refusal);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
      const hasBody = request.method !== "GET" && request.method !== "HEAD";
      const body = hasBody
        ? new ReadableStream<Uint8Array>({
            start(controller) {
              request.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
              request.on("end", () => controller.close());
              request.on("error", (error) => controller.error(error));
            },
            cancel() {
              request.pause();
            },
          })
        : undefined;
      const result = await route(
        new NextRequest(`http://localhost:3000${request.url}`, { method: request.method, headers, body, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]),
        { params: Promise.resolve(params) },
      );
      const payload = Buffer.from(await result.arrayBuffer());
      response.writeHead(result.status, { ...Object.fromEntries(result.headers), "Content-Length": payload.length, Connection: "close" });
      response.end(payload);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    /** Sends a request from a chosen loopback address (127.0.0.0/8 all reach this server on Linux). */
    send: (options: { method?: string; path?: string; headers?: Record<string, string>; body?: string; localAddress?: string }) =>
      new Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
        const request = http.request(
          {
            host: "127.0.0.1",
            port,
            method: options.method ?? "POST",
            path: options.path ?? "/",
            headers: { "content-type": "application/json", ...options.headers },
            localAddress: options.localAddress,
            agent: false,
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : null });
            });
          },
        );
        request.on("error", reject);
        request.end(options.body);
      }),
  };
}
