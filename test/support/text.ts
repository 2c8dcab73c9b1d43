/**
 * The text between the first `start` and the next `end` after it (to the end of the text when
 * `end` does not follow); an error naming `start` when the text has none, so a test reading a
 * document's section fails on a missing section instead of reading an empty one.
 */
export function sectionOf(text: string, start: string, end: string): string {
    const at = text.indexOf(start);
    if (at < 0) throw new Error(`the text has no ${JSON.stringify(start)}`);
    const from = at + start.length;
    const to = text.indexOf(end, from);
    return text.slice(from, to < 0 ? undefined : to);
}
