import { alertsResponse } from '../../contracts/alerts';
import {
  flowResult,
  orgZoomResponse,
  type StartFlowBody,
  startFlowResponse,
} from '../../contracts/api';
import { type ApiClientOptions, type ApiRequest, createApiRequest } from './api-request';

/**
 * The service calls the background worker makes: OAuth flows (oauth-runner.ts) and the org
 * state and open alerts behind the badge and notifications (badge.ts, alert-notifications.ts). Apart from the pages' client so the worker bundles only
 * these response schemas: a service worker cannot load code on demand (no dynamic import()).
 */
export function workerCalls(request: ApiRequest) {
  const seg = encodeURIComponent;
  return {
    orgZoom: () => request('/api/org/zoom', { schema: orgZoomResponse }),
    /** The org's recent incidents, open and resolved (admins): badge and notifications. */
    orgAlerts: () => request('/api/org/alerts', { schema: alertsResponse }),
    startFlow: (linkToken: string, body: StartFlowBody) =>
      request(`/api/approvals/${seg(linkToken)}/flows`, {
        method: 'POST',
        body,
        schema: startFlowResponse,
        auth: false,
      }),
    startPersonalFlow: (body: StartFlowBody) =>
      request('/api/me/zoom/personal/flows', { method: 'POST', body, schema: startFlowResponse }),
    flowResult: (state: string) =>
      request(`/api/oauth/flows/${seg(state)}`, { schema: flowResult, auth: false }),
  };
}

export type WorkerApi = ReturnType<typeof workerCalls>;

export function createWorkerApi(options: ApiClientOptions): WorkerApi {
  return workerCalls(createApiRequest(options).request);
}
