import { describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { callRoute } from "@/lib/testing/api";
import { useTestDatabase } from "@/lib/testing/test-database";
import { enforceRateLimit, RATE_LIMITS } from "./rate-limit";

useTestDatabase();

describe("rate limits", () => {
  it("answers sign-up with 429 and Retry-After once the window's limit is passed", async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i <= RATE_LIMITS.signUp.limit; i += 1) {
      last = await callRoute(signup, {
        body: { email: `burst-${i}@example.com`, password: "long enough", organization: "Burst" },
        headers: { "x-forwarded-for": "203.0.113.7" },
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, RATE_LIMITS.signUp.limit)).toEqual(Array(RATE_LIMITS.signUp.limit).fill(201));
    expect(last?.status).toBe(429);
    expect(last?.body.error.code).toBe("rate_limited");
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);

    const otherClient = await callRoute(signup, {
      body: { email: "elsewhere@example.com", password: "long enough", organization: "Else" },
      headers: { "x-forwarded-for": "198.51.100.9" },
    });
    expect(otherClient.status).toBe(201);
  });

  it.each(Object.values(RATE_LIMITS))("limits $name per subject", async (rule) => {
    for (let i = 0; i < rule.limit; i += 1) await enforceRateLimit(rule, "subject-a");
    await expect(enforceRateLimit(rule, "subject-a")).rejects.toMatchObject({ code: "rate_limited", status: 429 });
    await expect(enforceRateLimit(rule, "subject-b")).resolves.toBeUndefined();
  });
});
