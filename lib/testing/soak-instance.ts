/**
 * One Gatehouse instance for the soak: the launcher's invoke hot path (personal access token calls) on its
 * own HTTP server and its own connection pool, on the PostgreSQL of DATABASE_URL. It prints `port <n>`
 * once it listens; GET /rss reports its resident memory.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { matchInvokeFastPath, serveInvoke } from "@/lib/api/invoke-fast-path";
import { getDatabase } from "@/lib/db/client";
import { pingDatabase } from "@/lib/db/health";

async function main() {
  await getDatabase();
  // The first query loads Prisma's query engine: done before listening, so no caller waits for it.
  await pingDatabase();
  const server = http.createServer((request, response) => {
    const invoke = matchInvokeFastPath(request);
    if (invoke) return void serveInvoke(request, response, invoke);
    if (request.url === "/rss") {
      response.writeHead(200, { "Content-Type": "application/json" });
      return void response.end(JSON.stringify({ rss: process.memoryUsage().rss }));
    }
    response.writeHead(404).end();
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`));
}

void main();
