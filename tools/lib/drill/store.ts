/**
 * Where a drill's config edits go: the stack file itself (live runs: `pulumi up` reads it) or an
 * in-memory copy of it (dry runs: the file is never written). Either way the starting text is kept
 * and `restore()` puts it back exactly. Writes are atomic (a temporary file renamed over the
 * stack file), so an interrupted drill never leaves a half-written stack file.
 */
import * as path from "path";
import { writeFileAtomic } from "../io";
import { yamlEdits, type Edit } from "../remediate";
import { parseStackText } from "../stackConfig";
import { readStackText, writeStackTextAtomic, type StackText } from "../stackFile";
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

/** The `config:` map, validated as the plan validates a stack file (secrets, keys, YAML limits). */
function configOf(text: string, label: string): Record<string, unknown> {
    return { ...parseStackText(text, label) };
}

/** The edits written with the minimal-edit writer `npm run remediate` uses (comments, order and the rest of the text kept). */
function edited(text: string, edits: readonly Edit[]): string {
    return editYamlText(text, yamlEdits(edits));
}

export class MemoryStore implements ConfigStore {
    private text: string;
    constructor(
        readonly original: string,
        private readonly label = "the stack file",
    ) {
        this.text = original;
        configOf(original, label);
    }
    config() {
        return configOf(this.text, this.label);
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

/** A report file, written atomically through the I/O layer (never over a special file). */
export function writeAtomic(file: string, text: string): void {
    writeFileAtomic(file, text, { label: path.basename(file) });
}

export class FileStore implements ConfigStore {
    readonly original: string;
    private readonly label: string;
    constructor(private readonly file: string) {
        this.label = path.basename(file);
        const read = readStackText(file, { label: this.label });
        configOf(read.text, this.label);
        this.original = read.text;
    }
    private read(): StackText {
        return readStackText(this.file, { label: this.label });
    }
    config() {
        return configOf(this.read().text, this.label);
    }
    preview(edits: readonly Edit[]) {
        return edited(this.read().text, edits);
    }
    write(text: string) {
        writeStackTextAtomic(this.read(), text, { label: this.label });
    }
    restore() {
        const now = this.read();
        if (now.text === this.original) return false;
        writeStackTextAtomic(now, this.original, { label: this.label });
        return true;
    }
}
