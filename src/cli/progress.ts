import type { Progress } from "../import";

/** "1:05" / "1:02:03": short enough for one terminal line. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** One line: bar, percent, rows, rows/s and the estimated time left. */
export function renderProgress(progress: Progress, now: Date, width = 24): string {
  const { processedRows, totalRows } = progress;
  const fraction = totalRows ? Math.min(1, processedRows / totalRows) : 1;
  const filled = Math.round(fraction * width);
  const elapsed = Math.max(0.001, (now.getTime() - progress.startedAt.getTime()) / 1000);
  const rate = processedRows / elapsed;
  const eta = rate > 0 ? clock((totalRows - processedRows) / rate) : "--:--";
  const n = (value: number) => value.toLocaleString("en");
  return (
    `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
    `${n(processedRows)}/${n(totalRows)} rows  ${n(Math.round(rate))} rows/s  ETA ${eta}`
  );
}

/**
 * A progress bar on a terminal (stderr, redrawn in place at most ten times a second); nothing
 * at all when stderr is not a TTY, so logs and pipes stay clean.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let lastDraw = 0;
  let drawn = false;
  return {
    /** A line until the bar replaces it (what happens before the first row: checking the file). */
    note(text: string): void {
      if (!stream.isTTY) return;
      drawn = true;
      stream.write(`\r${text}\x1b[K`);
    },
    update(progress: Progress): void {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - lastDraw < 100 && progress.processedRows < progress.totalRows) return;
      lastDraw = now;
      drawn = true;
      stream.write(`\r${renderProgress(progress, new Date(now))}\x1b[K`);
    },
    done(): void {
      if (drawn) stream.write("\n");
    },
  };
}
