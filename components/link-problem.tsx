export const linkProblemCodes = new Set([
  'link_not_found',
  'link_expired',
  'link_revoked',
  'link_used',
]);

const problems: Record<string, { title: string; next: string }> = {
  link_not_found: {
    title: "This approval link doesn't exist",
    next: 'Check that you opened the whole link, or ask the person who sent it for a new one.',
  },
  link_expired: {
    title: 'This approval link has expired',
    next: 'Ask the person who sent it to generate a new link.',
  },
  link_revoked: {
    title: 'This approval link was replaced by a newer one',
    next: 'Ask the person who sent it for the newest link.',
  },
  link_used: {
    title: 'This approval link has already been used',
    next: 'Zoom may already be connected for this organization. If not, ask for a new link.',
  },
};

/** Each reason an approval link can't be used gets its own message (PRODUCT.md §4.2). */
export function LinkProblem({ code }: { code: string }) {
  const problem = problems[code] ?? problems.link_not_found;
  return (
    <div className="stack" role="alert">
      <h1>{problem?.title}</h1>
      <p>{problem?.next}</p>
    </div>
  );
}
