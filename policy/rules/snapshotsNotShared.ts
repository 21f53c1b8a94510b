/**
 * A database snapshot is the whole database: none is shared outside the account. RDS and Aurora snapshots with
 * sharedAccounts (an account id, or "all" = public; RDS ModifyDBSnapshotAttribute restore attribute) and EBS
 * snapshot volume permissions are reported, wherever the snapshot lives (a permission on a snapshot outside the
 * stack shares it just the same).
 *
 * Missing: no sharedAccounts means not shared, which passes.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { arrayOf } from "../lib/props";

const SHARED: Record<string, string> = {
    "aws:rds/snapshot:Snapshot": "sharedAccounts",
    "aws:rds/clusterSnapshot:ClusterSnapshot": "sharedAccounts",
    "aws:rds/snapshotCopy:SnapshotCopy": "sharedAccounts",
};
const EBS_PERMISSION = "aws:ebs/snapshotCreateVolumePermission:SnapshotCreateVolumePermission";

export const snapshotsNotShared: ResourceValidationPolicy = {
    name: "snapshots-not-shared",
    description:
        'No RDS/Aurora snapshot has sharedAccounts (another account, or "all": public) and no EBS snapshot grants create-volume permission.',
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Remove sharedAccounts / the volume permission; to move data to another account, copy an encrypted snapshot with a key that account is granted, in a reviewed change.",
    validateResource: (args, report) => {
        const key = SHARED[args.type];
        if (key !== undefined) {
            const accounts = arrayOf(args.props[key]).map(String);
            if (accounts.length > 0)
                report(
                    `${key} shares the snapshot with ${accounts.map((a) => (a === "all" ? "everyone (all: public)" : a)).join(", ")}`,
                );
        }
        if (args.type === EBS_PERMISSION)
            report(
                `grants create-volume permission on snapshot ${String(args.props.snapshotId)} to account ${String(args.props.accountId)}`,
            );
    },
};
