import type { AppProps } from "next/app";
import "@/app/globals.css";

/** The Pages Router serves one page, the consent page (see pages/connect); it shares the app's stylesheet. */
export default function ConsentPagesApp({ Component, pageProps }: AppProps) {
  return <Component {...pageProps} />;
}
