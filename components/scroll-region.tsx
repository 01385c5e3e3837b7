// A wide table's box that scrolls sideways on a narrow screen. It is focusable and named, so
// keyboard users can scroll it too (axe: scrollable-region-focusable), like CodeBlock.
export function ScrollRegion({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`overflow-x-auto ${className ?? ""}`}>
      {children}
    </div>
  );
}
