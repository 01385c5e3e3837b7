"use client";
// The enable form's consistency choice (docs/consistency-modes.md) and the mode the set would get
// with it, from the file systems the agent reported: said before the set exists, so an operator
// who expected instant learns here, not after the first update, that this master scans.
import { StatusBadge } from "@/components/status-badge";
import type { ConsistencyChoice, ConsistencyPrediction } from "@/lib/set-enable-consistency";

export function ConsistencyField({
  value,
  onChange,
  prediction,
}: {
  value: ConsistencyChoice;
  onChange: (value: ConsistencyChoice) => void;
  prediction: ConsistencyPrediction | null;
}) {
  const decision = prediction?.decision ?? null;
  return (
    <fieldset className="space-y-2 text-sm">
      <legend className="mb-1 text-sm font-medium">Consistency</legend>
      <div className="flex flex-wrap gap-4">
        <label className="flex items-center gap-1">
          <input type="radio" name="consistency" checked={value === "auto"} onChange={() => onChange("auto")} />{" "}
          Automatic (instant where possible)
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="consistency" checked={value === "scan"} onChange={() => onChange("scan")} /> Scan
        </label>
      </div>
      <div role="note" aria-label="Predicted consistency" className="flex flex-wrap items-center gap-2">
        {prediction === null ? (
          <span className="text-muted">Choose the master and shadow to see which mode the set gets.</span>
        ) : decision?.refusal ? (
          <>
            <StatusBadge tone="danger">refused</StatusBadge>
            <span>The agent would refuse this set: {decision.refusal}</span>
          </>
        ) : (
          <>
            {decision && (
              <StatusBadge tone={decision.mode === "instant" ? "success" : "neutral"}>{decision.mode}</StatusBadge>
            )}
            <span>This set would get: {prediction.summary}</span>
            {decision?.mode === "scan" && (
              <span className="text-muted">
                (a point in time only while the application stays quiesced until each update ends)
              </span>
            )}
          </>
        )}
      </div>
    </fieldset>
  );
}
