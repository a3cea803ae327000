import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_BASE_URL, E2E_PORT } from "./playwright.config";

/**
 * The request edge: security headers and CSP in a real browser, the origin-checked redirects of next-auth,
 * and, on a launcher of its own with rate limits on (the suite's main server turns them off), the
 * loopback default, the body cap under 20 MiB uploads and the sign-in lockout.
 */

const DEMO = { owner: "owner@demo.gatehouse.test", admin: "admin@demo.gatehouse.test", member: "member@demo.gatehouse.test", password: "gatehouse-demo" };
// A port of its own: the main job's port plus three (the PostgreSQL instances take the next two).
const EDGE_PORT = Number(process.env.E2E_EDGE_PORT ?? E2E_PORT + 3);
const EDGE_URL = `http://127.0.0.1:${EDGE_PORT}`;

async function signIn(request: APIRequestContext, email: string, password: string, extra: Record<string, string> = {}) {
  const csrf = (await (await request.get("/api/auth/csrf")).json()).csrfToken as string;
  return request.post("/api/auth/callback/credentials", { form: { csrfToken: csrf, email, password, json: "true", ...extra }, maxRedirects: 0 });
}

/** Collects CSP violations the page reports, from its first script on. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return violations;
}

test.describe("security headers", () => {
  test("@edge the main pages work under the CSP and report no violation", async ({ page }) => {
    const violations = await watchCsp(page);
    const first = await page.goto("/signin");
    const csp = first?.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(first?.headers()["x-content-type-options"]).toBe("nosniff");
    expect(first?.headers()["referrer-policy"]).toBeTruthy();
    await page.getByLabel("Email").fill(DEMO.member);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).not.toHaveURL(/\/signin/);
    for (const path of ["/", "/installations", "/store", "/apps"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
    // Hydrated (React answers clicks): the installations list links through client-side navigation.
    await page.goto("/installations");
    await page.getByRole("link", { name: "Sandbox Notes" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sandbox Notes" })).toBeVisible();
    const installationId = /\/installations\/([^/?]+)/.exec(page.url())![1]!;
    await page.goto(`/connect/${installationId}/sandbox`);
    await expect(page.getByRole("button", { name: "Allow access" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
  });

  test("@edge the consent page refuses to render in a frame on another origin", async ({ page }) => {
    // Sign in first, so that a frameable consent page would show its "Allow access" button.
    await page.goto("/signin?callbackUrl=/installations");
    await page.getByLabel("Email").fill(DEMO.member);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Sandbox Notes" }).click();
    await expect(page).toHaveURL(/\/installations\/[^/?]+/);
    const installationId = /\/installations\/([^/?]+)/.exec(page.url())![1]!;
    const target = `${E2E_BASE_URL}/connect/${installationId}/sandbox`;
    const framer = http.createServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "text/html" });
      response.end(`<!doctype html><title>framer</title><iframe id="victim" src="${target}" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
    try {
      const refusals: string[] = [];
      page.on("console", (message) => {
        if (/frame-ancestors|Refused to (frame|display)/i.test(message.text())) refusals.push(message.text());
      });
      const framed = page.waitForResponse((response) => response.url() === target);
      await page.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`);
      const response = await framed;
      expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
      await expect.poll(() => refusals.length).toBeGreaterThan(0);
      const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
      expect(frame).toBeDefined();
      expect(await frame!.locator("text=Allow access").count()).toBe(0);
      expect(await frame!.locator("text=Sign in").count()).toBe(0);
    } finally {
      framer.close();
    }
  });
});

test.describe("next-auth's redirects stay on this origin", () => {
  const offsite = [
    `http://localhost:${E2E_PORT}@evil.example/`,
    `http://localhost:${E2E_PORT}.evil.example/`,
    "//evil.example",
    "https://evil.example/",
  ];

  for (const callbackUrl of offsite) {
    test(`@edge sign-in and sign-out with callbackUrl ${callbackUrl}`, async () => {
      const request = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
      try {
        const signedIn = await signIn(request, DEMO.member, DEMO.password, { callbackUrl });
        expect(signedIn.status()).toBe(200);
        const afterSignIn = new URL((await signedIn.json()).url as string);
        expect(afterSignIn.origin).toBe(E2E_BASE_URL);
        expect(afterSignIn.username).toBe("");

        const csrf = (await (await request.get("/api/auth/csrf")).json()).csrfToken as string;
        const signedOut = await request.post("/api/auth/signout", { form: { csrfToken: csrf, callbackUrl, json: "true" }, maxRedirects: 0 });
        const afterSignOut = new URL((await signedOut.json()).url as string);
        expect(afterSignOut.origin).toBe(E2E_BASE_URL);
        expect(afterSignOut.username).toBe("");

        const page = await request.get(`/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
        const location = page.headers()["location"];
        if (location) expect(new URL(location, E2E_BASE_URL).origin).toBe(E2E_BASE_URL);
      } finally {
        await request.dispose();
      }
    });
  }
});

test.describe("a launcher of its own, on the embedded default with rate limits on", () => {
  let server: ChildProcess;
  let dataDir = "";
  let log = "";

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-edge-"));
    const env: Record<string, string> = { PATH: process.env.PATH ?? "", NODE_ENV: "production", PORT: String(EDGE_PORT), DATA_DIR: dataDir };
    if (process.env.NEXT_DIST_DIR) env.NEXT_DIST_DIR = process.env.NEXT_DIST_DIR;
    server = spawn(process.execPath, ["--import", "tsx", "lib/cli/start.ts"], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    server.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    await expect.poll(() => log, { timeout: 200_000, intervals: [500] }).toContain("Gatehouse is ready");
  });

  test.afterAll(async () => {
    server?.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test("@edge binds loopback only by default, says so, and warns about the demo password", async () => {
    expect(log).toContain(`Listening on 127.0.0.1:${EDGE_PORT}, this machine only`);
    expect(log).toContain("HOST=0.0.0.0");
    expect(log).toMatch(/WARNING: the demo accounts share the well-known password "gatehouse-demo"/);
    expect((await fetch(`${EDGE_URL}/api/health`)).status).toBe(200);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === "IPv4" && !entry.internal);
    test.skip(!external, "this machine has no non-loopback IPv4 address to try");
    const reached = await fetch(`http://${external!.address}:${EDGE_PORT}/api/health`).then(
      () => "reached",
      (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? "failed",
    );
    expect(reached).toBe("ECONNREFUSED");
  });

  test("@edge 20 MiB bodies answer 413 within a second without growing the process by more than 50 MB", async () => {
    const request = await playwrightRequest.newContext({ baseURL: EDGE_URL });
    expect((await signIn(request, DEMO.owner, DEMO.password)).status()).toBe(200);
    const token = (await (await request.post("/api/v1/tokens", { data: { name: "edge" } })).json()).token as string;
    await request.dispose();
    // The body is read (and capped) before a handler looks anything up, so any ids do.
    const appId = "some-app";
    const installationId = "some-installation";

    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))![1]) * 1024;
    const targets = [
      { method: "POST", path: "/api/v1/signup", auth: false },
      { method: "PUT", path: `/api/v1/apps/${appId}`, auth: true },
      { method: "POST", path: `/api/v1/installations/${installationId}/apis/list-notes/invoke`, auth: true },
    ];
    // The first request to a route loads its code (about 20 MB on a fresh server). A 2 MiB body through
    // each path first, so that what is measured is what a body's size costs.
    for (const target of targets) {
      for (const chunked of [false, true]) await upload(target.method, target.path, 2 * 1024 * 1024, chunked, target.auth ? token : undefined);
    }
    const before = rss();
    for (const target of targets) {
      for (const chunked of [false, true]) {
        const started = Date.now();
        const answer = await upload(target.method, target.path, 20 * 1024 * 1024, chunked, target.auth ? token : undefined);
        const elapsed = Date.now() - started;
        expect(answer.status, `${target.method} ${target.path} chunked=${chunked}`).toBe(413);
        expect(answer.body).toMatchObject({ error: { code: "payload_too_large" } });
        expect(elapsed, `${target.path} chunked=${chunked}`).toBeLessThan(1000);
      }
    }
    const growth = rss() - before;
    console.log(`RSS before ${Math.round(before / 1e6)} MB, after ${Math.round((before + growth) / 1e6)} MB`);
    expect(growth).toBeLessThan(50 * 1024 * 1024);
  });

  test("@edge 30 failed sign-ins for one email from random X-Forwarded-For are refused with 429 well before the 30th", async () => {
    const request = await playwrightRequest.newContext({ baseURL: EDGE_URL });
    let refusedAt = 0;
    let retryAfter: string | undefined;
    for (let attempt = 1; attempt <= 30 && refusedAt === 0; attempt += 1) {
      const forwardedFor = `${attempt}.${attempt}.${attempt}.${attempt}`;
      const csrf = (await (await request.get("/api/auth/csrf")).json()).csrfToken as string;
      const response = await request.post("/api/auth/callback/credentials", {
        form: { csrfToken: csrf, email: DEMO.admin, password: `wrong ${attempt}`, json: "true" },
        headers: { "X-Forwarded-For": forwardedFor, "X-Gatehouse-Client-Address": forwardedFor },
        maxRedirects: 0,
      });
      if (response.status() === 429) {
        refusedAt = attempt;
        retryAfter = response.headers()["retry-after"];
        expect(new URL((await response.json()).url as string).searchParams.get("error")).toBe("rate_limited");
      }
    }
    expect(refusedAt).toBeGreaterThan(1);
    expect(refusedAt).toBeLessThanOrEqual(11);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    await request.dispose();
  });
});

/** Sends `size` bytes, declared or chunked, and resolves with the answer as soon as it arrives. */
function upload(method: string, path: string, size: number, chunked: boolean, token?: string) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: EDGE_PORT,
        method,
        path,
        agent: false,
        headers: {
          "Content-Type": "application/json",
          ...(chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(size) }),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          request.destroy();
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null });
        });
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    chunk[0] = "[".charCodeAt(0);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      request.end();
    };
    pump();
  });
}
