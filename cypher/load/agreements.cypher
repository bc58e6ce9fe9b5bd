// Load Agreement nodes. Each date is written as the text known (2022, 2022-05 or
// 2022-05-13) and as <date>By, the last day it may denote (see data/README.md).
UNWIND $rows AS row
CREATE (a:Agreement {
    id: row.id,
    shortName: row.shortName,
    name: row.name,
    type: row.type,
    announced: row.announced,
    announcedBy: row.announcedBy,
    negotiationsStarted: row.negotiationsStarted,
    negotiationsStartedBy: row.negotiationsStartedBy,
    signed: row.signed,
    signedBy: row.signedBy,
    inForce: row.inForce,
    inForceBy: row.inForceBy,
    terminated: row.terminated,
    terminatedBy: row.terminatedBy,
    sources: row.sources,
    notes: row.notes
})
