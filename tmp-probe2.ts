import { plan } from "./tools/lib/plan";
import { runPolicies } from "./tools/lib/policy";
(async () => {
  const inv = await plan({ stack: "prod-eu" });
  const crashes = new Map<string, string>();
  const paths = (v: unknown, p: (string|number)[] = []): (string|number)[][] => {
    const out: (string|number)[][] = [p];
    if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...p, i])));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...p, k]));
    return out;
  };
  let n = 0;
  for (const [ri, r] of inv.resources.entries()) {
    for (const p of paths(r.inputs)) {
      if (p.length === 0) continue;
      for (const ph of ["[unknown]", "[secret]"]) {
        const copy = structuredClone(inv);
        let node: any = copy.resources[ri].inputs;
        for (const k of p.slice(0, -1)) node = node[k];
        node[p[p.length - 1]] = ph;
        n++;
        try { runPolicies(copy); } catch (e) { const m = (e as Error).message.split("\n")[0]; const key = `${r.type} ${p.join(".")} ${ph}`; if (!crashes.has(m)) crashes.set(m, key); }
      }
    }
  }
  console.log("tried", n);
  for (const [m, k] of crashes) console.log(k, "=>", m.slice(0, 200));
})();
