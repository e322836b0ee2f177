/**
 * Summarises a V8 CPU profile (from `bench/scim/run.ts --cpu-prof <dir>`), run by hand:
 *
 *   npx ts-node --transpile-only bench/scim/profile-summary.ts <file.cpuprofile> [--top 25] [--skip 3]
 *
 * --skip <s> leaves out the first seconds of the profile (the server's start-up: module loading,
 * migrations), so the summary covers the load.
 * Prints where the time goes: by area (the server's own modules under dist/, each npm package,
 * node internals, GC, idle), the top functions by self time, and the top functions by inclusive
 * time (each function counted once per sample however deep it recurses). Async code shows only
 * its synchronous slices, so awaiting the database appears as idle time, not under the caller.
 */
import { readFileSync } from "node:fs";
import { parseArgs, positiveInt, table } from "./common";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** "dist/scim/users/service.js" for the server's code, the package for node_modules, else the kind. */
function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "/node_modules/".length).split("/");
    return `npm:${rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.startsWith("node:")) return "node internals";
  // dist/ or a --dist snapshot such as /tmp/admit-dist-wt/
  const dist = /\/[^/]*dist[^/]*\/(.+)$/.exec(url);
  if (dist) return `admit:${dist[1]}`;
  return url.replace(/^file:\/\//, "");
}

function main(): void {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [--top 25] [--skip 3]");
  const args = parseArgs(rest, { top: "25", skip: "0" });
  const top = positiveInt(args.top, "top");
  const skipMs = Number(args.skip) * 1000;
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const key = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? `${areaOf(url, functionName).replace(/^(admit|npm):/, "")}:${lineNumber + 1}` : "";
    return `${functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
  };

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    elapsed += dt;
    const node = byId.get(id);
    if (!node || elapsed < skipMs) return;
    total += dt;
    self.set(key(node), (self.get(key(node)) ?? 0) + dt);
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur) as ProfileNode);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const idle = areas.get("(idle)") ?? 0;
  const busy = total - idle;
  const pct = (ms: number) => `${((ms / busy) * 100).toFixed(1)}%`;
  const rows = (m: Map<string, number>, skip: (k: string) => boolean) =>
    [...m.entries()]
      .filter(([k]) => !skip(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => [k, Math.round(ms), pct(ms)]);
  const skipMeta = (k: string) => /^\((idle|root|program)\)/.test(k);

  process.stdout.write(
    `${file}${skipMs ? ` (after the first ${args.skip} s)` : ""}\nwall ${Math.round(total)} ms, busy (not idle) ${Math.round(busy)} ms = ${((busy / total) * 100).toFixed(0)}%; percentages below are of busy time\n\n`,
  );
  const own = [...areas.entries()].filter(([k]) => k.startsWith("admit:")).reduce((n, [, ms]) => n + ms, 0);
  process.stdout.write(
    `By area (self time):\n${table(
      ["area", "ms", "% busy"],
      rows(areas, (k) => k === "(idle)"),
    )}\n`,
  );
  process.stdout.write(`All of the server's own modules (admit:*): ${Math.round(own)} ms = ${pct(own)}\n\n`);
  process.stdout.write(
    `Top functions by self time:\n${table(["function", "ms", "% busy"], rows(self, skipMeta))}\n\n`,
  );
  process.stdout.write(
    `Top functions by inclusive time:\n${table(["function", "ms", "% busy"], rows(inclusive, skipMeta))}\n`,
  );
}

main();
