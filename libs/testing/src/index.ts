export * from './postgres';
// freePort lives in ports.ts so every throwaway server shares one copy; this explicit export also
// wins over any same-named `export *` from another module, so the two never collide.
export { freePort } from './ports';
export * from './nats-server';
