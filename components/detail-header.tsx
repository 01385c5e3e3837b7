// A detail page's heading row: the h1, then its badges, links and actions on the same line.
export function DetailHeader({
  title,
  titleClassName = "",
  className = "mb-6",
  children,
}: {
  title: React.ReactNode;
  titleClassName?: string;
  /** Spacing below the row; "mb-2" where a list of badges follows it. */
  className?: string;
  children?: React.ReactNode;
}) {
  return (
    <div className={`${className} flex flex-wrap items-center gap-3`}>
      <h1 className={`${titleClassName} text-2xl font-semibold tracking-tight`}>{title}</h1>
      {children}
    </div>
  );
}
