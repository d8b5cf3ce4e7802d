// A small typed client of the public REST API (docs/api.md): the console uses nothing else.
// The API key lives in sessionStorage only (gone when the tab closes) and travels in the Authorization header only.

const KeyName = "marketplace.apiKey";

export type Role = "admin" | "provider" | "tenant";
export interface Me { id: string; name: string; role: Role }
export interface Page<T> { items: T[]; nextCursor: string | null }

/** An RFC 9457 problem the API answered, with its field errors. */
export class ApiError extends Error {
  constructor(public status: number, public title: string, public detail: string | undefined,
              public errors: Record<string, string[]>) {
    super(detail ?? title);
  }
}

export const session = {
  get key(): string | null { return sessionStorage.getItem(KeyName); },
  set(key: string) { sessionStorage.setItem(KeyName, key); },
  clear() { sessionStorage.removeItem(KeyName); },
};

export function newIdempotencyKey(): string { return crypto.randomUUID(); }

export async function call<T>(method: string, path: string, body?: unknown, idempotencyKey?: string, key = session.key): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new ApiError(response.status, json?.title ?? response.statusText, json?.detail, json?.errors ?? {});
  }
  return json as T;
}

export const get = <T>(path: string) => call<T>("GET", path);
export const post = <T>(path: string, body?: unknown, idempotencyKey?: string) => call<T>("POST", path, body ?? {}, idempotencyKey);
export const del = <T>(path: string) => call<T>("DELETE", path);

/** A query string of the values given (undefined and empty ones left out). */
export function query(values: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
