/** Written at build time by web/precompile.ts (empty under the dev server); read by worker/precompiled.ts. */
declare module 'virtual:magbone-precompiled' {
  const compiled: Readonly<Record<string, unknown>>;
  export default compiled;
}
