import { z } from "zod";

/**
 * The one place that reads `process.env`. Every variable of the contract is validated here, and a
 * bad value stops the start with a line that names the variable and says how to fix it.
 */

const booleanFlag = (name: string) =>
  z
    .enum(["true", "false", "1", "0", ""], { error: `${name} must be "true" or "false"` })
    .optional()
    .transform((value) => (value === undefined || value === "" ? undefined : value === "true" || value === "1"));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce
    .number({ error: "PORT must be a port number, for example 3000" })
    .int("PORT must be a whole number, for example 3000")
    .min(1, "PORT must be between 1 and 65535")
    .max(65535, "PORT must be between 1 and 65535")
    .default(3000),
  APP_URL: z
    .url({ error: "APP_URL must be an absolute http(s) URL such as http://localhost:3000" })
    .refine((value) => /^https?:\/\//.test(value), "APP_URL must start with http:// or https://")
    .optional(),
  DATABASE_URL: z
    .string()
    .optional()
    .refine(
      (value) => value === undefined || value === "" || isPostgresUrl(value),
      "DATABASE_URL must look like postgresql://user:password@host:5432/database (or leave it unset for the embedded database)",
    )
    .transform((value) => (value ? value : undefined)),
  /** The address to listen on; the default depends on the database (see parseEnv). */
  HOST: z
    .string()
    .optional()
    .refine(
      (value) => value === undefined || value === "" || /^[0-9A-Za-z.:%-]+$/.test(value),
      "HOST must be an address to listen on, such as 127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces)",
    )
    .transform((value) => (value ? value : undefined)),
  /** How many reverse proxies in front of Gatehouse append to X-Forwarded-For. */
  TRUST_PROXY: z
    .string()
    .optional()
    .refine(
      (value) => value === undefined || value === "" || /^\d{1,2}$/.test(value),
      "TRUST_PROXY must be the number of reverse proxies in front of Gatehouse (0 when clients connect directly)",
    )
    .transform((value) => (value ? Number(value) : 0)),
  DATA_DIR: z.string().min(1).default(".data"),
  ENCRYPTION_KEY: z
    .string()
    .optional()
    .refine(
      (value) => value === undefined || value === "" || isBase64Key(value),
      "ENCRYPTION_KEY must be 32 random bytes in base64; make one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"",
    )
    .transform((value) => (value ? value : undefined)),
  PREVIOUS_ENCRYPTION_KEYS: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(",").map((key) => key.trim()).filter(Boolean) : []))
    .refine(
      (keys) => keys.every(isBase64Key),
      "PREVIOUS_ENCRYPTION_KEYS must be a comma-separated list of 32-byte base64 keys",
    ),
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: booleanFlag("OUTBOUND_ALLOW_PRIVATE_NETWORKS").transform((v) => v ?? false),
  ALLOW_SIGNUP: booleanFlag("ALLOW_SIGNUP").transform((v) => v ?? true),
  SEED_DEMO: booleanFlag("SEED_DEMO"),
  SANDBOX_PROVIDER: booleanFlag("SANDBOX_PROVIDER"),
  /** How long a refresh holder may keep the lease before another instance may take over. */
  REFRESH_LEASE_MS: z.coerce.number().int().min(1000, "REFRESH_LEASE_MS must be at least 1000").default(15_000),
  /** How long a hot-cache entry lives at most: a safety net, as every write announces what it changes. */
  HOT_CACHE_TTL_MS: z.coerce.number().int().min(0, "HOT_CACHE_TTL_MS must not be negative").default(2_000),
  /** How long a token request (code exchange or refresh) may take before it counts as a network failure. */
  TOKEN_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100, "TOKEN_REQUEST_TIMEOUT_MS must be at least 100").default(8_000),
  RATE_LIMIT_DISABLED: booleanFlag("RATE_LIMIT_DISABLED").transform((v) => v ?? false),
  RATE_LIMIT_INVOKE_PER_MINUTE: z.coerce.number().int().min(1, "RATE_LIMIT_INVOKE_PER_MINUTE must be at least 1").default(600),
  TEST_DATABASE_URL: z.string().optional(),
});

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "postgresql:" || url.protocol === "postgres:") && url.hostname !== "";
  } catch {
    return false;
  }
}

function isBase64Key(value: string): boolean {
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === 32;
}

export type Env = Omit<z.output<typeof envSchema>, "APP_URL" | "HOST"> & {
  APP_URL: string;
  /** `127.0.0.1` on the embedded default (its demo accounts have well-known passwords), else `0.0.0.0`. */
  HOST: string;
  /** True when no DATABASE_URL is set: data lives in PGlite under DATA_DIR. */
  isEmbedded: boolean;
};

export class ConfigurationError extends Error {}

/** Validates an environment; throws a ConfigurationError whose message is one line per bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigurationError(`Invalid configuration. ${lines.join("; ")}`);
  }
  const env = result.data;
  return {
    ...env,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    HOST: env.HOST ?? (env.DATABASE_URL === undefined ? "127.0.0.1" : "0.0.0.0"),
    isEmbedded: env.DATABASE_URL === undefined,
  };
}

let cached: Env | undefined;

/** The validated configuration of this process, read once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forgets the cached configuration; for tests and for the launcher after it fills in defaults. */
export function resetEnvForTesting(): void {
  cached = undefined;
}

/** Sets a variable for the rest of this process (the launcher's defaults, next-auth's NEXTAUTH_URL). */
export function setProcessEnv(name: string, value: string): void {
  process.env[name] = value;
  cached = undefined;
}
