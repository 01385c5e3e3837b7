"use client";
// Every action that changes storage or access goes through this dialog (native <dialog>: focus is
// trapped, Escape cancels, focus returns to the opener). It says what will happen; for the most
// dangerous actions the user types a word (a set or host name) before the button unlocks.
import type React from "react";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/button";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, in plain words. */
  children: React.ReactNode;
  confirmLabel: string;
  /** When set, the user must type exactly this before confirming. */
  typedConfirmation?: string;
  destructive?: boolean;
  pending?: boolean;
  /** The refusal of the last attempt, shown in the dialog. */
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const {
    open,
    title,
    children,
    confirmLabel,
    typedConfirmation,
    destructive = false,
    pending = false,
    error,
    onConfirm,
    onCancel,
  } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const titleId = useId();
  const descriptionId = useId();
  const inputId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const locked = typedConfirmation !== undefined && typed !== typedConfirmation;

  function close() {
    setTyped("");
    onCancel();
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) close();
      }}
      className="m-auto w-full max-w-md rounded-lg border border-border bg-surface p-0 text-foreground shadow-xl backdrop:bg-black/50"
    >
      <form
        method="dialog"
        className="space-y-4 p-6"
        onSubmit={(event) => {
          event.preventDefault();
          if (!locked && !pending) onConfirm();
        }}
      >
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        <div id={descriptionId} className="space-y-2 text-sm">
          {children}
        </div>
        {typedConfirmation !== undefined && (
          <div className="space-y-1">
            <label htmlFor={inputId} className="block text-sm">
              Type <code className="rounded bg-surface-raised px-1 font-mono">{typedConfirmation}</code> to confirm
            </label>
            <input
              id={inputId}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="w-full rounded-md border border-border bg-background px-3 py-2 font-mono text-sm"
            />
          </div>
        )}
        {error && (
          <p role="alert" className="rounded-md bg-danger-soft p-2 text-sm text-danger">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={close} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant={destructive ? "danger-solid" : "primary"} disabled={locked || pending}>
            {pending ? "Working…" : confirmLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
