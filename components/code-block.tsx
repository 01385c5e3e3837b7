// Preformatted text that may scroll sideways (JSON, iiadm output). It is focusable and named, so
// keyboard users can scroll it too (axe: scrollable-region-focusable).
export function CodeBlock({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <pre tabIndex={0} aria-label={label} className="overflow-x-auto rounded bg-surface-raised p-3 font-mono text-xs">
      {children}
    </pre>
  );
}
