import { parseEnv } from './env';
import { log } from './log';
import { startService } from './service';

/** `npm start`: the org service alone (configure Zoom and the database by environment). */
try {
  const env = parseEnv(process.env);
  const service = await startService(env);
  log.info({ url: service.url, publicUrl: env.PUBLIC_URL }, 'Org service listening');
  const stop = () => service.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  log.fatal((err as Error).message);
  process.exit(1);
}
