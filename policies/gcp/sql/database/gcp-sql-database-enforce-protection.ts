import { protectionPolicy } from "../../../lib/protection";

export const policy = protectionPolicy({
    name: "gcp-sql-database-enforce-protection",
    type: "gcp:sql/database:Database",
    label: "Cloud SQL database",
    description: "Cloud SQL databases are protected against deletion (deleting the database drops every table).",
});
