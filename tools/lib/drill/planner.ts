/** Offline plans of a stack for a drill, memoised by config: a scenario returns to configs it has seen. */
import { plan, type Inventory } from "../plan";

export function planner(stack: string): (config: Record<string, unknown>) => Promise<Inventory> {
    const cache = new Map<string, Promise<Inventory>>();
    return (config) => {
        const key = JSON.stringify(config);
        let p = cache.get(key);
        if (!p) {
            p = plan({ stack, stackConfig: config });
            cache.set(key, p);
        }
        return p;
    };
}
