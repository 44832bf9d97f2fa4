// The dependency rules of DESIGN.md, read off the source: no import cycle between modules of
// lib/ (a module is a top-level file or folder of lib/), and components that never reach the
// database or the seat service, not even for a type. ESLint holds every file to the layer
// order (eslint.config.mjs); this test looks at the whole graph at once, so a cycle that
// closes through a module the layer list forgot still fails.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const SOURCE = /\.(ts|tsx|mts|mjs)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    // Prisma's generated client imports nothing of ours.
    if (entry.isDirectory()) return file === "lib/generated" ? [] : sourceFiles(file);
    return SOURCE.test(entry.name) ? [file] : [];
  });
}

type Import = { file: string; specifier: string; target: string };

/** Every import of `file` that names a file of the project, type-only ones included, as a path from the root. */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      specifiers.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specifiers.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers.flatMap((specifier) => {
    if (specifier.startsWith("@/")) return [{ file, specifier, target: specifier.slice(2) }];
    if (specifier.startsWith(".")) return [{ file, specifier, target: path.posix.join(path.posix.dirname(file), specifier) }];
    return [];
  });
}

/** lib/seats/assign-seat.ts → lib/seats, lib/db.ts → lib/db; outside lib/, the top folder. */
function moduleOf(target: string) {
  const [top, name, ...rest] = target.split("/");
  if (top !== "lib" || name === undefined) return top!;
  return rest.length ? `lib/${name}` : `lib/${name.replace(SOURCE, "").replace(/\.js$/, "")}`;
}

const libImports = sourceFiles("lib").flatMap(importsOf);

/** Groups of lib modules that reach each other (Tarjan's strongly connected components, larger than one). */
function moduleCycles(imports: Import[]) {
  const edges = new Map<string, Map<string, string[]>>();
  for (const { file, specifier, target } of imports) {
    const from = moduleOf(file);
    const to = moduleOf(target);
    if (from === to || !to.startsWith("lib/")) continue;
    const out = edges.get(from) ?? new Map<string, string[]>();
    out.set(to, [...(out.get(to) ?? []), `${file} imports ${specifier}`]);
    edges.set(from, out);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const connect = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) connect(node);
  // Each cycle with the imports that close it, so that a failure says what to move.
  return components.map((members) => ({
    modules: members,
    imports: members.flatMap((from) => [...(edges.get(from) ?? [])].filter(([to]) => members.includes(to)).flatMap(([, why]) => why)).sort(),
  }));
}

describe("the modules of lib/", () => {
  it("import each other without a cycle, type imports included", () => {
    expect(moduleCycles(libImports)).toEqual([]);
  });

  it("would show a cycle of two modules (lib/env ↔ lib/seats, planted)", () => {
    const planted = [...libImports, { file: "lib/env.ts", specifier: "@/lib/seats", target: "lib/seats" }, { file: "lib/seats/index.ts", specifier: "@/lib/env", target: "lib/env" }];
    expect(moduleCycles(planted).map((cycle) => cycle.modules)).toContainEqual(expect.arrayContaining(["lib/env", "lib/seats"]));
  });
});

describe("components/", () => {
  it("never import the database or the seat service, not even types (pages hand them view types)", () => {
    const forbidden = ["lib/db", "lib/generated", "lib/seats"];
    const reached = sourceFiles("components")
      .flatMap(importsOf)
      .filter(({ target }) => forbidden.includes(moduleOf(target)))
      .map(({ file, specifier }) => `${file} imports ${specifier}`);
    expect(reached).toEqual([]);
  });
});
