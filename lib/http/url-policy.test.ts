import { describe, expect, it } from "vitest";
import { checkUrlPolicy } from "./url-policy";

const strict = { allowPrivateNetworks: false };
const permissive = { allowPrivateNetworks: true };

function messageOf(url: string, options = strict): string {
  const result = checkUrlPolicy(url, options);
  if (result.ok) throw new Error(`expected ${url} to be refused`);
  return result.message;
}

describe("checkUrlPolicy", () => {
  it("accepts public https URLs", () => {
    expect(checkUrlPolicy("https://api.acme.example/contacts?limit=10", strict)).toEqual({ ok: true });
    expect(checkUrlPolicy("https://8.8.8.8/", strict)).toEqual({ ok: true });
  });

  it("requires https unless private networks are allowed, and never allows other schemes", () => {
    expect(messageOf("http://api.acme.example/")).toMatch(/must use https/);
    expect(checkUrlPolicy("http://api.acme.example/", permissive)).toEqual({ ok: true });
    for (const url of ["ftp://acme.example/", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"]) {
      expect(messageOf(url)).toMatch(/must use https/);
      expect(messageOf(url, permissive)).toMatch(/must use http or https/);
    }
  });

  it("refuses URLs that are not URLs, without echoing them", () => {
    expect(messageOf("not a url secret123")).toBe("The URL is not valid");
    expect(messageOf("https://")).toBe("The URL is not valid");
  });

  it("refuses credentials in the URL without echoing them", () => {
    const message = messageOf("https://user:hunter2@api.acme.example/");
    expect(message).toMatch(/user name or password/);
    expect(message).not.toContain("hunter2");
  });

  it.each([
    "https://127.0.0.1/",
    "https://localhost/",
    "https://LOCALHOST./",
    "https://api.localhost/",
    "https://[::1]/",
    "https://169.254.169.254/latest/meta-data",
    "https://10.0.0.1/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:7f00:1]/",
    "https://[fd00:ec2::254]/",
    "https://2130706433/",
    "https://0x7f.1/",
    "https://017700000001/",
    "https://127.1/",
    "https://0/",
  ])("refuses %s, naming the host", (url) => {
    expect(messageOf(url)).toMatch(/refuses/);
    expect(checkUrlPolicy(url, permissive)).toEqual({ ok: true });
  });

  it("exempts exactly the allowed origins", () => {
    const options = { allowPrivateNetworks: false, allowedOrigins: ["http://localhost:3000/"] };
    expect(checkUrlPolicy("http://localhost:3000/sandbox/token", options)).toEqual({ ok: true });
    expect(checkUrlPolicy("http://localhost:3001/", options).ok).toBe(false);
    expect(checkUrlPolicy("https://localhost:3000/", options).ok).toBe(false);
  });
});
