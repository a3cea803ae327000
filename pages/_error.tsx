import type { NextPageContext } from "next";
import Head from "next/head";
import { HomeLinks, StatusPage } from "@/components/layout/status-page";

// Like the consent page, served without the React runtime: it only offers links.
export const config = { unstable_runtimeJS: false };

/** What the consent page (the Pages Router's one page) shows when it fails: the same words as app/error.tsx. */
function ConsentPagesError() {
  return (
    <>
      <Head>
        <title>Something went wrong · Gatehouse</title>
      </Head>
      <StatusPage title="Something went wrong" actions={<HomeLinks />}>
        <p>Gatehouse could not show this page. Nothing you entered was sent twice; try again in a moment.</p>
      </StatusPage>
    </>
  );
}

ConsentPagesError.getInitialProps = ({ res, err }: NextPageContext) => ({ statusCode: res?.statusCode ?? err?.statusCode ?? 500 });

export default ConsentPagesError;
