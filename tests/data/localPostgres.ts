/**
 * A throwaway PostgreSQL server for tests, from the machine's own packages (Debian: postgresql-15 and
 * postgresql-15-postgis-3, which .ci/run installs): initdb in a temporary directory, TLS only on a loopback port, with
 * the certificate the test hands it, and nothing kept (no fsync; stopped and removed by the caller's afterAll).
 * initdb and postgres refuse to run as root, so under root they run as the packages' `postgres` user (runuser) in a
 * directory that user owns; the clients (psql, the Job's sh) stay the caller's.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
    chmodSync,
    chownSync,
    existsSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    rmSync,
    writeFileSync,
} from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where Debian's packages put each major's server and client binaries, and its extensions' control files. */
const PG_LIB = "/usr/lib/postgresql";
const PG_SHARE = "/usr/share/postgresql";
/** psql's \getenv, which the bootstrap script reads its inputs with, is psql 15's. */
const MIN_MAJOR = 15;
const BINARIES = ["initdb", "pg_ctl", "postgres", "psql"];

export interface PostgresInstall {
    major: number;
    bindir: string;
    /** Under root: the uid and gid initdb and postgres run as (the packages' `postgres` user). */
    serverUser?: { name: string; uid: number; gid: number };
}

/** The newest installed PostgreSQL (15 or later) with PostGIS, or why there is none a test could use. */
export function findPostgres(): { install: PostgresInstall } | { problem: string } {
    const majors = existsSync(PG_LIB)
        ? readdirSync(PG_LIB)
              .filter((d) => /^\d+$/.test(d) && Number(d) >= MIN_MAJOR)
              .map(Number)
              .filter((m) => BINARIES.every((b) => existsSync(join(PG_LIB, String(m), "bin", b))))
              .sort((a, b) => b - a)
        : [];
    if (majors.length === 0)
        return {
            problem: `no PostgreSQL ${MIN_MAJOR}+ server under ${PG_LIB} (Debian: apt-get install postgresql-15 postgresql-15-postgis-3)`,
        };
    const major = majors.find((m) => existsSync(join(PG_SHARE, String(m), "extension", "postgis.control")));
    if (major === undefined)
        return {
            problem: `PostgreSQL ${majors.join(", ")} has no PostGIS (Debian: apt-get install postgresql-${majors[0]}-postgis-3)`,
        };
    if (spawnSync("openssl", ["version"]).status !== 0)
        return { problem: "no openssl CLI to make the test CA and server certificate" };
    const install: PostgresInstall = { major, bindir: join(PG_LIB, String(major), "bin") };
    if (process.getuid?.() === 0) {
        // initdb: "cannot be run as root"; the packages create the `postgres` system user.
        const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
        const [uid, gid] = [id("-u"), id("-g")];
        if (uid.status !== 0 || gid.status !== 0)
            return { problem: "running as root and there is no `postgres` user to run the server as" };
        if (spawnSync("runuser", ["--version"]).status !== 0)
            return { problem: "running as root without runuser to start the server as `postgres`" };
        install.serverUser = { name: "postgres", uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
    }
    return { install };
}

/** A port nobody listens on at this moment (the kernel's choice, released for the server to take). */
export function freeLoopbackPort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

export interface ServerOptions {
    port: number;
    /** The server's certificate and key (PEM), and the superuser initdb creates with its password. */
    certPem: string;
    keyPem: string;
    superuser: string;
    superuserPassword: string;
    /** pg_hba.conf, whole. */
    hba: string;
}

export interface PsqlResult {
    status: number | null;
    stdout: string;
    stderr: string;
}

export class LocalPostgres {
    /** The temporary directory: data directory, server log, TLS files. The caller may put its own files under it. */
    readonly dir: string;
    /** An empty HOME for the clients, so no ~/.pgpass, ~/.psqlrc or ~/.postgresql/ of the machine's takes part. */
    readonly home: string;
    private running = false;

    constructor(readonly install: PostgresInstall) {
        this.dir = mkdtempSync(join(tmpdir(), "osprey-postgres-"));
        this.home = join(this.dir, "home");
        mkdirSync(this.home);
        if (install.serverUser) chownSync(this.dir, install.serverUser.uid, install.serverUser.gid);
    }

    /** The environment every client starts from: this PostgreSQL's binaries first, English messages, nothing of the caller's PG*. */
    clientEnv(extra: Record<string, string> = {}): Record<string, string> {
        return { PATH: `${this.install.bindir}:/usr/bin:/bin`, HOME: this.home, LC_ALL: "C", ...extra };
    }

    /** Runs a server binary, as the server user under root. */
    private server(binary: string, args: string[]): void {
        const path = join(this.install.bindir, binary);
        const [file, argv] = this.install.serverUser
            ? ["runuser", ["-u", this.install.serverUser.name, "--", path, ...args]]
            : [path, args];
        const r = spawnSync(file, argv, {
            cwd: this.dir,
            env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" },
            encoding: "utf8",
            timeout: 60_000,
        });
        if (r.status !== 0) {
            const why = r.error?.message ?? r.status ?? r.signal;
            throw new Error(
                `${binary} ${args.join(" ")} failed (${why}):\n${r.stdout ?? ""}${r.stderr ?? ""}${this.log()}`,
            );
        }
    }

    /** A file of the server's, readable by it alone (the key: postgres refuses a key others can read). */
    private serverFile(name: string, content: string): string {
        const file = join(this.dir, name);
        writeFileSync(file, content, { mode: 0o600 });
        chmodSync(file, 0o600);
        if (this.install.serverUser) chownSync(file, this.install.serverUser.uid, this.install.serverUser.gid);
        return file;
    }

    private log(): string {
        const file = join(this.dir, "server.log");
        return existsSync(file) ? `\n--- server.log ---\n${readFileSync(file, "utf8")}` : "";
    }

    /** initdb (no fsync), the TLS and listen settings, the given pg_hba.conf, then start and wait until it accepts. */
    start(o: ServerOptions): void {
        const data = join(this.dir, "data");
        const pwfile = this.serverFile("superuser.pw", `${o.superuserPassword}\n`);
        this.server("initdb", [
            `--pgdata=${data}`,
            `--username=${o.superuser}`,
            `--pwfile=${pwfile}`,
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        ]);
        rmSync(pwfile);
        const cert = this.serverFile("server.crt", o.certPem);
        const key = this.serverFile("server.key", o.keyPem);
        const settings = [
            "listen_addresses = '127.0.0.1'",
            `port = ${o.port}`,
            // No Unix socket: every client comes over TCP, as to RDS.
            "unix_socket_directories = ''",
            "ssl = on",
            `ssl_cert_file = '${cert}'`,
            `ssl_key_file = '${key}'`,
            // A throwaway server: durability buys nothing and costs seconds.
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "max_connections = 20",
        ];
        writeFileSync(
            join(data, "postgresql.conf"),
            `${readFileSync(join(data, "postgresql.conf"), "utf8")}\n# tests/data/localPostgres.ts\n${settings.join("\n")}\n`,
        );
        writeFileSync(join(data, "pg_hba.conf"), o.hba);
        this.running = true;
        this.server("pg_ctl", [
            `--pgdata=${data}`,
            `--log=${join(this.dir, "server.log")}`,
            "--wait",
            "--timeout=60",
            "start",
        ]);
    }

    /** psql (this PostgreSQL's) with exactly `env` over clientEnv, never a psqlrc; stdin from `input`. */
    psql(env: Record<string, string>, args: string[], input?: string): PsqlResult {
        const r = spawnSync(join(this.install.bindir, "psql"), ["--no-psqlrc", ...args], {
            env: this.clientEnv(env),
            input,
            encoding: "utf8",
            timeout: 60_000,
        });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    }

    /** Any command (the Job's `sh -c ...`) with exactly `env` over clientEnv. */
    run(command: string[], env: Record<string, string>): PsqlResult {
        const r = spawnSync(command[0], command.slice(1), {
            env: this.clientEnv(env),
            encoding: "utf8",
            timeout: 60_000,
        });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    }

    /** Stops the server (immediately: nothing to keep) and removes the directory. Safe to call after a failed start. */
    stop(): void {
        try {
            if (this.running)
                this.server("pg_ctl", [`--pgdata=${join(this.dir, "data")}`, "--mode=immediate", "--wait", "stop"]);
        } finally {
            this.running = false;
            rmSync(this.dir, { recursive: true, force: true });
        }
    }
}

/** The server binary's version line, e.g. "postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)". */
export const serverVersion = (install: PostgresInstall) =>
    execFileSync(join(install.bindir, "postgres"), ["--version"], { encoding: "utf8" }).trim();
