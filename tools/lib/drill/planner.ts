/** Offline plans of a stack for a drill, memoised by config: a scenario returns to configs it has seen. */
import { plan, type Inventory } from "../plan";

export function planner(
    stack: string,
): (config: Record<string, unknown>, unknownAtPreview?: ReadonlySet<string>) => Promise<Inventory> {
    const cache = new Map<string, Promise<Inventory>>();
    return (config, unknownAtPreview) => {
        const key = JSON.stringify([config, [...(unknownAtPreview ?? [])].sort()]);
        let p = cache.get(key);
        if (!p) {
            p = plan({ stack, stackConfig: config, ...(unknownAtPreview ? { unknownAtPreview } : {}) });
            cache.set(key, p);
        }
        return p;
    };
}
