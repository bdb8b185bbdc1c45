/**
 * Objects kept for the life of the process so that their shapes stay alive.
 *
 * V8 gives objects a hidden class (a "map"); optimised code is specialised to the maps it has seen.
 * A class's instance map is held only weakly once every instance has died, so a class whose
 * instances live for one step (the interpreter's Stepper, its lazy path scope, the runtime's step
 * environment) loses its map at the next full garbage collection, and every function optimised for
 * it is thrown away and re-optimised on the next execution. Measured on the 10,000-item Map
 * benchmark: ~120 such deoptimisations per run and a run time that doubled. One instance of each,
 * kept here, prevents it.
 */
const kept: unknown[] = [];

/** Keeps `exemplar` alive for the life of the process and returns it. */
export function keepShape<T>(exemplar: T): T {
  kept.push(exemplar);
  return exemplar;
}
