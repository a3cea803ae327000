import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { getAuthOptions } from "@/lib/auth/options";
import { countAttempt, deleteExpiredBuckets } from "@/lib/db/rate-limits";
import { createTestAccount } from "@/lib/testing/api";
import { startEdgeServer } from "@/lib/testing/edge-server";
import { useTestDatabase } from "@/lib/testing/test-database";
import { resetEnvForTesting, setProcessEnv } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER, enforceRateLimit, RATE_LIMITS, resolveClientAddress, type RateLimitRule } from "./rate-limit";

const db = useTestDatabase();

const randomAddress = () => `${randomInt(1, 224)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
let emailCounter = 0;
const signUpBody = () => JSON.stringify({ email: `burst-${(emailCounter += 1)}-${Date.now()}@example.com`, password: "long enough", organization: "Burst" });

describe("the client's address", () => {
  it("is the socket's, unless TRUST_PROXY names how many proxies append to X-Forwarded-For", () => {
    expect(resolveClientAddress("::ffff:10.0.0.5", "1.2.3.4", 0)).toBe("10.0.0.5");
    expect(resolveClientAddress("10.0.0.5", "6.6.6.6, 1.2.3.4", 1)).toBe("1.2.3.4");
    expect(resolveClientAddress("10.0.0.5", "6.6.6.6, 1.2.3.4, 10.0.0.9", 2)).toBe("1.2.3.4");
    // Fewer entries than proxies: the request did not come through them all.
    expect(resolveClientAddress("10.0.0.5", "1.2.3.4", 2)).toBe("10.0.0.5");
    expect(resolveClientAddress("10.0.0.5", "not an address!", 1)).toBe("10.0.0.5");
  });
});

describe("sign-up from real sockets, through the launcher's request preparation", () => {
  let direct: Awaited<ReturnType<typeof startEdgeServer>>;
  let proxied: Awaited<ReturnType<typeof startEdgeServer>>;
  beforeAll(async () => {
    direct = await startEdgeServer(signup, 0);
    proxied = await startEdgeServer(signup, 1);
  });
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  it("ignores a client's X-Forwarded-For and its own copy of the address header (TRUST_PROXY=0)", async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i <= RATE_LIMITS.signUp.limit; i += 1) {
      last = await direct.send({
        body: signUpBody(),
        localAddress: "127.0.0.2",
        headers: { "x-forwarded-for": randomAddress(), [CLIENT_ADDRESS_HEADER]: randomAddress() },
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, RATE_LIMITS.signUp.limit)).toEqual(Array(RATE_LIMITS.signUp.limit).fill(201));
    expect(last?.status).toBe(429);
    expect(last?.body.error.code).toBe("rate_limited");
    expect(Number(last?.headers["retry-after"])).toBeGreaterThan(0);

    // Another socket address has a bucket of its own.
    expect((await direct.send({ body: signUpBody(), localAddress: "127.0.0.3" })).status).toBe(201);
  });

  it("takes the right-hand entry the proxy appended, whatever the client wrote on the left (TRUST_PROXY=1)", async () => {
    const proxyAppended = "203.0.113.50";
    let last;
    for (let i = 0; i <= RATE_LIMITS.signUp.limit; i += 1) {
      last = await proxied.send({ body: signUpBody(), headers: { "x-forwarded-for": `${randomAddress()}, ${randomAddress()}, ${proxyAppended}` } });
    }
    expect(last?.status).toBe(429);
    expect((await proxied.send({ body: signUpBody(), headers: { "x-forwarded-for": `${proxyAppended}, 203.0.113.51` } })).status).toBe(201);
  });
});

describe("sign-in (next-auth's authorize)", () => {
  const authorize = async () => {
    const options = await getAuthOptions();
    const provider = options.providers[0] as unknown as { options: { authorize: (credentials: unknown, request: unknown) => Promise<unknown> } };
    return (email: string, password: string, headers: Record<string, string>) => provider.options.authorize({ email, password }, { headers });
  };

  it("locks one account after a few failures from any number of addresses", async () => {
    const account = await createTestAccount("victim");
    const signIn = await authorize();
    let refusedAt = 0;
    for (let attempt = 1; attempt <= 30 && refusedAt === 0; attempt += 1) {
      try {
        expect(await signIn(account.email, `wrong ${attempt}`, { [CLIENT_ADDRESS_HEADER]: randomAddress(), "x-forwarded-for": randomAddress() })).toBeNull();
      } catch (error) {
        expect((error as Error).message).toBe("rate_limited");
        refusedAt = attempt;
      }
    }
    expect(refusedAt).toBe(RATE_LIMITS.signInAccount.limit + 1);
    // The right password does not get through the lockout either.
    await expect(signIn(account.email, "correct horse battery", { [CLIENT_ADDRESS_HEADER]: randomAddress() })).rejects.toThrow("rate_limited");
  });

  it("counts a successful sign-in against the address but not the account", async () => {
    const account = await createTestAccount("regular");
    const signIn = await authorize();
    for (let i = 0; i <= RATE_LIMITS.signInAccount.limit; i += 1) {
      expect(await signIn(account.email, "correct horse battery", { [CLIENT_ADDRESS_HEADER]: randomAddress() })).toMatchObject({ id: account.userId });
    }
    const address = randomAddress();
    let refused = false;
    for (let i = 0; i <= RATE_LIMITS.signIn.limit && !refused; i += 1) {
      refused = await signIn(`someone-${i}@example.com`, "guess", { [CLIENT_ADDRESS_HEADER]: address }).then(
        () => false,
        () => true,
      );
    }
    expect(refused).toBe(true);
  });
});

describe("rate limit buckets", () => {
  it.each(Object.values(RATE_LIMITS).filter((rule) => rule.limit <= 30))("limits $name per subject", async (rule) => {
    for (let i = 0; i < rule.limit; i += 1) await enforceRateLimit(rule, "subject-a");
    await expect(enforceRateLimit(rule, "subject-a")).rejects.toMatchObject({ code: "rate_limited", status: 429 });
    await expect(enforceRateLimit(rule, "subject-b")).resolves.toBeUndefined();
  });

  it("counts a batched rule locally, writes it in batches, and refuses within one batch of the limit", async () => {
    const rule = { name: "batched", limit: 90, windowMs: 60_000, by: "custom", batched: true } satisfies RateLimitRule;
    const shared = async () => (await db.get().prisma.rateLimitBucket.findUnique({ where: { key: "batched:s" } }))?.count ?? 0;
    await enforceRateLimit(rule, "s");
    await enforceRateLimit(rule, "s");
    // The first attempt was written; the second waits for its batch (a thirtieth of the limit: 3).
    expect(await shared()).toBe(1);
    let refusedAt = 0;
    for (let attempt = 3; attempt <= 200 && refusedAt === 0; attempt += 1) {
      // Between writes a batched rule refuses at once, with no promise: async () => … covers both.
      await (async () => enforceRateLimit(rule, "s"))().catch((error: unknown) => {
        expect(error).toMatchObject({ code: "rate_limited", status: 429 });
        refusedAt = attempt;
      });
    }
    expect(refusedAt).toBeGreaterThan(rule.limit);
    expect(refusedAt).toBeLessThanOrEqual(rule.limit + 3);
    expect(await shared()).toBeGreaterThanOrEqual(rule.limit);
  });

  it("takes the invoke limit from RATE_LIMIT_INVOKE_PER_MINUTE", () => {
    expect(RATE_LIMITS.invoke.limit).toBe(600);
    setProcessEnv("RATE_LIMIT_INVOKE_PER_MINUTE", "5000");
    resetEnvForTesting();
    try {
      expect(RATE_LIMITS.invoke.limit).toBe(5000);
    } finally {
      delete process.env.RATE_LIMIT_INVOKE_PER_MINUTE;
      resetEnvForTesting();
    }
  });

  it("deletes buckets whose window has ended, and starts a passed window over", async () => {
    await countAttempt("short:a", 200);
    await countAttempt("short:a", 200);
    await countAttempt("long:a", 60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await countAttempt("short:b", 200)).count).toBe(1);
    expect(await deleteExpiredBuckets()).toBeGreaterThanOrEqual(1);
    const keys = (await db.get().prisma.rateLimitBucket.findMany({ where: { key: { in: ["short:a", "long:a", "short:b"] } } })).map((row) => row.key);
    expect(keys.sort()).toEqual(["long:a", "short:b"]);
  });
});
