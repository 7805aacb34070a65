import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openDatabase } from './db/client';
import { DomainError } from './domain/errors';
import { createOrganization } from './domain/orgs';
import { parseEnv } from './env';

/**
 * `npm run org:create -- --name "Acme Scheduling" --owner-email olivia@acme.com --owner-name
 * "Olivia"`: the first organization and its owner on a production install, run with the same
 * environment as `npm start` (README, Production). Prints the owner's password once.
 */
const args = z.object({
  name: z.string().trim().min(1).max(200),
  'owner-email': z.email().max(254),
  'owner-name': z.string().trim().min(1).max(200),
});

try {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      'owner-email': { type: 'string' },
      'owner-name': { type: 'string' },
    },
  });
  const parsed = args.safeParse(values);
  if (!parsed.success) {
    throw new Error(
      `Usage: npm run org:create -- --name "<organization>" --owner-email <email> --owner-name "<name>"\n${z.prettifyError(parsed.error)}`,
    );
  }
  const env = parseEnv(process.env, 'production');
  const handle = await openDatabase(
    env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL }
      : { kind: 'pglite', dataDir: env.DATA_DIR },
  );
  try {
    const input = parsed.data;
    const { password } = await createOrganization(handle.db, {
      name: input.name,
      ownerEmail: input['owner-email'],
      ownerName: input['owner-name'],
    });
    console.log(
      [
        `Created "${input.name}" with owner ${input['owner-email'].toLowerCase()}.`,
        `Password (shown once): ${password}`,
        'Sign in on the extension\'s options page, then invite everyone else from "Members".',
      ].join('\n'),
    );
  } finally {
    await handle.close();
  }
} catch (err) {
  console.error(err instanceof DomainError ? err.message : (err as Error).message);
  process.exit(1);
}
