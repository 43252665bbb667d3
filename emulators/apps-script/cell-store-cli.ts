// Starts a cell store (cell-store.ts) and prints one JSON line with its URL. `spawnCellStore`
// runs this in a child process.
import { startCellStore } from './cell-store';

void startCellStore(Number(process.argv[2] ?? 0)).then((store) => {
  process.stdout.write(`${JSON.stringify({ url: store.url })}\n`);
});
