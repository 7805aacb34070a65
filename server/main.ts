import { parseEnv } from './env';
import { log } from './log';
import { startService } from './service';

/**
 * `npm start`: the org service alone, in production mode — configured only by the environment,
 * no demo data and no Zoom sandbox defaults (README, Production).
 */
try {
  const env = parseEnv(process.env, 'production');
  const service = await startService(env);
  log.info(
    {
      url: service.url,
      publicUrl: env.PUBLIC_URL,
      zoom: env.ZOOM_OAUTH_URL,
      database: env.DATABASE_URL ? 'PostgreSQL' : `embedded in ${env.DATA_DIR}/`,
    },
    `Org service listening on ${service.url} — production`,
  );
  const stop = () => service.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  log.fatal((err as Error).message);
  process.exit(1);
}
