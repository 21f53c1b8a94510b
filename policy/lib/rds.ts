/** The type token the four rds-* policies judge (@pulumi/aws 7). */
export const RDS_INSTANCE = "aws:rds/instance:Instance";
