/**
 * The EKS managed add-ons' versions per Kubernetes minor, as AWS publishes them, so the upgrade rehearsal
 * (tools/upgradePlan.ts) can say what each add-on moves to for the new minor before anyone raises kubernetesVersion, and
 * refuse a minor it knows nothing about. Pure data, no imports.
 *
 * The program runs three managed add-ons: vpc-cni and coredns (components/cluster/eksCluster.ts) and kube-proxy
 * (@pulumi/eks 4.3.0 creates it, nodejs/eks/cluster/cluster.ts createCore). At `pulumi preview` the program asks EKS
 * (aws.eks.getAddonVersion, DescribeAddonVersions' default for the minor); this table is what AWS's user guide lists as
 * the latest version for each minor, which is what the rehearsal can know offline. The two can differ by an eksbuild:
 * the table says the minor has a version at all and roughly which, the preview says exactly which.
 */

export type ManagedAddon = "vpc-cni" | "coredns" | "kube-proxy" | "metrics-server" | "amazon-cloudwatch-observability";

export interface AddonVersionTable {
    addon: ManagedAddon;
    /** The page the rows were copied from, and which copy. */
    source: string;
    /** The day the rows were read (UTC ISO day). */
    read: string;
    /** Latest version of the Amazon EKS add-on type, per Kubernetes minor, as the page's table lists it. */
    versions: Readonly<Record<string, string>>;
}

/**
 * Copied row by row from the stored public copies of the EKS user guide's pages (the tables are language-independent, so
 * a translated edition serves when it is the newest copy at hand). Minors the copy does not list are absent on purpose:
 * the rehearsal then fails naming the add-on, and the fix is to add the row from the page.
 */
export const EKS_ADDON_VERSIONS: readonly AddonVersionTable[] = [
    {
        addon: "vpc-cni",
        source: 'EKS user guide "Assign IPs to Pods with the Amazon VPC CNI", table "Amazon VPC CNI versions" (https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html#vpc-cni-latest-available-version; stored ja_jp and ko_kr copies, newest row 1.33: no stored copy lists 1.34 or later)',
        read: "2026-12-07",
        versions: {
            "1.33": "v1.20.1-eksbuild.3",
            "1.32": "v1.20.1-eksbuild.3",
            "1.31": "v1.20.1-eksbuild.3",
            "1.30": "v1.20.1-eksbuild.3",
            "1.29": "v1.20.1-eksbuild.3",
            "1.28": "v1.20.1-eksbuild.3",
            "1.27": "v1.20.1-eksbuild.3",
        },
    },
    {
        addon: "coredns",
        source: 'EKS user guide "Manage CoreDNS for DNS in Amazon EKS clusters", table "CoreDNS versions" (https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html#coredns-versions; stored ja_jp copy of managing-coredns.md, newest row 1.36)',
        read: "2026-12-07",
        versions: {
            "1.36": "v1.14.3-eksbuild.3",
            "1.35": "v1.14.3-eksbuild.3",
            "1.34": "v1.13.2-eksbuild.11",
            "1.33": "v1.12.4-eksbuild.18",
            "1.32": "v1.11.4-eksbuild.40",
            "1.31": "v1.11.4-eksbuild.40",
            "1.30": "v1.11.4-eksbuild.40",
        },
    },
    {
        addon: "kube-proxy",
        source: 'EKS user guide "Manage kube-proxy in Amazon EKS clusters", table "kube-proxy versions" (https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html#kube-proxy-versions; stored ja_jp copy of managing-kube-proxy.md, newest row 1.36)',
        read: "2026-12-07",
        versions: {
            "1.36": "v1.36.0-eksbuild.14",
            "1.35": "v1.35.3-eksbuild.13",
            "1.34": "v1.34.6-eksbuild.13",
            "1.33": "v1.33.10-eksbuild.13",
            "1.32": "v1.32.13-eksbuild.16",
            "1.31": "v1.31.14-eksbuild.20",
        },
    },
];

/** The add-on's row for `minor`: the version and where it was read, or why there is none. */
export function addonVersionFor(
    addon: string,
    minor: string,
    tables: readonly AddonVersionTable[] = EKS_ADDON_VERSIONS,
): { version: string; table: AddonVersionTable } | { problem: string } {
    const table = tables.find((t) => t.addon === addon);
    if (!table)
        return {
            problem: `add-on ${addon}: not in lib/eksAddonVersions.ts EKS_ADDON_VERSIONS (the program runs it, so record its version table from the EKS user guide)`,
        };
    const version = table.versions[minor];
    if (!version)
        return {
            problem: `add-on ${addon}: lib/eksAddonVersions.ts lists no version for ${minor} (it has ${Object.keys(table.versions).join(", ")}, read ${table.read} from ${table.source}); add the ${minor} row once AWS publishes it`,
        };
    return { version, table };
}
