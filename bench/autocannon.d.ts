/** The part of autocannon's API the bench uses (the package ships no types). */
declare module 'autocannon' {
  type Request = { method?: string; path?: string; body?: string; headers?: Record<string, string> };
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    requests?: (Request & { setupRequest?: (req: Request) => Request })[];
  };
  type Result = {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number; average: number };
    errors: number;
    non2xx: number;
  };
  export default function autocannon(opts: Options): Promise<Result>;
}
