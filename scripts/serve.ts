// npm start (production server) and npm run dev (development server).
import { runServer } from "./lib/run-server";

const mode = process.argv[2] === "dev" ? "dev" : "start";

await runServer({
  mode,
  command: mode === "dev" ? "npm run dev" : "npm start",
  port: process.env.PORT ?? "3000",
  extraArgs: process.argv.slice(3),
  log: (line) => console.error(`[seat-portal] ${line}`),
});
