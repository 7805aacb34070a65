import { parseEnv } from './env';
import { startService } from './service';

/** `npm start`: the org service alone (configure Zoom and the database by environment). */
try {
  const env = parseEnv(process.env);
  const service = await startService(env);
  console.log(`Org service listening on ${service.url} (public URL ${env.PUBLIC_URL})`);
  const stop = () => service.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
