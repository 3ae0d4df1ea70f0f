// @ts-check
/**
 * A typedoc plugin (typedoc.json "plugin"): drops the warning "X has multiple declarations with a
 * comment" when every declaration it lists is the same place. TypeScript lists one property
 * declaration twice for some members of the valibot-inferred schema types (the entries of a nested
 * `strictObject`, e.g. `ScenarioSchema`'s `output.every`, `StudySchema`'s arms and measurements): one
 * doc comment, found twice, is no ambiguity. Every other warning, and this one when the places
 * differ, is reported as before (and `treatWarningsAsErrors` still fails the build on it).
 */

const MULTIPLE = /has multiple declarations with a comment/;
const DECLARED_AT = /are declared at:/;

/** @param {import('typedoc').Application} app */
export function load(app) {
  const logger = app.logger;
  const warn = logger.warn.bind(logger);
  const info = logger.info.bind(logger);
  /** @type {[unknown, unknown[]] | undefined} */
  let held;
  const flush = () => {
    if (held) { const [m, rest] = held; held = undefined; warn(/** @type {any} */ (m), .../** @type {any[]} */ (rest)); }
  };
  logger.warn = /** @type {any} */ ((/** @type {any} */ message, /** @type {any[]} */ ...rest) => {
    flush();
    if (MULTIPLE.test(String(message))) { held = [message, rest]; return; }
    warn(message, ...rest);
  });
  logger.info = /** @type {any} */ ((/** @type {any} */ message, /** @type {any[]} */ ...rest) => {
    if (held && DECLARED_AT.test(String(message))) {
      const places = String(message).split('\n').slice(1).map((s) => s.trim()).filter(Boolean);
      const one = places.length > 1 && places.every((p) => p === places[0]);
      if (one) { held = undefined; return; }
    }
    flush();
    info(message, ...rest);
  });
}
