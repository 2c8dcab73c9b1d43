import { UserInputError } from "../userError";

/** A drill refused or stopped for a reason the operator must fix (exit 1, message names it). */
export class DrillError extends UserInputError {}
