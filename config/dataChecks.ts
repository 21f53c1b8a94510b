/**
 * The data layer's cross-setting rules (config/parse.ts calls them once every setting parsed). Pure.
 */
import { deletionProtectionProblem, engineMajorProblem, maxStorageProblem } from "../lib/dataRules";
import { Env, PROJECT } from "../lib/naming";
import { Problem, problemIf, under } from "../lib/problems";

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

export function dataCrossChecks({ environment, data: { database: db } }: DataSettings): Problem[] {
    return under(`${PROJECT}:data.database`, [
        ...problemIf("deletionProtection", deletionProtectionProblem(environment, db.deletionProtection)),
        ...problemIf("maxAllocatedStorageGb", maxStorageProblem(db.allocatedStorageGb, db.maxAllocatedStorageGb)),
        ...problemIf("engineVersion", engineMajorProblem(db.engineVersion, db.allowOtherMajorVersion)),
    ]);
}
