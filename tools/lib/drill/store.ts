/**
 * Where a drill's config edits go: the stack file itself (live runs: `pulumi up` reads it) or an
 * in-memory copy of it (dry runs: the file is never written). Either way the starting text is kept
 * and `restore()` puts it back exactly. Writes are atomic (a temporary file renamed over the
 * stack file), so an interrupted drill never leaves a half-written stack file.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { yamlEdits, type Edit } from "../remediate";
import { editYamlText } from "../yamlEdit";

export interface ConfigStore {
    /** The stack file's `config:` map as it stands now. */
    config(): Record<string, unknown>;
    /** The text the edits would produce, without keeping it. */
    preview(edits: readonly Edit[]): string;
    write(text: string): void;
    /** Puts the starting text back; true if anything had changed. */
    restore(): boolean;
    readonly original: string;
}

function configOf(text: string): Record<string, unknown> {
    return { ...((YAML.parse(text) as { config?: Record<string, unknown> } | null)?.config ?? {}) };
}

/** The edits written with the minimal-edit writer `npm run remediate` uses (comments, order and the rest of the text kept). */
function edited(text: string, edits: readonly Edit[]): string {
    return editYamlText(text, yamlEdits(edits));
}

export class MemoryStore implements ConfigStore {
    private text: string;
    constructor(readonly original: string) {
        this.text = original;
    }
    config() {
        return configOf(this.text);
    }
    preview(edits: readonly Edit[]) {
        return edited(this.text, edits);
    }
    write(text: string) {
        this.text = text;
    }
    restore() {
        const changed = this.text !== this.original;
        this.text = this.original;
        return changed;
    }
}

export function writeAtomic(file: string, text: string): void {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
}

export class FileStore implements ConfigStore {
    readonly original: string;
    constructor(private readonly file: string) {
        this.original = fs.readFileSync(file, "utf8");
    }
    private text() {
        return fs.readFileSync(this.file, "utf8");
    }
    config() {
        return configOf(this.text());
    }
    preview(edits: readonly Edit[]) {
        return edited(this.text(), edits);
    }
    write(text: string) {
        writeAtomic(this.file, text);
    }
    restore() {
        if (this.text() === this.original) return false;
        writeAtomic(this.file, this.original);
        return true;
    }
}
