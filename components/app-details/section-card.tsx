import { useId, type ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

/** A card that is also a named region, so assistive technology and tests can find each part of the page. */
export function SectionCard({
  id,
  title,
  description,
  actions,
  className,
  children,
}: {
  id?: string;
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section id={id} aria-labelledby={headingId} className={cn("scroll-mt-24", className)}>
      <Card>
        <CardHeader title={<span id={headingId}>{title}</span>} description={description} actions={actions} />
        {children}
      </Card>
    </section>
  );
}
