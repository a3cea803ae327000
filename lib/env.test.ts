import { describe, expect, it } from "vitest";
import { ConfigurationError, parseEnv } from "./env";

const KEY = Buffer.alloc(32, 7).toString("base64");

describe("parseEnv", () => {
  it("fills the contract's defaults for the embedded database", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      APP_URL: "http://localhost:3000",
      DATA_DIR: ".data",
      isEmbedded: true,
      ALLOW_SIGNUP: true,
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: false,
      HOST: "127.0.0.1",
      TRUST_PROXY: 0,
    });
    expect(parseEnv({ PORT: "4100" }).APP_URL).toBe("http://localhost:4100");
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://app:pw@db.internal:5432/gatehouse", ENCRYPTION_KEY: KEY });
    expect(env.isEmbedded).toBe(false);
    expect(env.HOST).toBe("0.0.0.0");
  });

  it("reads HOST and TRUST_PROXY", () => {
    expect(parseEnv({ HOST: "0.0.0.0", TRUST_PROXY: "2" })).toMatchObject({ HOST: "0.0.0.0", TRUST_PROXY: 2 });
  });

  it.each([
    [{ DATABASE_URL: "mysql://localhost/db" }, "DATABASE_URL"],
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL"],
    [{ ENCRYPTION_KEY: "c2hvcnQ=" }, "ENCRYPTION_KEY"],
    [{ PORT: "eighty" }, "PORT"],
    [{ APP_URL: "ftp://example.com" }, "APP_URL"],
    [{ ALLOW_SIGNUP: "maybe" }, "ALLOW_SIGNUP"],
    [{ TRUST_PROXY: "yes" }, "TRUST_PROXY"],
    [{ TRUST_PROXY: "-1" }, "TRUST_PROXY"],
    [{ HOST: "a b" }, "HOST"],
  ])("refuses %j with a one-line message naming %s", (source, variable) => {
    let error: unknown;
    try {
      parseEnv(source);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain(variable);
    expect(message).not.toContain("\n");
  });

  it("reads boolean flags", () => {
    expect(parseEnv({ ALLOW_SIGNUP: "false", OUTBOUND_ALLOW_PRIVATE_NETWORKS: "true" })).toMatchObject({
      ALLOW_SIGNUP: false,
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: true,
    });
  });
});
