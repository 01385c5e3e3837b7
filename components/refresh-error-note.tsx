// When a background refresh fails the page keeps the last data and says so, instead of blanking.
export function RefreshErrorNote({ error }: { error: { message: string } | null }) {
  if (!error) return null;
  return (
    <p role="status" className="mb-3 rounded-md bg-warning-soft px-3 py-2 text-sm text-warning">
      Could not refresh: {error.message}. Showing the last data received.
    </p>
  );
}
