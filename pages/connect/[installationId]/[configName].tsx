import type { GetServerSideProps } from "next";
import Head from "next/head";
import { ConsentCard } from "@/components/connect/consent-card";
import { ConnectLinkNotFound } from "@/components/connect/connect-link-not-found";
import { nonceOf } from "@/lib/api/security-headers";
import { getPagesSessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { connectPath, signInPath } from "@/lib/paths";
import { safeReturnPath } from "@/lib/safe-redirect";
import { getConsentPage, type ConsentPage } from "@/lib/services/consent";

/**
 * The branded consent page, /connect/{installation}/{config}: what end users see, often on a phone. It is a
 * server-rendered form post, so it is served by the Pages Router without the React runtime
 * (`unstable_runtimeJS: false`, which the App Router has no equivalent of): a few kB instead of 170 kB of
 * JavaScript. Everything else is in app/.
 */
export const config = { unstable_runtimeJS: false };

type Props = { page: ConsentPage; returnTo: string | null; nonce: string | null } | { page: null };

export const getServerSideProps: GetServerSideProps<Props> = async ({ req, res, params, query }) => {
  const installationId = String(params?.installationId ?? "");
  const configName = String(params?.configName ?? "");
  const returnTo = safeReturnPath(typeof query.returnTo === "string" ? query.returnTo : undefined, "") || null;
  const user = await getPagesSessionUser(req);
  if (!user) return { redirect: { destination: signInPath(connectPath(installationId, configName, returnTo)), permanent: false } };
  try {
    const page = await getConsentPage(user.id, installationId, configName);
    return { props: { page, returnTo, nonce: nonceOf(req.headers["content-security-policy"] as string | undefined) } };
  } catch (error) {
    if (!(error instanceof AppError && error.code === "not_found")) throw error;
    // Said the same way whether the installation exists or not, so the page reveals nothing to a non-member.
    res.statusCode = 404;
    return { props: { page: null } };
  }
};

export default function ConnectPage(props: Props) {
  return (
    <>
      <Head>
        <title>{props.page ? "Allow access · Gatehouse" : "Not available · Gatehouse"}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      {props.page ? <ConsentCard page={props.page} returnTo={props.returnTo} nonce={props.nonce} /> : <ConnectLinkNotFound />}
    </>
  );
}
