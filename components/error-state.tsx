export interface ErrorStateProps {
  title: string;
  error?: unknown;
  onRetry?: () => void;
}

export function ErrorState({ title, error, onRetry }: ErrorStateProps) {
  const detail = error instanceof Error ? error.message : null;
  return (
    <div className="notice notice-error stack" role="alert">
      <strong>{title}</strong>
      {detail && <span>{detail}</span>}
      {onRetry && (
        <div>
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}
