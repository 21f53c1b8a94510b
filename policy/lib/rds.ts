/**
 * The type tokens the rds-* policies judge (@pulumi/aws 7), every family that holds data: RDS instances, Aurora
 * clusters and their instances. Which property lives where (AWS RDS API): publiclyAccessible on instances (Aurora:
 * per cluster instance); storageEncrypted, backupRetentionPeriod and deletionProtection on an Aurora cluster (its
 * instances inherit them), on the instance otherwise.
 */
export const RDS_INSTANCE = "aws:rds/instance:Instance";
export const RDS_CLUSTER = "aws:rds/cluster:Cluster";
export const RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";

/** Where a database endpoint can be public. */
export const RDS_ENDPOINT_TYPES: readonly string[] = [RDS_INSTANCE, RDS_CLUSTER_INSTANCE];
/** Where storage, backups and deletion protection are decided. */
export const RDS_STORAGE_TYPES: readonly string[] = [RDS_INSTANCE, RDS_CLUSTER];

export const rdsKind = (type: string) =>
    type === RDS_CLUSTER
        ? "Aurora cluster"
        : type === RDS_CLUSTER_INSTANCE
          ? "Aurora cluster instance"
          : "RDS instance";
