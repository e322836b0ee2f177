import { setFlagsFromString } from "node:v8";

/**
 * For a process doing one long batch job (`admit import`): after each full GC, V8 lets the heap
 * grow to 2× what is alive instead of its default factor (up to 4×). An import allocates fast and
 * keeps little (54 MB alive at 100,000 rows), and by default the old generation grew to ~150 MB of
 * mostly garbage before V8 collected it. `admit import` of 100,000 rows, runs interleaved: peak
 * RSS 226–236 MB against 283–286 MB on V8's default, for ~3 % more wall time; 1.5× (50) gave
 * 206–212 MB for ~5 % (docs/PERFORMANCE.md). Not for the server, whose request load it was not
 * measured on.
 *
 * The flag is read at every full GC, so setting it once the process runs takes effect (Node
 * leaves V8's flags unfrozen for `v8.setFlagsFromString`).
 */
export function keepHeapNearLive(): void {
  setFlagsFromString("--heap-growing-percent=100");
}
