import { expect, request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";

/**
 * What the specs share: accounts made through the HTTP API (each test seeds its own data), API calls as a
 * given user, and signing in through the real pages.
 */

export interface Account {
  email: string;
  password: string;
  userId: string;
  organizationId: string;
  api: APIRequestContext;
}

let counter = 0;
export const uniqueEmail = (label: string) => `${label}-${Date.now()}-${(counter += 1)}@example.com`;

/** Signs up through POST /api/v1/signup and returns an API context that carries a personal access token. */
export async function signUp(baseURL: string, label: string, organization = `${label} org`): Promise<Account> {
  const anonymous = await playwrightRequest.newContext({ baseURL });
  const email = uniqueEmail(label);
  const password = "correct horse battery";
  const signup = await anonymous.post("/api/v1/signup", { data: { email, password, name: label, organization } });
  expect(signup.status()).toBe(201);
  const { userId, organizationId } = await signup.json();
  const api = await authenticatedContext(baseURL, anonymous, email, password);
  await anonymous.dispose();
  return { email, password, userId, organizationId, api };
}

/** Adds a member to an organization and returns their account. */
export async function addMember(baseURL: string, owner: Account, role: "admin" | "member", label = role): Promise<Account> {
  const email = uniqueEmail(label);
  const password = "correct horse battery";
  const response = await owner.api.post(`/api/v1/organizations/${owner.organizationId}/members`, { data: { email, password, role, name: label } });
  expect(response.status()).toBe(201);
  const { userId } = await response.json();
  const anonymous = await playwrightRequest.newContext({ baseURL });
  const api = await authenticatedContext(baseURL, anonymous, email, password);
  await anonymous.dispose();
  return { email, password, userId, organizationId: owner.organizationId, api };
}

/** Signs in through next-auth's credentials endpoint; the session cookie lands in the request's context. */
export async function signInWithRequest(request: APIRequestContext, email: string, password: string) {
  const csrf = (await (await request.get("/api/auth/csrf")).json()).csrfToken as string;
  await request.post("/api/auth/callback/credentials", { form: { csrfToken: csrf, email, password }, maxRedirects: 0 });
  expect((await request.get("/api/v1/me")).status()).toBe(200);
}

async function authenticatedContext(baseURL: string, anonymous: APIRequestContext, email: string, password: string) {
  await signInWithRequest(anonymous, email, password);
  const token = (await (await anonymous.post("/api/v1/tokens", { data: { name: "e2e" } })).json()).token as string;
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
}

/** Signs in through the sign-in page. */
export async function signInWithPage(page: Page, account: { email: string; password: string }, callbackUrl = "/", origin = "") {
  await page.goto(`${origin}/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

/** Creates and publishes an app from a definition, installs it in the owner's organization, and returns the ids. */
export async function publishAndInstall(owner: Account, definition: unknown, settings: Record<string, string>) {
  const created = await owner.api.post(`/api/v1/organizations/${owner.organizationId}/apps`, { data: definition });
  expect(created.status(), await created.text()).toBe(201);
  const { id: appId } = await created.json();
  expect((await owner.api.post(`/api/v1/apps/${appId}/publish`)).status()).toBe(200);
  const installed = await owner.api.post(`/api/v1/organizations/${owner.organizationId}/installations`, { data: { appId, settings } });
  expect(installed.status(), await installed.text()).toBe(201);
  return { appId, installationId: (await installed.json()).id as string };
}

/** The smallest publishable app: no settings and no OAuth config, so its GET APIs are called without a connection. */
export function plainApp(name: string, apis: { name: string; url: string }[] = []) {
  return { schemaVersion: 1, name, settings: [], oauthConfigs: [], apis: apis.map((api) => ({ ...api, method: "GET", headers: {}, body: null })) };
}
