/**
 * The data layer's cross-setting rules (config/parse.ts calls them once every setting parsed). Pure.
 */
import { deletionProtectionProblem, engineMajorProblem, maxStorageProblem } from "../lib/dataRules";
import { Env, PROJECT } from "../lib/naming";

const KEY = (path: string) => `${PROJECT}:data.database.${path}`;

interface DataSettings {
    environment: Env;
    data: {
        database: {
            deletionProtection: boolean;
            allocatedStorageGb: number;
            maxAllocatedStorageGb: number;
            engineVersion: string;
            allowOtherMajorVersion: boolean;
        };
    };
}

export function dataCrossChecks({ environment, data: { database: db } }: DataSettings): string[] {
    return [
        [KEY("deletionProtection"), deletionProtectionProblem(environment, db.deletionProtection)],
        [KEY("maxAllocatedStorageGb"), maxStorageProblem(db.allocatedStorageGb, db.maxAllocatedStorageGb)],
        [KEY("engineVersion"), engineMajorProblem(db.engineVersion, db.allowOtherMajorVersion)],
    ].flatMap(([k, p]) => (p ? [`${k}: ${p}`] : []));
}
