/**
 * The argo-cd chart's values (pure): login through the chart's bundled Dex with Google Workspace SAML, RBAC from
 * configured emails and groups with a read-only default, the local admin disabled, no Ingress (the way in is the
 * jumpbox tunnel, docs/gitops.md), non-HA sizing. Every chart key used here exists in the pinned chart's values.yaml
 * (tests/gitops/chartValues.test.ts); the keys inside configs.cm / configs.rbac are Argo CD's own (argocd-cm,
 * argocd-rbac-cm: docs/operator-manual/argocd-cm.yaml and rbac.md at v3.4.4).
 */
import { ENVIRONMENTS, environmentNames } from "../../lib/naming";
import { GITOPS_RESOURCES } from "./charts";

export interface ArgoCdSso {
    /** Google's SSO URL, https://accounts.google.com/o/saml2/idp?idpid=<id>. */
    ssoUrl: string;
    /** The Entity ID Google's app was given; "" = the ACS URL. */
    entityIssuer: string;
    /** Base64 of Google's IdP certificate (PEM). */
    caData: string;
}

export interface ArgoCdRbac {
    adminEmails: string[];
    adminGroups: string[];
    deployerEmails: string[];
    deployerGroups: string[];
}

export interface ArgoCdValuesArgs {
    /** The URL people open Argo CD at (no trailing slash). */
    url: string;
    adminEnabled: boolean;
    sso: ArgoCdSso;
    rbac: ArgoCdRbac;
}

/** The role of people who may deploy (sync, refresh, roll back) but not change Argo CD itself. */
export const DEPLOYER_ROLE = "role:osprey-deployer";
export const DEX_CONNECTOR_ID = "google-saml";

/** The argocd-cm key that makes a sync to another revision need the `override` action (Argo CD v3.2+). */
export const REQUIRE_OVERRIDE_FOR_REVISION_SYNC = "application.sync.requireOverridePrivilegeForRevisionSync";

/** Dex's callback, which is the SAML ACS URL Google's app must be given. */
export const dexCallbackUrl = (url: string) => `${url}/api/dex/callback`;

/** Whether groups are requested from Google (only when RBAC names any). */
export const usesGroups = (rbac: ArgoCdRbac) => rbac.adminGroups.length + rbac.deployerGroups.length > 0;

/**
 * Dex's SAML connector (keys: dexidp connector/saml/saml.go; the Argo CD Google SAML example,
 * github.com/argoproj/argo-cd docs/operator-manual/user-management/google.md). Google's app maps Primary email to the attributes `name` and
 * `email` (that guide). Groups, deliberately, only when RBAC uses them: Google sends the SAML attribute only for groups
 * listed under the app's "Group membership" mapping (at most 75), and with `groupsAttr` set Dex refuses the login of
 * a user in none of them ("no attribute with name groups"). So with groups in RBAC, everybody who may log in must be
 * in a listed group (docs/gitops.md: list an all-staff group too); with emails only, `groupsAttr` stays unset and
 * every Workspace user logs in with the read-only default.
 */
export function dexConfig(url: string, sso: ArgoCdSso, rbac: ArgoCdRbac) {
    const redirectURI = dexCallbackUrl(url);
    return {
        connectors: [
            {
                type: "saml",
                id: DEX_CONNECTOR_ID,
                name: "Google Workspace",
                config: {
                    ssoURL: sso.ssoUrl,
                    caData: sso.caData,
                    redirectURI,
                    entityIssuer: sso.entityIssuer === "" ? redirectURI : sso.entityIssuer,
                    usernameAttr: "name",
                    emailAttr: "email",
                    ...(usesGroups(rbac) ? { groupsAttr: "groups" } : {}),
                },
            },
        ],
    };
}

/**
 * policy.csv (Argo CD rbac.md): deployers may read, sync and act on the Applications of the environments' projects
 * (and read their logs), nothing else; admins get the built-in role:admin, the only role holding `applications,
 * override` (assets/builtin-policy.csv at v3.4.4), so only admins sync a revision other than the Application's. `g` lines match the email claim and the
 * groups claim (scopes [groups, email]). Everyone else falls back to policy.default, role:readonly.
 */
export function policyCsv(rbac: ArgoCdRbac): string {
    const projects = ENVIRONMENTS.map((e) => environmentNames(e).argocdProject);
    const lines = [
        ...projects.flatMap((p) =>
            ["get", "sync", "action/*"]
                .map((action) => `p, ${DEPLOYER_ROLE}, applications, ${action}, ${p}/*, allow`)
                .concat(`p, ${DEPLOYER_ROLE}, logs, get, ${p}/*, allow`),
        ),
        `g, ${DEPLOYER_ROLE}, role:readonly`,
        ...[...rbac.adminEmails, ...rbac.adminGroups].map((s) => `g, ${s}, role:admin`),
        ...[...rbac.deployerEmails, ...rbac.deployerGroups].map((s) => `g, ${s}, ${DEPLOYER_ROLE}`),
    ];
    return lines.join("\n") + "\n";
}

export function argocdValues(args: ArgoCdValuesArgs) {
    const host = new URL(args.url).host;
    const r = GITOPS_RESOURCES;
    return {
        global: { domain: host },
        crds: { install: true, keep: true },
        configs: {
            cm: {
                url: args.url,
                "admin.enabled": args.adminEnabled,
                "exec.enabled": false,
                "users.anonymous.enabled": false,
                // A sync to any revision other than the Application's own (a branch, a commit) is an `override`, which
                // only role:admin holds (policyCsv): without it, `sync` alone lets a deployer put any branch on demo,
                // whose Applications sync by hand (Argo CD v3.4.4 server/application resolveSourceRevisions; default
                // "false", rbac.md "The override action"). A string: Argo CD parses it with strconv.ParseBool.
                [REQUIRE_OVERRIDE_FOR_REVISION_SYNC]: "true",
                // JSON is YAML: Argo CD parses dex.config as YAML.
                "dex.config": JSON.stringify(dexConfig(args.url, args.sso, args.rbac), null, 2),
            },
            rbac: {
                "policy.default": "role:readonly",
                "policy.csv": policyCsv(args.rbac),
                scopes: "[groups, email]",
                "policy.matchMode": "glob",
            },
        },
        controller: { replicas: 1, resources: r.controller },
        server: { replicas: 1, resources: r.server, service: { type: "ClusterIP" }, ingress: { enabled: false } },
        repoServer: { replicas: 1, resources: r.repoServer },
        applicationSet: { replicas: 1, resources: r.applicationSet },
        dex: { enabled: true, resources: r.dex },
        redis: { enabled: true, resources: r.redis },
        "redis-ha": { enabled: false },
        // Nobody reads notifications yet; one controller less on two nodes.
        notifications: { enabled: false },
    };
}
