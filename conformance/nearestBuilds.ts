/**
 * The provider plugins the conformance previews ran with when the pinned release could not be
 * built: which release was built instead (the nearest one whose source could be had), where its
 * source came from, how its build differs from the release's own, and what the releases between
 * it and the pin change for the resource types and fields this program uses.
 *
 * The module proxy serves none of the pinned providers (docs/conformance.json, resolutions), so
 * each was built by hand from a fetched git snapshot of its repository. By the workplace rule the
 * snapshot's code, the binaries and the build recipe stay out of this repository; what is here is
 * the record of what was built, for the report and for test/conformance/versions.test.ts, which
 * holds each entry to the pin it was made for: a bumped pin needs a new build or a new entry.
 */

export interface GapChange {
    /** The release of the gap the change is in (or the range, when its release is not known). */
    release: string;
    /** What the release notes (or the commit) say, in short. */
    change: string;
    /** Where it is said. */
    source: string;
    /** This program's resource types (and fields) the change touches; empty when none. */
    touches: string[];
    /** What it means for the previews compared here and for the model. */
    effect: string;
}

export interface NearestBuild {
    npm: string;
    /** The package.json pin this entry answers for. */
    pin: string;
    /** The release built; the plugin reports it over GetPluginInfo. */
    built: string;
    repository: string;
    tag: string;
    commit: string;
    /** The upstream Terraform provider compiled in, for a bridged provider. */
    upstream?: { repository: string; version: string; commit: string };
    /** The Go package built and the version stamped into it, as the repository's Makefile does. */
    package: string;
    ldflags: string;
    /** Wall time of the build on the project's machine (2 cores shared, `nice`, -p=2). */
    buildSeconds: number;
    builtOn: string;
    /** Where the build differs from the release's own, and why. */
    deviations: string[];
    /** The releases between the build and the pin, and what of them was found. */
    gap: { releases: string[]; notesNotFound: string[]; changes: GapChange[] };
}

export const nearestBuilds: NearestBuild[] = [];
