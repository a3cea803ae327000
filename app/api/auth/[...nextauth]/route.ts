import { nextAuthRoute } from "@/lib/api/auth-route";

// next-auth's own endpoints: csrf, session, sign-in and sign-out (behind the body cap and sign-in limits).
export { nextAuthRoute as GET, nextAuthRoute as POST };
