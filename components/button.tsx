// The console's buttons: one place for what a primary, plain or dangerous action looks like, so a
// page says which kind of action it offers and not how to paint it. The focus ring is not here: the
// rule in app/globals.css gives every control the same one, buttons included.
import type React from "react";

export type ButtonVariant = "primary" | "secondary" | "danger" | "danger-solid" | "ghost";
export type ButtonSize = "sm" | "md" | "lg";

const base = "rounded-md text-sm disabled:cursor-not-allowed disabled:opacity-50";

// `enabled:` keeps a disabled button from lighting up under the pointer as if it would respond.
const variants: Record<ButtonVariant, string> = {
  /** The one action a page or form is for (Create, Sign in, Approve). */
  primary: "bg-accent font-medium text-accent-foreground enabled:hover:opacity-90",
  /** Anything else: open a dialog, clear a filter, copy, load more. */
  secondary: "border border-border enabled:hover:bg-surface-raised",
  /** Opens a destructive action (delete, revoke, cancel); its dialog asks before anything happens. */
  danger: "border border-danger text-danger enabled:hover:bg-danger-soft",
  /** The confirming step of a destructive action, the last click before it happens. */
  "danger-solid": "bg-danger font-medium text-surface enabled:hover:opacity-90",
  /** A small control inside something else (dismiss a note): no border, so it does not compete with it. */
  ghost: "text-muted enabled:hover:bg-surface-raised",
};

const sizes: Record<ButtonSize, string> = {
  /** Inside a table row, where a full-size button would make the row taller than its text. */
  sm: "px-2 py-1",
  md: "px-3 py-1.5",
  /** Beside form inputs (px-3 py-2), so the button lines up with the fields it submits. */
  lg: "px-3 py-2",
};

/**
 * The classes of a button, for a <Link> that navigates but should look like an action.
 * `className` is for layout only (margins, alignment, width): there is no class merging, so a
 * colour or padding passed here would fight the variant's instead of replacing it.
 */
export function buttonClasses(variant: ButtonVariant = "secondary", size: ButtonSize = "md", className?: string) {
  return [base, variants[variant], sizes[size], className].filter(Boolean).join(" ");
}

export function Button({
  variant,
  size,
  className,
  type = "button",
  ...props
}: React.ComponentProps<"button"> & { variant?: ButtonVariant; size?: ButtonSize }) {
  // A <button> submits its form unless told otherwise; "button" is the safe default and forms
  // ask for type="submit" where they mean it.
  return <button type={type} className={buttonClasses(variant, size, className)} {...props} />;
}
