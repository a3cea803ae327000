"use client";

import { createContext } from "react";

/** The built-in sandbox's base URL when it is on (SANDBOX_PROVIDER=true), else null. */
export const SandboxBaseUrlContext = createContext<string | null>(null);
