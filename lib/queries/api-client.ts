/** The browser's way to the HTTP API: JSON in and out, errors as ApiClientError with the contract's fields. */

export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiClientError";
  }

  /** The field-level problems of a 422, if any. */
  get issues(): ApiIssue[] {
    const issues = (this.details as { issues?: ApiIssue[] } | undefined)?.issues;
    return Array.isArray(issues) ? issues : [];
  }
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  return (await apiFetchWithHeaders<T>(path, init)).data;
}

/** apiFetch, with the response's headers for the answers that say something there (e.g. Gatehouse-Revocation). */
export async function apiFetchWithHeaders<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ data: T; headers: Headers }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiClientError(0, "network", "Gatehouse could not be reached; check your connection and try again");
  }
  if (response.status === 204) return { data: undefined as T, headers: response.headers };
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiClientError(
      response.status,
      error?.code ?? "http_error",
      error?.message ?? `The request failed with status ${response.status}`,
      error?.details,
    );
  }
  return { data: payload as T, headers: response.headers };
}
