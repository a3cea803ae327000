/**
 * A second Gatehouse instance for the cross-process tests: a separate Node process with its own module
 * graph, hot caches, in-process refresh map and connection pool, on the same PostgreSQL (DATABASE_URL).
 *   invoke <userId> <installationId> <apiName> <count>  runs `count` concurrent invokes, prints their statuses
 *   refresh <userId> <installationId> <configName>      forces one refresh, prints "refreshed" or the error's code
 *   serve                                               answers invokes one per stdin line until stdin ends:
 *                                                       `<userId> <installationId> <apiName>` → {"status", "body"} or
 *                                                       {"status", "code"} for an error, one JSON line each;
 *                                                       `token <personal access token>` → {"userId"} (null when refused)
 */
import { createInterface } from "node:readline";
import { getDatabase } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { authenticateAccessToken } from "@/lib/services/accounts";
import { loadInstallationContext, findOAuthConfig } from "@/lib/services/installation-context";
import { invokeApi } from "@/lib/services/invoke";
import { forceRefresh } from "@/lib/services/token-refresh";

async function main() {
  const [command, userId = "", installationId = "", name = "", count = "1"] = process.argv.slice(2);
  const db = await getDatabase();
  // The first query loads Prisma's query engine, which can take seconds on a busy machine: not on the clock.
  await db.prisma.$queryRaw`SELECT 1`;
  // Tell the parent the instance is ready, so both start their storms together.
  process.stdout.write("ready\n");
  if (command === "serve") {
    for await (const line of createInterface({ input: process.stdin })) {
      const [user = "", installation = "", api = ""] = line.trim().split(" ");
      if (user === "token") {
        process.stdout.write(`${JSON.stringify({ userId: (await authenticateAccessToken(installation))?.id ?? null })}\n`);
        continue;
      }
      const answer = await invokeApi(user, installation, api, {}).then(
        (result) => ({ status: result.status, body: result.body }),
        (error: unknown) => (error instanceof AppError ? { status: error.status, code: error.code } : { status: 500, code: String(error) }),
      );
      process.stdout.write(`${JSON.stringify(answer)}\n`);
    }
  } else {
    await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  }
  if (command === "invoke") {
    const results = await Promise.allSettled(Array.from({ length: Number(count) }, () => invokeApi(userId, installationId, name, {})));
    const statuses = results.map((result) => (result.status === "fulfilled" ? result.value.status : `error:${(result.reason as Error).message}`));
    process.stdout.write(`${JSON.stringify(statuses)}\n`);
  } else if (command === "refresh") {
    const context = await loadInstallationContext(userId, installationId);
    const outcome = await forceRefresh(context, findOAuthConfig(context, name)).then(
      () => "refreshed",
      (error: unknown) => (error instanceof AppError ? error.code : String(error)),
    );
    process.stdout.write(`${outcome}\n`);
  }
  await db.close();
  // Keep-alive sockets of the outbound client would hold the process open.
  process.exit(0);
}

void main();
