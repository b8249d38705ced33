export default async function globalTeardown() {
  const server = globalThis.__KETENREGIE_PG__;
  if (server) await server.stop();
}
