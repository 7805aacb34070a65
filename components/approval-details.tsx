import { type ApprovalRequestFacts, approvalWords, formatLocalTime } from '../lib/words/approval';

/**
 * Who asks, what Zoom will allow, what happens next and until when: the same words and order as
 * the service's page (server/routes/approve-pages.ts), both from lib/words/approval.ts.
 */
export function ApprovalDetails({ info }: { info: ApprovalRequestFacts & { expiresAt: string } }) {
  return (
    <>
      <header className="stack">
        <h1>{approvalWords.title(info.orgName)}</h1>
        <p>{approvalWords.asks(info)}</p>
      </header>
      <section className="stack approval-section" aria-labelledby="access-heading">
        <h2 id="access-heading">{approvalWords.accessHeading}</h2>
        <ul>
          {approvalWords.access.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <section className="stack approval-section" aria-labelledby="next-heading">
        <h2 id="next-heading">{approvalWords.nextHeading}</h2>
        <ol>
          {approvalWords.next.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ol>
      </section>
      <p className="small muted">
        {approvalWords.expires}{' '}
        <time dateTime={info.expiresAt}>{formatLocalTime(info.expiresAt)}</time>.
      </p>
    </>
  );
}
