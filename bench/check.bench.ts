/**
 * `check` on synthetic inventories of 10, 100 and 1,000 integrations with runbooks,
 * against a bare YAML parse (read + YAML.parse) of the same files.
 * Targets (issue 3): 1,000 in under 1.5 s; t(1000)/t(100) <= 12; check/bare <= 3.
 */
import { readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { parse } from "yaml";
import { checkInventory } from "../compiler/checkInventory";
import { listInventoryFiles } from "../compiler/load/readInventory";
import { fmt, medianMs, verdict, writeSynthetic } from "./support";

export async function benchCheck(): Promise<void> {
  console.log("## check");
  console.log("integrations | files | check (median) | bare YAML parse | check / bare");
  const times = new Map<number, { check: number; bare: number }>();
  for (const count of [10, 100, 1000]) {
    const location = writeSynthetic(count);
    const files = listInventoryFiles(location.inventoryDir);
    const repeats = count >= 1000 ? 3 : 9;
    const valid = (r: { inventory?: unknown }) => {
      if (!r.inventory) throw new Error("synthetic inventory should be valid");
    };
    const check = await medianMs(repeats, () => valid(checkInventory(location)));
    const bare = await medianMs(repeats, () => {
      for (const f of files) parse(readFileSync(f, "utf8"));
    });
    times.set(count, { check, bare });
    console.log(`${count} | ${files.length} | ${fmt(check)} | ${fmt(bare)} | ${(check / bare).toFixed(2)}`);
    rmSync(dirname(location.inventoryDir), { recursive: true, force: true });
  }
  const t1000 = times.get(1000)!;
  const growth = t1000.check / times.get(100)!.check;
  const overhead = t1000.check / t1000.bare;
  console.log(`1,000 integrations: ${fmt(t1000.check)} (target < 1500 ms): ${verdict(t1000.check < 1500)}`);
  console.log(`growth t(1000)/t(100): ${growth.toFixed(2)} (target <= 12): ${verdict(growth <= 12)}`);
  console.log(`overhead check/bare at 1,000: ${overhead.toFixed(2)} (target <= 3): ${verdict(overhead <= 3)}`);
}
