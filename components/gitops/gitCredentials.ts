/**
 * The Git credentials of the GitOps layer, from Secrets Manager through External Secrets (pure manifests). Two,
 * each with the least it needs: Argo CD READS the repository (a repository Secret, found by its label
 * argocd.argoproj.io/secret-type=repository, Argo CD docs declarative-setup.md); Image Updater WRITES digests to it
 * (its `git:secret:<ns>/<name>` write-back reads keys username and password, Image Updater docs update-methods.md).
 * Both Secrets Manager secrets are created empty and filled out of band (docs/gitops.md):
 *   {"username": "x-access-token", "password": "<token>"}
 */
import { ESO_API_VERSION, dataObjectMetadata } from "../data/externalSecrets";
import { ARGOCD_NAMESPACE } from "../../lib/naming";

export const ARGOCD_REPOSITORY_SECRET = "osprey-strike-repository";
/** Credentials rarely change; an hour bounds how long a rotated token takes to arrive. */
export const GIT_SECRET_REFRESH = "1h";

const literal = (s: string) => {
    if (s.includes("{{") || s.includes("}}")) throw new Error(`"${s}" would be read as a template expression`);
    return s;
};

/**
 * The repository's HTTP(S) proxy: an address where nothing listens, inside the repo-server's own pod (port 1 on its
 * loopback; no other pod can listen there). Argo CD hands a repository's `proxy`/`noProxy` to every git and kustomize
 * run for it as http_proxy, https_proxy and no_proxy (util/proxy UpsertEnv, util/kustomize Build; declarative-setup.md
 * "Configure repositories with proxy"), and git's askpass answers the repository's username and password to ANY host
 * that asks (cmd/argocd-git-ask-pass: the prompt's host is not checked). So a kustomization naming a remote base on
 * another host would hand our token to that host. With the proxy, a fetch from any host but the repository's own
 * (noProxy) fails at connect, before a request leaves the pod; the repository itself is fetched directly.
 * kustomize has no build flag that refuses remote bases (`--load-restrictor` only confines local files: kustomize
 * api/internal/loader/fileloader.go treats a URL before any restrictor), hence this, and the test over kubernetes/
 * that no kustomization names one (tests/kubernetes/remoteResources.test.ts).
 */
export const NO_FETCH_PROXY = "http://127.0.0.1:1";

/** The host Argo CD may fetch from directly: the repository URL's host name (no port, matching curl and Go alike). */
export const repositoryHost = (repoUrl: string) => new URL(repoUrl).hostname;

/**
 * The Argo CD repository Secret: type, url (plain), username/password from Secrets Manager, and the proxy that keeps
 * every fetch but the repository's own inside the pod (NO_FETCH_PROXY).
 */
export function repositoryExternalSecret(args: { repoUrl: string; secretName: string; store: string }) {
    return {
        apiVersion: ESO_API_VERSION,
        kind: "ExternalSecret" as const,
        metadata: dataObjectMetadata(ARGOCD_REPOSITORY_SECRET, ARGOCD_NAMESPACE, "app-secret"),
        spec: {
            refreshInterval: GIT_SECRET_REFRESH,
            secretStoreRef: { kind: "ClusterSecretStore", name: args.store },
            target: {
                name: ARGOCD_REPOSITORY_SECRET,
                creationPolicy: "Owner",
                deletionPolicy: "Retain",
                template: {
                    engineVersion: "v2",
                    type: "Opaque",
                    metadata: {
                        labels: {
                            "argocd.argoproj.io/secret-type": "repository",
                            "app.kubernetes.io/part-of": "argocd",
                        },
                    },
                    data: {
                        type: "git",
                        url: literal(args.repoUrl),
                        proxy: NO_FETCH_PROXY,
                        noProxy: literal(repositoryHost(args.repoUrl)),
                        username: "{{ .username }}",
                        password: "{{ .password }}",
                    },
                },
            },
            data: [
                { secretKey: "username", remoteRef: { key: args.secretName, property: "username" } },
                { secretKey: "password", remoteRef: { key: args.secretName, property: "password" } },
            ],
        },
    };
}

/** Image Updater's push credentials: keys username and password, copied as they are. */
export function writeCredentialsExternalSecret(args: { target: string; secretName: string; store: string }) {
    return {
        apiVersion: ESO_API_VERSION,
        kind: "ExternalSecret" as const,
        metadata: dataObjectMetadata(args.target, ARGOCD_NAMESPACE, "app-secret"),
        spec: {
            refreshInterval: GIT_SECRET_REFRESH,
            secretStoreRef: { kind: "ClusterSecretStore", name: args.store },
            target: { name: args.target, creationPolicy: "Owner", deletionPolicy: "Retain" },
            dataFrom: [{ extract: { key: args.secretName } }],
        },
    };
}
