// The few web-platform globals shared/ code uses, typed here once: shared/ compiles without DOM
// or Node types because it runs in both (the renderer, the core, the backend), and Node ≥ 20 and
// every browser provide these.
interface ParsedUrl {
  protocol: string;
  hostname: string;
  username: string;
  password: string;
}

export const webPlatform = globalThis as unknown as {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } };
  URL: new (url: string) => ParsedUrl;
};
