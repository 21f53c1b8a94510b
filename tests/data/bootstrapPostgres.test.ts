/**
 * The bootstrap Job against a REAL PostgreSQL with PostGIS (the machine's packages: postgresql-15 and
 * postgresql-15-postgis-3, installed by .ci/run), started here on a loopback port in a temporary directory:
 *  - the server: TLS with a certificate for an RDS-style host name, signed by a CA made in this test (the shared openssl
 *    helper, tests/certificates.ts); pg_hba admits only `hostssl` (what rds.force_ssl=1 does on RDS);
 *  - the Job's script runs exactly as the Job runs it: the container's own command (sh, printf, psql --file=-) with the
 *    container's own environment, whose Secret-backed values are what ESO would write from dbBootstrapExternalSecret's
 *    template, read from a stand-in Secrets Manager; as a master user shaped like RDS's (below); twice (idempotent),
 *    then with a new password (the re-password path); then with hostile names and passwords (no injection, and each
 *    logs in as itself through libpq's variables and DATABASE_URL alike); and with a failing statement (exits non-zero);
 *  - the apps' side: libpq (psql) with what db-connection holds, dbConnectionExternalSecret's template rendered the same
 *    way (PGSSLMODE=verify-full, PGSSLROOTCERT, and DATABASE_URL), as osprey_app: PostGIS works, tables in public work,
 *    nothing more; no TLS, a wrong root or a wrong host name is refused.
 * Only two values differ from the cluster's, both for this machine: PGSSLROOTCERT names the test CA's file instead of
 * the ConfigMap mount at RDS_CA_PATH, and PGHOSTADDR=127.0.0.1 stands in for DNS (libpq still checks the certificate
 * against PGHOST, the RDS-style name).
 *
 * The master user. RDS's is `CREATE ROLE ... LOGIN NOSUPERUSER INHERIT CREATEDB CREATEROLE NOREPLICATION`, a member of
 * rds_superuser, and owns the database RDS creates (AWS, RDS User Guide, "Understanding the rds_superuser role"). Here:
 * the same attributes and the database's ownership, never superuser while the script runs. Plain PostgreSQL has no
 * rds_superuser: it lets only a superuser create an untrusted extension such as PostGIS. So the one statement that
 * needs it, POSTGIS_SQL (the script's first line), runs once before the Job's first run, as the master holding SUPERUSER
 * for that statement alone; every run of the script then finds PostGIS there (on RDS the first run creates it itself).
 * What else only RDS shows: its server certificate chain (rds-ca-rsa2048-g1), PostgreSQL 18's own role rules (the
 * master's ADMIN OPTION on roles it creates, PG 16+), RDS's patches behind rds_superuser, and IAM authentication.
 *
 * Skipped, with the reason in its name, where the packages are not installed (findPostgres).
 */
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_DB_NAME, DEFAULT_MASTER_USERNAME } from "../../components/data/database";
import {
    DB_APP_SECRET,
    DB_APP_USER,
    DB_BOOTSTRAP_SECRET,
    DB_TLS,
    dbBootstrapExternalSecret,
    dbConnectionExternalSecret,
    DEFAULT_SECRET_STORE,
    ExternalSecretManifest,
} from "../../components/data/externalSecrets";
import { POSTGIS_SQL, postgisJobManifest } from "../../components/data/postgisJob";
import { RDS_CA_PATH, rdsCaBundle } from "../../components/data/rdsCa";
import { secretManagerName } from "../../components/data/secretCatalog";
import { environmentNames } from "../../lib/naming";
import { CertificateProfile, opensslCertificates } from "../certificates";
import { findPostgres, freeLoopbackPort, LocalPostgres, PsqlResult, serverVersion } from "./localPostgres";

const ENV = "main" as const;
const NAMES = environmentNames(ENV);
/** RDS's DNS scheme, <identifier>.<12 lower-case alphanumerics>.<region>.rds.amazonaws.com; what the certificate names. */
const DB_HOST = `${NAMES.databaseIdentifier}.abc123xyz456.us-east-1.rds.amazonaws.com`;
/** Another instance's name, for the wrong-host check (the same account and region: only the identifier differs). */
const OTHER_HOST = `${environmentNames("demo").databaseIdentifier}.abc123xyz456.us-east-1.rds.amazonaws.com`;
/** RDS's own superuser, which its customers never get; here only the test's setup and inspection use it. */
const SUPERUSER = "rdsadmin";
const MASTER_SECRET_ARN =
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-AbCdEf";
const APP_SECRET_NAME = secretManagerName(ENV, { name: DB_APP_SECRET });

/** 40 alphanumerics, like the program's RandomPassword for db-app (special: false); also the master's stand-in. */
const password = () => randomBytes(30).toString("base64url").replace(/[-_]/g, "x").slice(0, 40);

/** The test's CA and the server's certificate: RSA 2048 like the rds-ca-rsa2048-g1 chain the instances are pinned to. */
const TEST_CA: CertificateProfile = {
    algorithm: "RSA",
    rsaBits: 2048,
    validityPeriodHours: 48,
    allowedUses: ["cert_signing", "crl_signing"],
};
const SERVER: CertificateProfile = {
    ...TEST_CA,
    allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
};

/** rds.force_ssl=1 (the parameter group, components/data/database.ts): TCP and TLS only, by password. */
const HBA = [
    "# tests/data/bootstrapPostgres.test.ts: what rds.force_ssl=1 leaves. No `local` line (RDS has no socket clients), no",
    "# `host`/`hostnossl` line: a connection without TLS matches nothing and is refused.",
    "hostssl all all 127.0.0.1/32 scram-sha-256",
    "",
].join("\n");

// ---- ESO, as far as the data layer uses it --------------------------------------------------------------------------

/** Go's url.QueryEscape, which text/template's `urlquery` is: unreserved bytes stay, space is '+', the rest %XX. */
const goQueryEscape = (s: string) =>
    Array.from(Buffer.from(s, "utf8"))
        .map((b) => {
            const c = String.fromCharCode(b);
            if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
            return b === 0x20 ? "+" : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
        })
        .join("");

/**
 * ESO's template (engineVersion v2: Go text/template with sprig) for the forms the data layer writes: `{{ .key }}`,
 * piped through `urlquery` (text/template's) and `replace "old" "new"` (sprig's: every occurrence). Anything else throws.
 */
function renderTemplate(text: string, values: Record<string, string>): string {
    const out = text.replace(/\{\{(.*?)\}\}/g, (_, inner: string) => {
        const [head, ...stages] = inner.split("|").map((t) => t.trim());
        const key = /^\.(\w+)$/.exec(head)?.[1];
        if (key === undefined || !(key in values))
            throw new Error(`template: no value for "${head}" in ${JSON.stringify(Object.keys(values))}`);
        return stages.reduce((v, stage) => {
            if (stage === "urlquery") return goQueryEscape(v);
            const replace = /^replace "([^"]*)" "([^"]*)"$/.exec(stage);
            if (replace) return v.split(replace[1]).join(replace[2]);
            throw new Error(`template: a function this renderer does not know: ${stage}`);
        }, values[key]);
    });
    if (out.includes("{{")) throw new Error(`template: a form this renderer does not know: ${text}`);
    return out;
}

/** Secrets Manager as ESO's SecretStore reads it: secret (name or ARN) → its JSON's properties. */
type SecretsManager = Record<string, Record<string, string>>;

/** The Kubernetes Secret ESO writes for `es`: each `data` item read by remoteRef (key, property), then the template. */
function esoSecret(es: ExternalSecretManifest, sm: SecretsManager): Record<string, string> {
    const spec = es.spec as {
        data: { secretKey: string; remoteRef: { key: string; property: string } }[];
        target: { template: { engineVersion: string; data: Record<string, string> } };
    };
    expect(spec.target.template.engineVersion).toBe("v2");
    const values = Object.fromEntries(
        spec.data.map(({ secretKey, remoteRef }) => {
            const value = sm[remoteRef.key]?.[remoteRef.property];
            if (value === undefined)
                throw new Error(`Secrets Manager: no ${remoteRef.key} property ${remoteRef.property}`);
            return [secretKey, value];
        }),
    );
    return Object.fromEntries(
        Object.entries(spec.target.template.data).map(([k, t]) => [k, renderTemplate(t, values)]),
    );
}

const secretsManager = (
    master: { username: string; password: string },
    app: { username: string; password: string },
): SecretsManager => ({
    [MASTER_SECRET_ARN]: master,
    [APP_SECRET_NAME]: app,
});

const dbConnection = (port: number) => ({
    host: DB_HOST,
    port,
    dbName: DEFAULT_DB_NAME,
    masterSecretArn: MASTER_SECRET_ARN,
    appSecretName: APP_SECRET_NAME,
});

// ---- the suite ------------------------------------------------------------------------------------------------------

const found = findPostgres();
const title = "the bootstrap Job against a real PostgreSQL with PostGIS";
if ("problem" in found) {
    // The reason in the skipped test's name (jest --verbose, reporters) and printed, not only a count of skipped tests.
    console.warn(`${title}: skipped, ${found.problem}`);
    describe(title, () => test.skip(`skipped: ${found.problem}`, () => undefined));
} else {
    const { install } = found;
    const pg = new LocalPostgres(install);
    const certificates = opensslCertificates(pg.dir);
    let port = 0;
    let caFile = "";
    let otherCaFile = "";
    let rdsRootsFile = "";
    const superuserPassword = password();
    const master = { username: DEFAULT_MASTER_USERNAME, password: password() };
    const firstAppPassword = password();

    /** What this machine changes in a pod's environment: the CA file for the ConfigMap mount, loopback for DNS. */
    const onThisMachine = (env: Record<string, string>): Record<string, string> => {
        expect(env.PGSSLROOTCERT).toBe(RDS_CA_PATH);
        return { ...env, PGSSLROOTCERT: caFile, PGHOSTADDR: "127.0.0.1" };
    };

    /** The Job's container: its command, and its environment as the kubelet builds it from the manifest and the Secret. */
    function jobRun(app: { username: string; password: string }): PsqlResult {
        const container = postgisJobManifest({ namespace: NAMES.namespace }).spec.template.spec.containers[0];
        const secret = esoSecret(
            dbBootstrapExternalSecret({
                namespace: NAMES.namespace,
                store: DEFAULT_SECRET_STORE,
                db: dbConnection(port),
            }),
            secretsManager(master, app),
        );
        const env = Object.fromEntries(
            container.env.map((e) => {
                if ("value" in e) return [e.name, e.value];
                expect(e.valueFrom.secretKeyRef.name).toBe(DB_BOOTSTRAP_SECRET);
                // A key the Secret lacks stops the pod (CreateContainerConfigError): fail here as the Job would.
                if (!(e.valueFrom.secretKeyRef.key in secret))
                    throw new Error(`db-bootstrap has no ${e.valueFrom.secretKeyRef.key}`);
                return [e.name, secret[e.valueFrom.secretKeyRef.key]];
            }),
        );
        return pg.run(container.command, onThisMachine(env));
    }

    /** db-connection as the apps get it (envFrom), for the application role with `app`'s credentials. */
    const appSecret = (app: { username: string; password: string }) =>
        esoSecret(
            dbConnectionExternalSecret({
                namespace: NAMES.namespace,
                store: DEFAULT_SECRET_STORE,
                db: dbConnection(port),
            }),
            secretsManager(master, app),
        );

    /** libpq with the apps' PG* variables (DATABASE_URL aside), plus `change`; one statement, tuples only. */
    function asApp(
        app: { username: string; password: string },
        sql: string,
        change: Record<string, string> = {},
    ): PsqlResult {
        const { DATABASE_URL: _url, ...env } = appSecret(app);
        return pg.psql({ ...onThisMachine(env), ...change }, [
            "--no-align",
            "--tuples-only",
            "--quiet",
            "--set=ON_ERROR_STOP=1",
            "--command",
            sql,
        ]);
    }

    /** libpq with db-connection's DATABASE_URL alone (no PG* variables), its sslrootcert and host mapped like onThisMachine. */
    function viaUrl(app: { username: string; password: string }, sql: string): PsqlResult {
        const url = new URL(appSecret(app).DATABASE_URL);
        expect(url.searchParams.get("sslmode")).toBe("verify-full");
        expect(url.searchParams.get("sslrootcert")).toBe(RDS_CA_PATH);
        url.searchParams.set("sslrootcert", caFile);
        url.searchParams.set("hostaddr", "127.0.0.1");
        return pg.psql({}, ["--no-align", "--tuples-only", "--quiet", "--dbname", url.toString(), "--command", sql]);
    }

    /** libpq's variables for a direct connection as `user`, verify-full like the apps' (the test's own setup and checks). */
    const direct = (user: string, pw: string, database = DEFAULT_DB_NAME) => ({
        PGHOST: DB_HOST,
        PGHOSTADDR: "127.0.0.1",
        PGPORT: String(port),
        PGDATABASE: database,
        PGUSER: user,
        PGPASSWORD: pw,
        ...DB_TLS,
        PGSSLROOTCERT: caFile,
    });

    /** As the test's superuser (setup and inspection only): the script on stdin, tuples only. */
    function asSuperuser(sql: string, database = DEFAULT_DB_NAME): string {
        const r = pg.psql(
            direct(SUPERUSER, superuserPassword, database),
            ["--no-align", "--tuples-only", "--set=ON_ERROR_STOP=1", "--quiet"],
            sql,
        );
        if (r.status !== 0) throw new Error(`as ${SUPERUSER}: ${sql}\n${r.stderr}`);
        return r.stdout.trim();
    }

    /** As the master user, one statement. */
    const asMaster = (sql: string, database = DEFAULT_DB_NAME) =>
        pg.psql(direct(master.username, master.password, database), ["--set=ON_ERROR_STOP=1", "--command", sql]);

    /** Everything the script decides about the application role, but its password's hash (salted anew by every ALTER). */
    const roleState = (role: string) =>
        JSON.parse(
            asSuperuser(`SELECT json_build_object(
                'role', (SELECT row_to_json(r) FROM (SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin,
                         rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil FROM pg_roles WHERE rolname = ${literal(role)}) r),
                'memberOf', (SELECT coalesce(json_agg(roleid::regrole::text ORDER BY 1), '[]') FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = ${literal(role)}),
                'roles', (SELECT count(*) FROM pg_roles),
                'database', (SELECT datacl::text FROM pg_database WHERE datname = current_database()),
                'public', (SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'),
                'extensions', (SELECT json_agg(extname || ' ' || extversion ORDER BY extname) FROM pg_extension))`),
        ) as Record<string, unknown>;
    /** A SQL literal for the test's own inspection queries (standard_conforming_strings is on). */
    const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

    beforeAll(async () => {
        const started = Date.now();
        port = await freeLoopbackPort();
        const ca = certificates.makeCa("osprey-test-rds-root", TEST_CA);
        const server = certificates.makeLeaf(DB_HOST, ca, SERVER, [`subjectAltName=DNS:${DB_HOST}`]);
        const otherCa = certificates.makeCa("another-test-root", TEST_CA);
        caFile = join(pg.dir, "root.pem");
        otherCaFile = join(pg.dir, "other-root.pem");
        rdsRootsFile = join(pg.dir, "rds-roots.pem");
        writeFileSync(caFile, ca.pem);
        writeFileSync(otherCaFile, otherCa.pem);
        writeFileSync(rdsRootsFile, rdsCaBundle("us-east-1"));
        pg.start({ port, certPem: server.pem, keyPem: server.key, superuser: SUPERUSER, superuserPassword, hba: HBA });
        // The master user as RDS makes it (see the header), and the database it owns, as RDS creates dbName.
        asSuperuser(
            [
                `CREATE ROLE ${master.username} WITH LOGIN NOSUPERUSER INHERIT CREATEDB CREATEROLE NOREPLICATION PASSWORD ${literal(master.password)};`,
                `CREATE DATABASE ${DEFAULT_DB_NAME} OWNER ${master.username};`,
                // Something an injection would destroy; checked after the hostile runs.
                `\\c ${DEFAULT_DB_NAME}`,
                "CREATE TABLE canary (id int); INSERT INTO canary VALUES (1);",
            ].join("\n"),
            "postgres",
        );
        // rds_superuser's share of superuser, for the one statement that needs it (see the header).
        asSuperuser(`ALTER ROLE ${master.username} SUPERUSER;`);
        const create = asMaster(POSTGIS_SQL);
        asSuperuser(`ALTER ROLE ${master.username} NOSUPERUSER;`);
        if (create.status !== 0) throw new Error(`creating PostGIS as the master: ${create.stderr}`);
        console.log(
            `${serverVersion(install)} with PostGIS on 127.0.0.1:${port} as ${DB_HOST}, ready in ${Date.now() - started} ms`,
        );
    });
    afterAll(() => pg.stop());

    // In order: each test builds on the runs before it (jest runs a file's tests in the order they are declared).
    describe(title, () => {
        const app = { username: DB_APP_USER, password: firstAppPassword };
        const runs: PsqlResult[] = [];
        const states: Record<string, unknown>[] = [];

        it("runs the Job's own command as a master user without superuser, twice with nothing changed the second time", () => {
            expect(
                asSuperuser(
                    `SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = ${literal(master.username)}`,
                ),
            ).toBe("f|t|t");
            for (let i = 0; i < 2; i++) {
                const r = jobRun(app);
                expect({ status: r.status, stderr: r.stderr.replace(/^psql:<stdin>:\d+: NOTICE: .*\n/gm, "") }).toEqual(
                    { status: 0, stderr: "" },
                );
                runs.push(r);
                states.push(roleState(DB_APP_USER));
            }
            expect(runs[0].stderr).toMatch(/extension "postgis" already exists, skipping/);
            expect(states[1]).toEqual(states[0]);
            // The password the first run set still opens the door after the second.
            expect(asApp(app, "SELECT current_user").stdout.trim()).toBe(DB_APP_USER);
        });

        it("creates osprey_app with LOGIN and nothing else: no superuser, CREATEDB, CREATEROLE, replication, membership", () => {
            expect(states[0]).toMatchObject({
                role: {
                    rolname: DB_APP_USER,
                    rolsuper: false,
                    rolcreaterole: false,
                    rolcreatedb: false,
                    rolcanlogin: true,
                    rolreplication: false,
                    rolbypassrls: false,
                },
                memberOf: [],
            });
            // CONNECT and TEMPORARY on the database (c, T), USAGE and CREATE on public (U, C).
            expect(states[0].database).toMatch(new RegExp(`\\b${DB_APP_USER}=Tc/${master.username}\\b`));
            expect(states[0].public).toMatch(new RegExp(`\\b${DB_APP_USER}=UC/`));
            expect(states[0].extensions).toEqual(expect.arrayContaining([expect.stringMatching(/^postgis 3\./)]));
        });

        it("needed superuser (rds_superuser on RDS) only to create PostGIS: the master alone may not, on a new database", () => {
            asSuperuser(`CREATE DATABASE scratch OWNER ${master.username};`, "postgres");
            try {
                const r = asMaster(POSTGIS_SQL, "scratch");
                expect(r.status).not.toBe(0);
                expect(r.stderr).toMatch(/permission denied to create extension "postgis"/);
            } finally {
                asSuperuser("DROP DATABASE scratch;", "postgres");
            }
        });

        it("re-passwords the role on a third run with a new password: the new one works, the old one no longer does", () => {
            const renewed = { username: DB_APP_USER, password: password() };
            const r = jobRun(renewed);
            expect(r.status).toBe(0);
            expect(roleState(DB_APP_USER)).toEqual(states[0]);
            expect(asApp(renewed, "SELECT current_user").stdout.trim()).toBe(DB_APP_USER);
            const old = asApp(app, "SELECT 1");
            expect(old.status).not.toBe(0);
            expect(old.stderr).toMatch(/password authentication failed for user "osprey_app"/);
            app.password = renewed.password;
        });

        it("fails visibly (psql exits non-zero) when a statement fails: a role name PostgreSQL reserves", () => {
            const r = jobRun({ username: "pg_osprey_app", password: password() });
            expect(r.status).toBe(3); // psql: "an error occurred in a script and ON_ERROR_STOP was set"
            expect(r.stderr).toMatch(/role name "pg_osprey_app" is reserved/);
        });

        describe("as osprey_app, through libpq with what db-connection holds", () => {
            it("is verify-full against the CA file, over TLS", () => {
                expect(DB_TLS.PGSSLMODE).toBe("verify-full");
                const r = asApp(app, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
                expect({ status: r.status, stdout: r.stdout.trim(), stderr: r.stderr }).toEqual({
                    status: 0,
                    stdout: "t",
                    stderr: "",
                });
            });

            it("has PostGIS: postgis_version() and a geography distance", () => {
                expect(asApp(app, "SELECT postgis_version()").stdout).toMatch(
                    /^3\.\d+ USE_GEOS=1 USE_PROJ=1 USE_STATS=1/,
                );
                // San Francisco to Los Angeles on the WGS 84 spheroid: about 559 km.
                const km = asApp(
                    app,
                    "SELECT round(ST_Distance('SRID=4326;POINT(-122.4194 37.7749)'::geography, 'SRID=4326;POINT(-118.2437 34.0522)'::geography) / 1000)",
                );
                expect(Number(km.stdout)).toBeGreaterThan(555);
                expect(Number(km.stdout)).toBeLessThan(563);
            });

            it("creates and uses a table in public (its migrations)", () => {
                const r = asApp(
                    app,
                    [
                        "CREATE TABLE public.sites (id serial PRIMARY KEY, at geography(Point, 4326));",
                        "INSERT INTO sites (at) VALUES ('SRID=4326;POINT(-122.4194 37.7749)');",
                        "SELECT count(*) FROM sites WHERE ST_DWithin(at, 'SRID=4326;POINT(-122.42 37.77)'::geography, 1000);",
                        "DROP TABLE sites;",
                    ].join(" "),
                );
                expect({ status: r.status, stdout: r.stdout.trim(), stderr: r.stderr }).toEqual({
                    status: 0,
                    stdout: "1",
                    stderr: "",
                });
            });

            it.each([
                ["create a database", "CREATE DATABASE other", /permission denied to create database/],
                ["create a role", "CREATE ROLE other", /permission denied to create role/],
                [
                    "read pg_authid (password hashes)",
                    "SELECT rolpassword FROM pg_authid",
                    /permission denied for table pg_authid/,
                ],
            ])("cannot %s", (_, sql, refusal) => {
                const r = asApp(app, sql);
                expect(r.status).not.toBe(0);
                expect(r.stderr).toMatch(refusal);
            });

            it("the same through DATABASE_URL (its sslmode and sslrootcert, not the PG* variables)", () => {
                const r = viaUrl(app, "SELECT current_user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
                expect({ status: r.status, stdout: r.stdout.trim(), stderr: r.stderr }).toEqual({
                    status: 0,
                    stdout: `${DB_APP_USER}|t`,
                    stderr: "",
                });
            });
        });

        describe("refused", () => {
            it("without TLS (the server has no entry for it)", () => {
                const r = asApp(app, "SELECT 1", { PGSSLMODE: "disable" });
                expect(r.status).not.toBe(0);
                expect(r.stderr).toMatch(
                    /no pg_hba\.conf entry for host "127\.0\.0\.1", user "osprey_app", database "osprey", no encryption/,
                );
            });

            it.each([
                ["another CA's root", () => otherCaFile],
                ["the real RDS roots of us-east-1 (the test's server is not RDS)", () => rdsRootsFile],
            ])("with the apps' settings but %s as PGSSLROOTCERT", (_, file) => {
                const r = asApp(app, "SELECT 1", { PGSSLROOTCERT: file() });
                expect(r.status).not.toBe(0);
                expect(r.stderr).toMatch(/certificate verify failed/);
            });

            it("with the apps' settings but another host name (another instance's endpoint at the same address)", () => {
                const r = asApp(app, "SELECT 1", { PGHOST: OTHER_HOST });
                expect(r.status).not.toBe(0);
                expect(r.stderr).toContain(
                    `server certificate for "${DB_HOST}" does not match host name "${OTHER_HOST}"`,
                );
            });
        });

        describe("hostile names and passwords go through format()'s quoting, not into the SQL", () => {
            const proof = join(pg.dir, "psql-shell-escape");
            it.each([
                ["quotes and a statement", `o'sprey"; DROP TABLE canary; --`, `p'; DROP TABLE canary; --`],
                ["backslashes", String.raw`back\slash\'app\\`, String.raw`pass\'; \\ \x27 E'\\'`],
                ["dollar quotes", "$$dollar$$app$1", "$$; ALTER ROLE osprey_admin SUPERUSER; $$"],
                ["psql's own syntax", ":'app_user' \\gexec", `:app_password \\! touch ${proof}`],
            ])("%s", (_, username, pw) => {
                expect(Buffer.byteLength(username)).toBeLessThan(64); // NAMEDATALEN: longer names would be truncated
                const hostile = { username, password: pw };
                for (let i = 0; i < 2; i++) {
                    const r = jobRun(hostile);
                    expect({
                        status: r.status,
                        stderr: r.stderr.replace(/^psql:<stdin>:\d+: NOTICE: .*\n/gm, ""),
                    }).toEqual({ status: 0, stderr: "" });
                }
                // Logged in as exactly that name with exactly that password: libpq's variables, and DATABASE_URL's escaping.
                for (const me of [asApp(hostile, "SELECT current_user"), viaUrl(hostile, "SELECT current_user")]) {
                    expect({ status: me.status, stdout: me.stdout.replace(/\n$/, ""), stderr: me.stderr }).toEqual({
                        status: 0,
                        stdout: username,
                        stderr: "",
                    });
                }
                expect(roleState(username)).toMatchObject({
                    role: { rolname: username, rolsuper: false, rolcreaterole: false, rolcreatedb: false },
                    memberOf: [],
                });
                // Nothing the payloads tried happened.
                expect(asSuperuser("SELECT count(*) FROM canary")).toBe("1");
                expect(asSuperuser(`SELECT rolsuper FROM pg_roles WHERE rolname = ${literal(master.username)}`)).toBe(
                    "f",
                );
                expect(existsSync(proof)).toBe(false);
            });
        });
    });
}
