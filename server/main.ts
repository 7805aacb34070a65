import { parseEnv } from './env';
import { startService } from './service';

/**
 * `npm start`: the org service alone, in production mode — configured only by the environment,
 * no demo data and no Zoom sandbox defaults (README, Production).
 */
try {
  const env = parseEnv(process.env, 'production');
  const service = await startService(env);
  console.log(
    `Org service listening on ${service.url} — production (public URL ${env.PUBLIC_URL}, Zoom at ${env.ZOOM_OAUTH_URL}, ${env.DATABASE_URL ? 'PostgreSQL' : `embedded database in ${env.DATA_DIR}/`})`,
  );
  const stop = () => service.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
