/**
 * Calls to the local API's regular (authenticated) endpoints from a test, as an out-of-band actor such as a
 * person in the PingOne console makes them: no provider involved. One copy for the lifecycle, e2e and
 * lookup suites, so each suite's own code is what it tests.
 */
import type { LocalApi } from "../../local-api";
import { getToken } from "../local-api/helpers";

export interface ApiResponse {
  status: number;
  /** The parsed body; undefined for an empty one (a 204). */
  json: any;
}

/**
 * `method pathAndQuery` against `api.url` (`pathAndQuery` starts with `/v1/...`), with a bearer token: `token`
 * when the caller keeps one, otherwise a fresh one from the token endpoint.
 */
export async function apiRequest(
  api: LocalApi,
  method: string,
  pathAndQuery: string,
  body?: unknown,
  token?: string,
): Promise<ApiResponse> {
  const bearer = token ?? (await getToken(api));
  const res = await fetch(`${api.url}${pathAndQuery}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** The same, for `pathname` below the environment: `propagation/plans` is `/v1/environments/<env>/propagation/plans`. */
export function environmentRequest(
  api: LocalApi,
  method: string,
  pathname: string,
  body?: unknown,
  environmentId = api.environmentIds[0],
): Promise<ApiResponse> {
  return apiRequest(api, method, `/v1/environments/${environmentId}/${pathname}`, body);
}

/** {@link environmentRequest} that must succeed: its parsed body, for set-up steps; anything but a 2xx fails the test with the server's answer. */
export async function environmentRequestOk(api: LocalApi, method: string, pathname: string, body?: unknown): Promise<any> {
  const response = await environmentRequest(api, method, pathname, body);
  if (response.status >= 300) throw new Error(`${method} ${pathname} failed: ${response.status} ${JSON.stringify(response.json)}`);
  return response.json;
}
