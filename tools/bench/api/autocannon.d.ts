// autocannon 9 ships no types; only the part of its API the benchmark uses is declared here.
declare module 'autocannon' {
  type Context = Record<string, unknown>;

  export type AutocannonRequest = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Returns the request to send; a falsy value restarts the client's request sequence. */
    setupRequest?: (request: AutocannonRequest, context: Context) => AutocannonRequest | null | undefined;
    onResponse?: (status: number, body: string, context: Context, headers: Record<string, string | string[]>) => void;
  };

  export type AutocannonOptions = {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Total requests; takes precedence over duration. */
    amount?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    pipelining?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: AutocannonRequest[];
    title?: string;
  };

  export type Histogram = {
    min: number;
    max: number;
    average: number;
    stddev: number;
    p50: number;
    p90: number;
    p99: number;
  };

  export type AutocannonResult = {
    title?: string;
    duration: number;
    requests: Histogram & { total: number; sent: number };
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  };

  export type AutocannonInstance = Promise<AutocannonResult> & {
    on: (
      event: 'response',
      listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void,
    ) => AutocannonInstance;
    stop: () => void;
  };

  const autocannon: (options: AutocannonOptions) => AutocannonInstance;
  export default autocannon;
}
