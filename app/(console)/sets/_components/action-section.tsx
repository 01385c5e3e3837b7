// One titled group of actions on a set's or an I/O group's page (copy, export, group, throttle…).
export function ActionSection({
  label,
  heading,
  children,
}: {
  label: string;
  heading: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-label={label} className="space-y-2">
      <h3 className="text-sm font-medium">{heading}</h3>
      {children}
    </section>
  );
}
