// npm start (production server) and npm run dev (development server).
import { runServer } from "./lib/run-server";

await runServer({
  mode: process.argv[2] === "dev" ? "dev" : "start",
  port: process.env.PORT ?? "3000",
  extraArgs: process.argv.slice(3),
  log: (line) => console.error(`[seat-portal] ${line}`),
});
