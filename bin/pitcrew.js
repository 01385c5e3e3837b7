#!/usr/bin/env node
// The `pitcrew` command: TypeScript sources run through tsx's loader, with the project's
// tsconfig named explicitly so the "@/" imports resolve from any working directory.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../cli/main.ts");
