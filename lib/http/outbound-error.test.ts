import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { OutboundError } from "./outbound-error";

describe("errors thrown by another copy of their module", () => {
  // Under `npm start` the launcher and Next.js's bundles each load these modules: one process, two classes.
  it("are still recognised by instanceof", async () => {
    // A query makes Vite load the file again as a module of its own.
    const load = (specifier: string) => import(/* @vite-ignore */ specifier);
    const copy = (await load("./outbound-error?second-copy")) as typeof import("./outbound-error");
    const errorsCopy = (await load("@/lib/errors?second-copy")) as typeof import("@/lib/errors");
    expect(copy.OutboundError).not.toBe(OutboundError);
    expect(errorsCopy.AppError).not.toBe(AppError);

    expect(new copy.OutboundError("network", "refused")).toBeInstanceOf(OutboundError);
    expect(new errorsCopy.AppError("conflict", "taken")).toBeInstanceOf(AppError);
    expect(new Error("plain")).not.toBeInstanceOf(OutboundError);
    expect(new AppError("conflict", "taken")).not.toBeInstanceOf(OutboundError);
    expect(new OutboundError("network", "refused")).not.toBeInstanceOf(AppError);
    expect(null).not.toBeInstanceOf(AppError);
  });
});
