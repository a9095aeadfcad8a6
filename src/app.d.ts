// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    /** What a `load` that failed passes to +error.svelte (see lib/load.ts). */
    interface Error {
      message: string;
      code?: string;
    }
  }
}
export {};
