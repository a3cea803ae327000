import { cn } from "@/components/ui/cn";

/** The logo tile's sizes, shared by `AppLogo` and the consent page's logo, which works without React. */
const SIZES = {
  sm: "h-10 w-10 rounded-lg text-base",
  md: "h-12 w-12 rounded-xl text-lg",
  lg: "h-16 w-16 rounded-xl text-2xl",
};

export type LogoSize = keyof typeof SIZES;

export const logoBoxClass = (size: LogoSize, className?: string) => cn("shrink-0", SIZES[size], className);
export const logoImageClass = "bg-white object-contain ring-1 ring-slate-200";

/** The app's initial on a tinted tile: what stands in for a logo that is missing or cannot be loaded. */
export function LogoInitial({ appName, box, hidden }: { appName: string; box: string; hidden?: boolean }) {
  return (
    <div role="img" aria-label={`${appName} logo`} hidden={hidden} className={cn(box, "grid place-items-center bg-brand-100 font-semibold text-brand-700")}>
      {appName.trim().charAt(0).toUpperCase() || "?"}
    </div>
  );
}
