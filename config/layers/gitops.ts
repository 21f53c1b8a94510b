/** GitOps and delivery: the repository Argo CD syncs, Pulumi Deployments, Argo CD itself (config/settings.ts). */
import { eachItem, flag, group, integer, list, perEnv, text } from "../declare";
import {
    caDataProblem,
    gitPathProblem,
    gitRevisionProblem,
    gitRepoUrlProblem,
    httpsUrlProblem,
    rbacSubjectProblem,
    samlSsoUrlProblem,
} from "../../lib/gitopsRules";
import { deployOperationsProblem, pulumiOrganizationProblem } from "../../lib/deliveryRules";
import { STOCK, isPlaceholderCertificate } from "./checks";

export const GITOPS_LAYERS = {
    gitops: group(
        "GitOps: where Argo CD takes this environment's manifests from, and how they reach the cluster (docs/gitops.md).",
        {
            repoUrl: text(
                "HTTPS URL of the Git repository that holds the Kustomize tree, e.g. https://github.com/<owner>/<repo>.git. The environment's AppProject admits this repository only.",
                {
                    check: gitRepoUrlProblem,
                    placeholder: {
                        is: (v) => v.replace(/\.git$/, "").toLowerCase() === `https://github.com/${STOCK.repository}`,
                        replaceWith:
                            "the HTTPS URL of your repository that holds kubernetes/ (https://github.com/<owner>/<repo>.git)",
                    },
                },
            ),
            revision: text("The branch Argo CD tracks (and Image Updater commits to).", {
                default: "main",
                check: gitRevisionProblem,
            }),
            path: text(
                "The Kustomize tree's directory in the repository; each Application syncs <path>/<app>/overlays/<environment>.",
                {
                    default: "kubernetes",
                    check: gitPathProblem,
                },
            ),
            autoSync: flag(
                "Argo CD syncs automatically, with prune and self-heal (main: merge to main and the change is live). false: a person presses Sync (demo, promoted by hand; refused on demo).",
                { default: perEnv({ main: true, demo: false }) },
            ),
            imageUpdates: flag(
                "Argo CD Image Updater commits the digest of each new branch-main image to this environment's overlays (main only; refused on demo, and without autoSync).",
                { default: perEnv({ main: true, demo: false }) },
            ),
        },
    ),
    deployments: group(
        "Pulumi Deployments of this stack (docs/delivery.md): the Pulumi OIDC identity provider's audience and this stack's own deployment role.",
        {
            organization: text(
                "The Pulumi Cloud organization that runs this stack's deployments: the OIDC audience and the org in the role's subject. Empty: no deployment role (deploy from a workstation only).",
                {
                    default: "",
                    check: pulumiOrganizationProblem,
                    placeholder: {
                        is: (v) => v === "organization",
                        replaceWith: "your Pulumi Cloud organization, or empty for no deployment role",
                    },
                },
            ),
            operations: list(
                "The deployment operations the role may be assumed for (its trust pins one exact subject per operation). detect-drift is the scheduled drift run (platform.deployments.driftWatch): a preview-only refresh, after the deployment settings' pre-run commands (npm ci, the policy preview) of the deployed branch, the code an update runs with this same role; nothing is written. destroy and remediate-drift are left out on purpose: a person destroys, and drift is remediated by an update someone reviews. preview is refused: a pull-request preview would run the branch's code with this write role (docs/delivery.md); the update's own policy preview runs as operation:update.",
                { default: ["update", "refresh", "detect-drift"], check: deployOperationsProblem },
            ),
            sessionSeconds: integer(
                "Maximum session of the deployment role, seconds (IAM: 3600 to 43200).",
                3600,
                43200,
                { default: 3600 },
            ),
        },
    ),
    argocd: group(
        "Argo CD and its Image Updater, installed in osprey-argocd by the stack that owns the platform (docs/gitops.md); another stack that sets any of it is refused.",
        {
            url: text(
                "The URL people open Argo CD at. Default: through the jumpbox tunnel and a port-forward (docs/gitops.md), never a public endpoint. Dex's SAML ACS URL is <url>/api/dex/callback.",
                { default: "https://localhost:8080", check: httpsUrlProblem },
            ),
            adminEnabled: flag(
                "Break-glass only: true re-enables Argo CD's local admin account (initial password in Secret argocd-initial-admin-secret). false (default): SSO only.",
                { default: false },
            ),
            sso: group(
                "Dex's SAML connector for the Google Workspace SAML app (Admin console > Apps > Web and mobile apps > Add custom SAML app).",
                {
                    ssoUrl: text("The app's SSO URL, https://accounts.google.com/o/saml2/idp?idpid=<id>.", {
                        check: samlSsoUrlProblem,
                        placeholder: {
                            is: (v) => /idpid=C0+$/.test(v),
                            replaceWith: "your SAML app's SSO URL (Google Admin console > the Argo CD SAML app)",
                        },
                    }),
                    entityIssuer: text(
                        "The Entity ID entered in Google's app; empty (default) means <url>/api/dex/callback, the same as the ACS URL.",
                        {
                            default: "",
                            check: (v) => (v === "" ? undefined : httpsUrlProblem(v)),
                        },
                    ),
                    caData: text(
                        "Google's IdP certificate: the PEM downloaded from the app, base64-encoded on one line (base64 -w0 GoogleIDPCertificate.pem).",
                        {
                            check: caDataProblem,
                            placeholder: {
                                is: isPlaceholderCertificate,
                                replaceWith:
                                    "Google's IdP certificate of your SAML app, base64 -w0 GoogleIDPCertificate.pem",
                            },
                        },
                    ),
                },
            ),
            rbac: group(
                "Who may do what in Argo CD. Everyone else who logs in gets role:readonly. Groups arrive only if Google's app lists them under Group membership (docs/gitops.md).",
                {
                    adminEmails: list("Emails given role:admin.", { default: [], check: eachItem(rbacSubjectProblem) }),
                    adminGroups: list("Google groups given role:admin.", {
                        default: [],
                        check: eachItem(rbacSubjectProblem),
                    }),
                    deployerEmails: list(
                        "Emails that may sync, refresh and roll back the environments' Applications.",
                        {
                            default: [],
                            check: eachItem(rbacSubjectProblem),
                        },
                    ),
                    deployerGroups: list(
                        "Google groups that may sync, refresh and roll back the environments' Applications.",
                        {
                            default: [],
                            check: eachItem(rbacSubjectProblem),
                        },
                    ),
                },
            ),
        },
        "platform-owner",
    ),
} as const;
