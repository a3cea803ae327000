import { z } from "zod";

// Before any schema is built in the browser: zod's compiled parsers would probe `new Function`, which the
// CSP (no 'unsafe-eval') refuses and reports as a violation on every page.
z.config({ jitless: true });
