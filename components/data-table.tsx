// The console's tables share one look: a box that scrolls sideways on a narrow screen, muted column
// headers, a rule between rows, and the same cell padding. These pieces hold that look so a page
// writes only its columns and cells. There is no column-definition layer on purpose: the tables
// differ in what their cells hold (links, badges, progress, disclosures), and JSX says that best.
import type React from "react";
import { ScrollRegion } from "@/components/scroll-region";

/**
 * `compact` is for a small table inside a side panel or form: smaller text and tighter cells.
 * The table carries it as data-density and the cells style themselves from it (Tailwind's named
 * group), so a page sets the density once and not on every cell.
 */
type Density = "normal" | "compact";

export function DataTable({
  caption,
  showCaption = false,
  scrollLabel,
  density = "normal",
  className,
  children,
  ...props
}: Omit<React.ComponentProps<"table">, "className"> & {
  /** Names the table for screen readers; without it, pass aria-label. */
  caption?: string;
  /** Shows the caption as the table's title, where no heading above names it. */
  showCaption?: boolean;
  /**
   * Makes the scrolling box a focusable, named region, so keyboard users can scroll a table that is
   * usually wider than its column (axe: scrollable-region-focusable). Without it the box is a plain div.
   */
  scrollLabel?: string;
  density?: Density;
  /** Layout of the scrolling box (margins); the table itself always spans it. */
  className?: string;
}) {
  const table = (
    <table
      data-density={density}
      className={`group/table w-full text-left ${density === "compact" ? "text-xs" : "text-sm"}`}
      {...props}
    >
      {caption !== undefined && (
        <caption className={showCaption ? "mb-1 text-left text-sm font-medium" : "sr-only"}>{caption}</caption>
      )}
      {children}
    </table>
  );
  return scrollLabel ? (
    <ScrollRegion label={scrollLabel} className={className}>
      {table}
    </ScrollRegion>
  ) : (
    <div className={`overflow-x-auto ${className ?? ""}`}>{table}</div>
  );
}

/** The header row. Its cells are ColumnHeaders. */
export function TableHead({ children }: { children: React.ReactNode }) {
  return (
    <thead className="text-muted">
      <tr>{children}</tr>
    </thead>
  );
}

// The last cell of a row has no right padding: the table's edge is its margin.
const cellPadding = "not-last:pr-3 group-data-[density=compact]/table:not-last:pr-2";

export function ColumnHeader({
  align = "left",
  className,
  ...props
}: React.ComponentProps<"th"> & { align?: "left" | "right" }) {
  return (
    <th
      scope="col"
      className={`py-1 font-medium ${cellPadding} ${align === "right" ? "text-right" : ""} ${className ?? ""}`}
      {...props}
    />
  );
}

/**
 * A body row. `total` is a footer row summing the rows above: a heavier rule sets it apart.
 * `className` takes extras that do not fight the rule (align-top for rows of uneven height).
 */
export function Row({ total = false, className, ...props }: React.ComponentProps<"tr"> & { total?: boolean }) {
  return (
    <tr className={`border-border ${total ? "border-t-2 font-medium" : "border-t"} ${className ?? ""}`} {...props} />
  );
}

const bodyCell = `py-2 group-data-[density=compact]/table:py-1 ${cellPadding}`;

/**
 * The cell that names its row (th scope="row"), so a screen reader announces it with each cell.
 * `weight="normal"` when the cell holds a link or code that carries its own emphasis.
 */
export function RowHeader({
  weight = "medium",
  className,
  ...props
}: React.ComponentProps<"th"> & { weight?: "medium" | "normal" }) {
  return (
    <th
      scope="row"
      className={`${bodyCell} ${weight === "medium" ? "font-medium" : "font-normal"} ${className ?? ""}`}
      {...props}
    />
  );
}

/** A body cell. `className` takes extras that do not fight the padding (font-mono, text-muted, tabular). */
export function Cell({
  align = "left",
  className,
  ...props
}: React.ComponentProps<"td"> & { align?: "left" | "right" }) {
  return <td className={`${bodyCell} ${align === "right" ? "text-right" : ""} ${className ?? ""}`} {...props} />;
}
