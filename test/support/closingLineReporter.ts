/**
 * Mocha's Dot reporter plus one closing line, `N passed, N failed`, printed after everything else
 * (the failures' details included): the plain line CI reads, taken from mocha's own counts.
 */
import * as Mocha from "mocha";

class ClosingLineReporter extends Mocha.reporters.Dot {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        // Registered after Dot's own end listener, so the line follows Dot's epilogue.
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const stats = runner.stats!;
            process.stdout.write(`${stats.passes} passed, ${stats.failures} failed\n`);
        });
    }
}

export = ClosingLineReporter;
