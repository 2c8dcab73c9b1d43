// The project-level IAM grant types and how to read their principals.
export const PROJECT_IAM_TYPES = ["gcp:projects/iAMMember:IAMMember", "gcp:projects/iAMBinding:IAMBinding"];

export function principals(props: Record<string, any>): string[] {
    const members: unknown[] = props.members ?? (props.member !== undefined ? [props.member] : []);
    return members.filter((m): m is string => typeof m === "string");
}
