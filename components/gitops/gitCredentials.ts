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

/** The Argo CD repository Secret: type, url (plain) and username/password from Secrets Manager. */
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
